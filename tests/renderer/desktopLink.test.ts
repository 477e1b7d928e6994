import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIO_DEVICES } from '../../shared/audioDevices.js';
import { createAppStores } from '../../renderer/src/app/stores.js';
import { linkDesktop } from '../../renderer/src/desktop/desktopLink.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { session, summary, syncStatus } from './fixtures.js';
import { FakeEngine, SIP_ACCOUNT } from './softphoneFakes.js';

async function linked() {
  const engine = new FakeEngine();
  const bridge = new FakeBridge({
    'session.current': () => session(),
    'customers.search': () => [summary()],
    'sync.status': () => syncStatus(),
    'softphone.account': () => SIP_ACCOUNT,
    'softphone.audioDevices': () => DEFAULT_AUDIO_DEVICES,
    'agent.figuresToday': () => ({ calls: 0, talkSeconds: 0, wrapUpSeconds: 0, averageHandleSeconds: 0 }) as never,
    'desktop.reportPhone': () => ({ ok: true as const }),
  });
  const stores = createAppStores(bridge, { createPhoneEngine: () => engine });
  const unlink = linkDesktop(bridge, stores);
  stores.session.getState().start();
  await flush();
  await stores.softphone.getState().start();
  engine.registration('registered');
  await flush();
  return { bridge, stores, engine, unlink };
}

describe('the page linked to the desktop host', () => {
  it('reports the phone once per change: logged in, registered, ready, on a call', async () => {
    const { bridge, stores, engine } = await linked();
    const reports = () => bridge.callsOf('desktop.reportPhone');
    expect(reports()[0]).toEqual({ loggedIn: false, agentState: 'offline', registered: false, callActive: false, ringing: false });
    expect(reports().at(-1)).toEqual({ loggedIn: true, agentState: 'not_ready', registered: true, callActive: false, ringing: false });
    await stores.softphone.getState().setAgentState('ready');
    const before = reports().length;
    stores.softphone.getState().setDialInput('1380'); // not a phone status change
    expect(reports()).toHaveLength(before);
    const id = engine.incoming('13800138000');
    expect(reports().at(-1)).toEqual({ loggedIn: true, agentState: 'ready', registered: true, callActive: true, ringing: true });
    engine.emit({ type: 'established', id });
    await flush();
    expect(reports().at(-1)).toMatchObject({ agentState: 'on_call', callActive: true, ringing: false });
  });

  it('runs the host commands: the headset button answers then hangs up; answer and hang up keys', async () => {
    const { bridge, stores, engine } = await linked();
    await stores.softphone.getState().setAgentState('ready');
    const id = engine.incoming('13800138000');
    bridge.emit('desktop.command', { kind: 'hangUp' }); // a ringing call: hang up turns it away
    await flush();
    expect(engine.log).toContain(`hangup ${id}`);
    engine.emit({ type: 'terminated', id, reason: null });
    const second = engine.incoming('13900001111');
    bridge.emit('desktop.command', { kind: 'answerOrHangUp' });
    await flush();
    expect(engine.log).toContain(`answer ${second}`);
    engine.emit({ type: 'established', id: second });
    bridge.emit('desktop.command', { kind: 'answer' }); // nothing rings: nothing to answer
    bridge.emit('desktop.command', { kind: 'answerOrHangUp' });
    await flush();
    expect(engine.log.filter((line) => line.startsWith('answer'))).toEqual([`answer ${second}`]);
    expect(engine.log).toContain(`hangup ${second}`);
  });

  it('away turns a ready agent not ready; reconnect registers again, except for an agent who went offline', async () => {
    const { bridge, stores, engine } = await linked();
    await stores.softphone.getState().setAgentState('ready');
    bridge.emit('desktop.command', { kind: 'away' });
    await flush();
    expect(stores.softphone.getState()).toMatchObject({ agentState: 'not_ready', notReadyReason: 'break' });
    engine.log.length = 0;
    bridge.emit('desktop.command', { kind: 'reconnect' });
    await flush();
    expect(engine.log).toEqual(['registered true']);

    await stores.softphone.getState().setAgentState('offline');
    engine.log.length = 0;
    bridge.emit('desktop.command', { kind: 'reconnect' });
    bridge.emit('desktop.command', { kind: 'away' });
    await flush();
    expect(engine.log).toEqual([]);
    expect(stores.softphone.getState().agentState).toBe('offline');
  });

  it('a tel: link puts the number in the dial box and looks the caller up; nothing is dialled yet', async () => {
    const { bridge, stores, engine } = await linked();
    bridge.emit('desktop.command', { kind: 'callLink', number: '13800138000', canonical: '+8613800138000' });
    await flush();
    expect(stores.softphone.getState().dialInput).toBe('13800138000');
    expect(bridge.callsOf('customers.search')).toEqual([{ query: '+8613800138000', limit: 50 }]);
    expect(engine.log.some((line) => line.startsWith('dial'))).toBe(false);
  });
});
