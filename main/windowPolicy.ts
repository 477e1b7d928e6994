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
  // Output-device selection (speaker / ringer) and desktop notifications for incoming calls.
  return permission === 'speaker-selection' || permission === 'notifications';
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
