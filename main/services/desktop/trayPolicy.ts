import type { PhoneStatus } from '../../../shared/desktopLink.js';
import type { UpdateState } from './appUpdates.js';
import type { ShellTexts } from './shellTexts.js';

/** What the tray shows: the agent's state at a glance, as the desk phone's lamp did. */
export type TrayState = 'logged_out' | 'ready' | 'not_ready' | 'on_call' | 'wrap_up' | 'offline';

export function trayState(phone: PhoneStatus): TrayState {
  if (!phone.loggedIn) return 'logged_out';
  return phone.agentState;
}

/**
 * The tray's tooltip, e.g. "Agent Workstation: Ready", "…: Ready (phone not registered)" or
 * "…: Not ready (headquarters offline: working from the cache)".
 */
export function trayTooltip(phone: PhoneStatus, t: ShellTexts, headquartersOnline = true): string {
  const state = trayState(phone);
  const label = stateLabel(state, t);
  const notes = [
    ...(phone.loggedIn && phone.agentState !== 'offline' && !phone.registered ? [t.phoneDown] : []),
    ...(phone.loggedIn && !headquartersOnline ? [t.headquartersOffline] : []),
  ];
  return `${t.appName}: ${label}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

function stateLabel(state: TrayState, t: ShellTexts): string {
  switch (state) {
    case 'logged_out':
      return t.loggedOut;
    case 'ready':
      return t.ready;
    case 'not_ready':
      return t.notReady;
    case 'on_call':
      return t.onCall;
    case 'wrap_up':
      return t.wrapUp;
    case 'offline':
      return t.offline;
  }
}

/** The tray menu as data (the Electron edge turns it into a Menu): state, show, diagnostics, quit. */
export type TrayAction = 'show' | 'exportDiagnostics' | 'quit' | 'restartToUpdate';
export type TrayMenuItem = { label: string; action: TrayAction } | { label: string; action: null } | { separator: true };

export function trayMenuItems(phone: PhoneStatus, t: ShellTexts, notes: readonly string[] = [], headquartersOnline = true, updateItems: readonly TrayMenuItem[] = []): TrayMenuItem[] {
  return [
    { label: trayTooltip(phone, t, headquartersOnline), action: null },
    ...notes.map((label) => ({ label, action: null })),
    { separator: true },
    ...(updateItems.length ? [...updateItems, { separator: true } as const] : []),
    { label: t.show, action: 'show' },
    { label: t.exportDiagnostics, action: 'exportDiagnostics' },
    { separator: true },
    { label: t.quit, action: 'quit' },
  ];
}

/**
 * Closing the window while an agent is logged in hides it to the tray: the phone (in the page)
 * keeps ringing, as a desk phone does when the screen is off. Logged out, or quitting, it closes.
 */
export function windowCloseAction(phone: PhoneStatus, quitting: boolean): 'hide' | 'close' {
  return phone.loggedIn && !quitting ? 'hide' : 'close';
}

/**
 * An incoming call and the window: it starts ringing → the window comes forward (without taking
 * the keyboard from what the agent is typing in) and flashes in the taskbar; it stops ringing
 * (answered, gone, turned away) → the flashing stops.
 */
export function ringAlert(before: PhoneStatus, now: PhoneStatus): 'start' | 'stop' | null {
  if (now.ringing && !before.ringing) return 'start';
  if (!now.ringing && before.ringing) return 'stop';
  return null;
}

/** The question before quitting, or null when nothing is lost: a call up, changes not yet synced. */
export function quitQuestion(phone: PhoneStatus, unsyncedChanges: number, t: ShellTexts): { title: string; detail: string; buttons: [string, string] } | null {
  const reasons: string[] = [];
  if (phone.callActive) reasons.push(t.quitCall);
  if (unsyncedChanges > 0) reasons.push(t.quitUnsynced(unsyncedChanges));
  if (reasons.length === 0) return null;
  return { title: t.quitTitle, detail: reasons.join('\n'), buttons: [t.quitConfirm, t.quitCancel] };
}

/**
 * The update's lines in the tray menu: where it stands (version, download progress), and
 * "restart to update" once it is downloaded, offered only at a quiet moment (no call, no wrap-up,
 * nothing unsynced); otherwise shown greyed with the reason. Nothing in a development run.
 */
export function updateMenuItems(state: UpdateState, canInstallNow: boolean, appVersion: string, t: ShellTexts): TrayMenuItem[] {
  switch (state.kind) {
    case 'off':
      return state.reason === 'turned_off' ? [{ label: t.updatesOff, action: null }] : [];
    case 'current':
      return [{ label: t.updateCurrent(appVersion), action: null }];
    case 'checking':
      return [{ label: t.updateChecking, action: null }];
    case 'found':
      return [{ label: t.updateFound(state.version), action: null }];
    case 'downloading':
      return [{ label: t.updateDownloading(state.version, state.percent), action: null }];
    case 'ready':
      return [{ label: t.updateReady(state.version), action: null }, canInstallNow ? { label: t.restartToUpdate, action: 'restartToUpdate' } : { label: t.restartToUpdateLater, action: null }];
    case 'failed':
      return [{ label: t.updateFailed, action: null }];
  }
}
