import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { NO_PHONE, type DesktopCommand, type PhoneStatus } from '../../../shared/desktopLink.js';
import { DesktopChannel } from './desktopChannel.js';
import { followPowerEvents, seatActionsFor } from './powerEvents.js';

const ready: PhoneStatus = { loggedIn: true, agentState: 'ready', registered: true, callActive: false, ringing: false };

/** A powerMonitor as Electron's: an EventEmitter; the seat: a real channel, sync counted. */
function seatWithPowerMonitor(phone: PhoneStatus) {
  const monitor = new EventEmitter();
  const commands: DesktopCommand[] = [];
  const desktop = new DesktopChannel((c) => commands.push(c));
  desktop.report(phone);
  const seat = { desktop, syncs: 0, syncNowIfActive: () => void (seat.syncs += 1) };
  const log: string[] = [];
  followPowerEvents(monitor, seat, (line) => log.push(line));
  return { monitor, commands, seat, log };
}

describe('power events → seat actions', () => {
  it('sleep: a ready agent goes not ready; waking: the phone registers again and the seat syncs now', () => {
    const { monitor, commands, seat, log } = seatWithPowerMonitor(ready);
    monitor.emit('suspend');
    expect(commands).toEqual([{ kind: 'away' }]);
    seat.desktop.report({ ...ready, agentState: 'not_ready', registered: false });
    monitor.emit('resume');
    expect(commands).toEqual([{ kind: 'away' }, { kind: 'reconnect' }]);
    expect(seat.syncs).toBe(1);
    expect(log).toEqual(['power: suspend → away', 'power: resume → reconnect, syncNow']);
  });

  it('locking the screen: away only when ready, never during a call or wrap-up, nor for an offline agent', () => {
    expect(seatActionsFor('lock-screen', ready)).toEqual([{ kind: 'command', command: { kind: 'away' } }]);
    expect(seatActionsFor('lock-screen', { ...ready, agentState: 'on_call', callActive: true, ringing: false })).toEqual([]);
    expect(seatActionsFor('lock-screen', { ...ready, agentState: 'wrap_up' })).toEqual([]);
    expect(seatActionsFor('suspend', { ...ready, agentState: 'offline', registered: false })).toEqual([]);
    expect(seatActionsFor('suspend', { ...ready, agentState: 'not_ready' })).toEqual([]);
  });

  it('unlocking re-registers a phone that dropped, and leaves the agent state to the agent', () => {
    expect(seatActionsFor('unlock-screen', ready)).toEqual([]);
    expect(seatActionsFor('unlock-screen', { ...ready, agentState: 'not_ready', registered: false })).toEqual([{ kind: 'command', command: { kind: 'reconnect' } }]);
    expect(seatActionsFor('unlock-screen', { ...ready, agentState: 'offline', registered: false })).toEqual([]);
  });

  it('nobody logged in: waking only syncs (nothing to sync without a session), no commands', () => {
    const { monitor, commands, seat } = seatWithPowerMonitor(NO_PHONE);
    monitor.emit('lock-screen');
    monitor.emit('suspend');
    monitor.emit('resume');
    expect(commands).toEqual([]);
    expect(seat.syncs).toBe(1);
  });
});
