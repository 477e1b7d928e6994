import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, chooseHeadset, isHidDeviceAllowed, isPermissionAllowed, isTrustedSender, linkDisposition, rendererFileFor } from './windowPolicy.js';

describe('Electron window policy', () => {
  it('trusts only our own main frame', () => {
    expect(isTrustedSender(APP_ENTRY_URL, true)).toBe(true);
    expect(isTrustedSender(APP_ENTRY_URL, false)).toBe(false);
    expect(isTrustedSender('https://evil.example/index.html', true)).toBe(false);
    expect(isTrustedSender('workstation://other/index.html', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });
  it('grants the microphone only, and only to our origin', () => {
    expect(isPermissionAllowed('media', APP_ENTRY_URL, ['audio'])).toBe(true);
    expect(isPermissionAllowed('media', APP_ENTRY_URL, ['audio', 'video'])).toBe(false);
    expect(isPermissionAllowed('media', APP_ENTRY_URL, [])).toBe(false);
    expect(isPermissionAllowed('media', 'https://evil.example/', ['audio'])).toBe(false);
    expect(isPermissionAllowed('geolocation', APP_ENTRY_URL)).toBe(false);
  });
  it('WebHID for our page, for headsets only: pairing takes the first device with telephony buttons', () => {
    const headset = { deviceId: 'jabra', collections: [{ usagePage: 0x0b, children: [{ usagePage: 0x08 }] }] };
    const nested = { deviceId: 'poly', collections: [{ usagePage: 0xff00, children: [{ usagePage: 0x0b }] }] };
    const keyboard = { deviceId: 'keyboard', collections: [{ usagePage: 0x01 }] };
    const fido = { deviceId: 'security-key', collections: [{ usagePage: 0xf1d0 }] };
    expect(isPermissionAllowed('hid', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionAllowed('hid', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('usb', APP_ENTRY_URL)).toBe(false);
    expect(isPermissionAllowed('serial', APP_ENTRY_URL)).toBe(false);
    expect(isHidDeviceAllowed('hid', 'workstation://app', headset)).toBe(true);
    expect(isHidDeviceAllowed('hid', 'workstation://app', nested)).toBe(true);
    expect(isHidDeviceAllowed('hid', 'workstation://app', keyboard)).toBe(false);
    expect(isHidDeviceAllowed('hid', 'workstation://app', fido)).toBe(false);
    expect(isHidDeviceAllowed('hid', 'https://evil.example', headset)).toBe(false);
    expect(isHidDeviceAllowed('usb', 'workstation://app', headset)).toBe(false);
    expect(chooseHeadset([keyboard, fido, nested, headset], APP_ENTRY_URL)).toBe('poly');
    expect(chooseHeadset([keyboard, fido], APP_ENTRY_URL)).toBeNull();
    expect(chooseHeadset([headset], 'https://evil.example/')).toBeNull();
    expect(chooseHeadset([headset], undefined)).toBeNull();
  });
  it('sends web links out and denies everything else', () => {
    const allowed = ['hq.example'];
    expect(linkDisposition('https://hq.example/manual', allowed)).toBe('external');
    expect(linkDisposition('https://evil.example/manual', allowed)).toBe('deny');
    expect(linkDisposition('http://hq.example/manual', allowed)).toBe('deny');
    expect(linkDisposition('https://hq.example.evil.example/', allowed)).toBe('deny');
    expect(linkDisposition('file:///etc/passwd', allowed)).toBe('deny');
    expect(linkDisposition('javascript:alert(1)', allowed)).toBe('deny');
  });
  it('maps app URLs to renderer files and refuses escapes', () => {
    expect(rendererFileFor('workstation://app/', '/r')).toBe('/r/index.html');
    expect(rendererFileFor('workstation://app/assets/main.js', '/r')).toBe('/r/assets/main.js');
    // URL parsing resolves dot segments before we see them: the path stays inside the folder.
    expect(rendererFileFor('workstation://app/%2e%2e/%2e%2e/secret', '/r')).toBe('/r/secret');
    expect(rendererFileFor('workstation://app/..%5Csecret', '/r')).toBeNull();
    expect(rendererFileFor('https://app/index.html', '/r')).toBeNull();
  });
});
