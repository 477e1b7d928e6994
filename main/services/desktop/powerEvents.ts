import type { DesktopCommand, PhoneStatus } from '../../../shared/desktopLink.js';

/** Electron's powerMonitor events the seat acts on. */
const POWER_EVENTS = ['suspend', 'resume', 'lock-screen', 'unlock-screen'] as const;
type PowerEvent = (typeof POWER_EVENTS)[number];

type SeatAction = { kind: 'command'; command: DesktopCommand } | { kind: 'syncNow' };

/**
 * What the seat does when the PC sleeps, wakes, locks or unlocks. A ready agent whose PC sleeps
 * or locks is away: made not ready, so the queue does not ring an empty desk (a call or wrap-up
 * in progress is left alone: the agent is on the headset). On waking the SIP registration and
 * the sync link have likely dropped: the phone registers again and the seat syncs at once, but
 * the agent chooses to be ready again. Unlocking re-registers only a phone that is not registered.
 */
export function seatActionsFor(event: PowerEvent, phone: PhoneStatus): SeatAction[] {
  if (!phone.loggedIn) return event === 'resume' ? [{ kind: 'syncNow' }] : [];
  switch (event) {
    case 'suspend':
    case 'lock-screen':
      return phone.agentState === 'ready' ? [{ kind: 'command', command: { kind: 'away' } }] : [];
    case 'resume':
      return [{ kind: 'command', command: { kind: 'reconnect' } }, { kind: 'syncNow' }];
    case 'unlock-screen':
      return phone.agentState !== 'offline' && !phone.registered ? [{ kind: 'command', command: { kind: 'reconnect' } }] : [];
  }
}

/** What power events act on: the page's phone (through the desktop channel) and the seat's sync. */
export interface PowerEventSeat {
  desktop: { readonly phone: PhoneStatus; send(command: DesktopCommand): void };
  syncNowIfActive(): void;
}

/** Follows a powerMonitor (Electron's, or a fake EventEmitter in tests) for the seat. */
export function followPowerEvents(monitor: { on(event: PowerEvent, listener: () => void): unknown }, seat: PowerEventSeat, log: (line: string) => void = () => {}): void {
  for (const event of POWER_EVENTS) {
    monitor.on(event, () => {
      const actions = seatActionsFor(event, seat.desktop.phone);
      log(`power: ${event} → ${actions.map((a) => (a.kind === 'command' ? a.command.kind : a.kind)).join(', ') || 'nothing'}`);
      for (const action of actions) {
        if (action.kind === 'command') seat.desktop.send(action.command);
        else seat.syncNowIfActive();
      }
    });
  }
}
