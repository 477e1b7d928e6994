/**
 * The Electron window's security decisions as plain functions (no Electron import), so they are
 * unit-tested: which origin is ours, which frames may call IPC, which permissions are granted,
 * where links may go.
 */
export const APP_SCHEME = 'workstation';
const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** WHATWG URL gives custom schemes an opaque origin, so compare scheme and host instead. */
function isAppUrl(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === 'app';
}

/** Only our own top-level page may call the workstation API. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!frameUrl || !isMainFrame) return false;
  try {
    return isAppUrl(new URL(frameUrl));
  } catch {
    return false;
  }
}

/** The softphone needs the microphone; nothing else (camera, geolocation, notifications via prompt…) is granted. */
export function isPermissionAllowed(permission: string, requestingUrl: string, mediaTypes: readonly string[] = []): boolean {
  if (!isTrustedSender(requestingUrl, true)) return false;
  if (permission === 'media') return mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio');
  // Output-device selection (speaker / ringer), desktop notifications for incoming calls, and
  // WebHID for the headset's buttons (which devices: isHidDeviceAllowed).
  return permission === 'speaker-selection' || permission === 'notifications' || permission === 'hid';
}

/** The HID Telephony usage page: a headset's hook switch, mute and flash buttons. */
const TELEPHONY_USAGE_PAGE = 0x0b;

/** A HID collection as Electron describes it (its typings leave the children's shape open). */
interface HidCollectionInfo {
  usagePage?: number;
  children?: readonly HidCollectionInfo[];
}

/** A HID device as the host describes it (Electron's HIDDevice), as far as the choice needs. */
export interface HidDeviceInfo {
  deviceId: string;
  collections?: readonly HidCollectionInfo[];
}

function hasTelephony(collections: readonly HidCollectionInfo[] | undefined): boolean {
  return (collections ?? []).some((collection) => collection.usagePage === TELEPHONY_USAGE_PAGE || hasTelephony(collection.children));
}

/**
 * WebHID device permission (Electron asks at requestDevice, getDevices and open): only our page,
 * only devices with telephony buttons (never a keyboard, a badge reader or a security key). The
 * page remembers which headset the agent paired and finds it among these at the next start.
 */
export function isHidDeviceAllowed(deviceType: string, origin: string, device: HidDeviceInfo): boolean {
  return deviceType === 'hid' && isTrustedSender(origin, true) && hasTelephony(device.collections);
}

/**
 * Electron has no device chooser of its own: pairing (the page's requestDevice, from a click in
 * the audio settings) takes the first headset of those the page's filter let through; none, or a
 * request from anything but our page: the request is cancelled.
 */
export function chooseHeadset(deviceList: readonly HidDeviceInfo[], requestingUrl: string | undefined): string | null {
  if (!isTrustedSender(requestingUrl, true)) return null;
  return deviceList.find((device) => hasTelephony(device.collections))?.deviceId ?? null;
}

/**
 * The app never navigates away from itself. A link opens in the user's browser only over https
 * to a host on the allow-list (headquarters' own sites, e.g. the backend's host for manuals):
 * anything else a page could be made to show (a customer's note, a crafted URL) is refused.
 */
export function linkDisposition(url: string, allowedHosts: readonly string[]): 'external' | 'deny' {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' && allowedHosts.includes(hostname) ? 'external' : 'deny';
  } catch {
    return 'deny';
  }
}

/** Maps a request on our scheme to a file under the renderer folder, refusing escapes. */
export function rendererFileFor(requestUrl: string, rendererDir: string, sep = '/'): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (!isAppUrl(url)) return null;
  const parts = decodeURIComponent(url.pathname).split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p.includes('\\'))) return null;
  return [rendererDir, ...(parts.length ? parts : ['index.html'])].join(sep);
}
