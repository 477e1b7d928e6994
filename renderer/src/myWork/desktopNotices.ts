/**
 * Desktop notifications through the web Notification API (the Electron window grants the
 * `notifications` permission: main/windowPolicy.ts; a browser seat asks its agent). Never asked
 * unprompted: My work offers a button while the agent has not decided, and a notification is shown
 * only once permitted. Where the API is missing or refuses, nothing happens: the in-app badge stays.
 */
type NotificationApi = {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): unknown;
};

function api(): NotificationApi | null {
  const found = (globalThis as { Notification?: NotificationApi }).Notification;
  return typeof found === 'function' ? found : null;
}

/** The agent has not yet allowed or blocked desktop notifications here (My work then offers to turn them on). */
export function desktopNoticesUndecided(): boolean {
  try {
    return api()?.permission === 'default';
  } catch {
    return false;
  }
}

/** Asks for the permission (from the agent's click); whatever the answer, nothing breaks. */
export async function askDesktopNoticesPermission(): Promise<void> {
  try {
    await api()?.requestPermission();
  } catch {
    // A browser that refuses to ask: the in-app badge does the job.
  }
}

/** Shows a desktop notification if permitted; `tag` replaces an earlier one of the same kind. */
export function showDesktopNotice(title: string, body: string, tag: string): void {
  try {
    const Notification = api();
    if (Notification?.permission === 'granted') new Notification(title, { body, tag });
  } catch {
    // Not shown (no notification service on this PC): the badge in the header remains.
  }
}
