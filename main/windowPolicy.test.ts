import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isPermissionAllowed, isTrustedSender, linkDisposition, rendererFileFor } from './windowPolicy.js';

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
