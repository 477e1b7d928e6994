import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import { cleanDialString, userPartOf } from '../../renderer/src/softphone/phoneEngine.js';
import { dialStringFor } from '../../renderer/src/softphone/dialString.js';
import { createSoftphoneStore, type SoftphoneOptions } from '../../renderer/src/softphone/softphoneStore.js';
import { formatDuration } from '../../renderer/src/softphone/callDisplay.js';
import { estimateMos } from '../../renderer/src/softphone/callQuality.js';
import { WorkstationError, type MethodInput } from '../../shared/workstationApi.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { card, CUSTOMER_ID, session } from './fixtures.js';
import { FakeEngine, SIP_ACCOUNT } from './softphoneFakes.js';

type Recorded = MethodInput<'interactions.record'>;

function setup(over: Partial<SoftphoneOptions> = {}, bridge = new FakeBridge()) {
  const engine = new FakeEngine();
  let t = Date.parse('2026-11-23T06:00:00.000Z');
  const clock = { advance: (ms: number) => (t += ms) };
  const pops: unknown[] = [];
  bridge
    .handle('softphone.account', () => SIP_ACCOUNT)
    .handle('customers.screenPop', ({ phone }) => (phone === '13800138000' ? { phone: '+8613800138000', card: card() } : { phone: null, card: null }))
    .handle('interactions.record', (input) => ({ ...(input as Recorded), id: crypto.randomUUID(), version: 0, deleted: false, branchId: crypto.randomUUID(), agentId: crypto.randomUUID() }) as never);
  const store = createSoftphoneStore(bridge, { createEngine: () => engine, onScreenPop: (p) => pops.push(p), now: () => t, qualityIntervalMs: 0, ...over });
  return { store, engine, bridge, clock, pops };
}

async function started(over: Partial<SoftphoneOptions> = {}, bridge?: FakeBridge) {
  const s = setup(over, bridge);
  await s.store.getState().start();
  s.engine.registration('registered');
  await s.store.getState().setAgentState('ready');
  return s;
}

describe('softphone store', () => {
  it('starts with the seat account, not ready, and follows the registration state', async () => {
    const { store, engine } = setup();
    await store.getState().start();
    expect(engine.started).toEqual(SIP_ACCOUNT);
    expect(store.getState()).toMatchObject({ setup: 'started', user: '1001', agentState: 'not_ready' });
    engine.registration('registering', { reason: 'transport' });
    expect(store.getState().registration).toMatchObject({ state: 'registering', reason: 'transport' });
    engine.registration('registered');
    expect(store.getState().registration.state).toBe('registered');
  });

  it('without an account there is no phone', async () => {
    const bridge = new FakeBridge();
    const { store } = setup({}, bridge);
    bridge.handle('softphone.account', () => null);
    await store.getState().start();
    expect(store.getState().setup).toBe('none');
  });

  it('turns calls away with 486 unless ready (not ready, offline, during wrap-up, on a call)', async () => {
    const { store, engine } = await started();
    await store.getState().setAgentState('not_ready', 'meal');
    expect(store.getState()).toMatchObject({ agentState: 'not_ready', notReadyReason: 'meal' });
    const a = engine.incoming('13800138000');
    expect(engine.log).toContain(`reject ${a} 486`);
    expect(store.getState().call).toBeNull();

    await store.getState().setAgentState('ready');
    const b = engine.incoming('13800138000');
    expect(store.getState().call?.id).toBe(b);
    const c = engine.incoming('13900001111'); // a second call while one rings
    expect(engine.log).toContain(`reject ${c} 486`);

    await store.getState().setAgentState('offline');
    expect(engine.log).toContain('registered false');
  });

  it('screen-pops the caller while it rings, then answer → on_call → hang up → wrap-up → record', async () => {
    const { store, engine, bridge, clock, pops } = await started();
    const id = engine.incoming('13800138000', 'Zhang');
    expect(engine.log).toContain(`ring ${id}`);
    expect(store.getState().call).toMatchObject({ phase: 'ringing', remoteNumber: '13800138000', canonical: '+8613800138000', popping: true });
    await flush();
    expect(bridge.callsOf('customers.screenPop')).toEqual([{ phone: '13800138000' }]);
    expect(pops).toEqual([{ number: '13800138000', canonical: '+8613800138000', card: card() }]);
    expect(store.getState().call).toMatchObject({ customerId: CUSTOMER_ID, customerName: card().customer.name, popping: false });

    clock.advance(3000);
    await store.getState().answer();
    expect(engine.log).toContain(`answer ${id}`);
    engine.emit({ type: 'established', id });
    expect(store.getState()).toMatchObject({ agentState: 'on_call', call: { phase: 'established' } });

    engine.nextQuality = { mos: 4.4, lossPercent: 0, jitterMs: 1, rttMs: 5, packetsReceived: 100 };
    await store.getState().refreshQuality();
    expect(store.getState().call?.quality?.mos).toBe(4.4);
    await store.getState().sendDtmf('1');
    await store.getState().sendDtmf('#');
    store.getState().toggleMute();
    await store.getState().toggleHold();
    expect(store.getState().call).toMatchObject({ dtmf: '1#', muted: true, held: true });
    expect(engine.log).toEqual(expect.arrayContaining([`dtmf ${id} 1`, `dtmf ${id} #`, `mute ${id} true`, `hold ${id} true`]));

    clock.advance(61_400);
    await store.getState().hangup();
    engine.emit({ type: 'terminated', id, reason: null });
    expect(store.getState()).toMatchObject({ agentState: 'wrap_up', call: null, wrapUp: { disposition: '' } });
    // A call during wrap-up is turned away.
    const other = engine.incoming('13900001111');
    expect(engine.log).toContain(`reject ${other} 486`);

    expect(await store.getState().submitWrapUp()).toBe(false); // no disposition yet
    expect(store.getState().wrapUp?.error?.message).toMatch(/disposition/);
    store.getState().setDisposition('resolved');
    store.getState().setNotes('  warranty question answered ');
    clock.advance(12_000);
    expect(await store.getState().submitWrapUp()).toBe(true);
    expect(bridge.callsOf('interactions.record')).toEqual([
      {
        customerId: CUSTOMER_ID,
        direction: 'inbound',
        remoteNumber: '+8613800138000',
        startedAt: '2026-11-23T06:00:00.000Z',
        ringSeconds: 3,
        talkSeconds: 61,
        wrapUpSeconds: 12,
        disposition: 'resolved',
        notes: 'warranty question answered',
      },
    ]);
    expect(store.getState()).toMatchObject({ agentState: 'ready', wrapUp: null });
  });

  it('keeps the wrap-up with a clear error when the call cannot be recorded', async () => {
    const { store, engine, bridge } = await started();
    bridge.handle('interactions.record', () => {
      throw new WorkstationError('internal', 'fake bridge: no handler for interactions.record');
    });
    const id = engine.incoming('13800138000');
    engine.emit({ type: 'established', id });
    engine.emit({ type: 'terminated', id, reason: null });
    store.getState().setDisposition('other');
    expect(await store.getState().submitWrapUp()).toBe(false);
    expect(store.getState()).toMatchObject({ agentState: 'wrap_up', wrapUp: { pending: false, error: { code: 'internal' } } });
  });

  it('shows the media path reconnecting (ICE restarts) and back, on the call only', async () => {
    const { store, engine } = await started();
    const id = engine.incoming('13800138000');
    engine.emit({ type: 'established', id });
    expect(store.getState().call).toMatchObject({ media: 'ok', iceRestarts: 0 });
    engine.emit({ type: 'media', id, health: 'reconnecting', iceRestarts: 1 });
    expect(store.getState().call).toMatchObject({ phase: 'established', media: 'reconnecting', iceRestarts: 1 });
    engine.emit({ type: 'media', id: 'another-call', health: 'reconnecting', iceRestarts: 5 });
    expect(store.getState().call).toMatchObject({ media: 'reconnecting', iceRestarts: 1 });
    engine.emit({ type: 'media', id, health: 'ok', iceRestarts: 1 });
    expect(store.getState()).toMatchObject({ agentState: 'on_call', call: { media: 'ok', iceRestarts: 1 } });
  });

  it('a call missed or rejected before answering needs no wrap-up', async () => {
    const { store, engine } = await started();
    const id = engine.incoming('13800138000');
    store.getState().reject();
    expect(engine.log).toContain(`reject ${id} 486`);
    engine.emit({ type: 'terminated', id, reason: null });
    expect(store.getState()).toMatchObject({ agentState: 'ready', call: null, wrapUp: null });
  });

  it('an unknown or withheld number pops with no card', async () => {
    const { store, engine, pops, bridge } = await started();
    engine.incoming('17099887766');
    await flush();
    expect(pops).toEqual([{ number: '17099887766', canonical: null, card: null }]);
    expect(store.getState().call?.customerId).toBeNull();
    engine.emit({ type: 'terminated', id: store.getState().call!.id, reason: null });
    engine.incoming('', null, 'withheld');
    await flush();
    expect(bridge.callsOf('customers.screenPop')).toHaveLength(1); // nothing to look up for a withheld number
    expect(pops).toHaveLength(1); // and no new-customer form to prefill
    expect(store.getState().call).toMatchObject({ phase: 'ringing', presentation: 'withheld', popping: false, remoteNumber: '' });
  });

  it('dials from the dial box and from a card; an unanswered outbound call still gets a wrap-up', async () => {
    const { store, engine } = await started({ currentCustomerId: () => null });
    store.getState().setDialInput('138-0013-8000');
    store.getState().dial();
    expect(engine.log).toContain('dial 13800138000');
    const call = store.getState().call!;
    expect(store.getState()).toMatchObject({ agentState: 'on_call', dialInput: '', call: { phase: 'dialing', direction: 'outbound', canonical: '+8613800138000' } });
    store.getState().dial('13900001111'); // one call at a time
    expect(engine.log.filter((l) => l.startsWith('dial'))).toHaveLength(1);
    engine.emit({ type: 'terminated', id: call.id, reason: null });
    expect(store.getState().agentState).toBe('wrap_up');
    store.getState().setDisposition('no_answer');
    await store.getState().submitWrapUp();

    store.getState().dial(dialStringFor('+861062345678'), CUSTOMER_ID);
    expect(engine.log).toContain('dial 01062345678');
    expect(store.getState().call?.customerId).toBe(CUSTOMER_ID);
  });

  it('shows a failed action and stops cleanly at logout', async () => {
    const { store, engine } = await started();
    const id = engine.incoming('13800138000');
    engine.failNext = new Error('getUserMedia refused');
    await store.getState().answer();
    expect(store.getState().error?.message).toBe('getUserMedia refused');
    expect(store.getState().call?.id).toBe(id);
    await store.getState().stop();
    expect(engine.stopped).toBe(true);
    expect(store.getState()).toMatchObject({ setup: 'idle', call: null, agentState: 'offline' });
  });
});

describe('softphone in the app', () => {
  function app() {
    const engine = new FakeEngine();
    const bridge = new FakeBridge()
      .handle('session.current', () => null)
      .handle('session.login', () => session())
      .handle('softphone.account', () => SIP_ACCOUNT)
      .handle('customers.card', ({ customerId }) => card(customerId))
      .handle('customers.screenPop', ({ phone }) => (phone === '13800138000' ? { phone: '+8613800138000', card: card() } : { phone: '+8617099887766', card: null }));
    const stores = createAppStores(bridge, { createPhoneEngine: () => engine });
    return { engine, bridge, stores };
  }

  it('starts the phone at login, opens the caller card before answering, stops at logout', async () => {
    const { engine, bridge, stores } = app();
    stores.session.getState().start();
    await stores.session.getState().login('bj.agent1', 'demo1234');
    await flush();
    expect(engine.started?.user).toBe('1001');
    engine.registration('registered');
    await stores.softphone.getState().setAgentState('ready');

    engine.incoming('13800138000');
    await flush();
    await flush();
    expect(stores.card.getState()).toMatchObject({ phase: 'loaded', customerId: CUSTOMER_ID });
    // The card the screen pop brought is shown as it came, not read again.
    expect(bridge.callsOf('customers.card')).toHaveLength(0);
    expect(stores.softphone.getState().call?.phase).toBe('ringing');

    stores.softphone.getState().reject();
    engine.emit({ type: 'terminated', id: stores.softphone.getState().call!.id, reason: null });
    engine.incoming('17099887766');
    await flush();
    expect(stores.newCustomer.getState()).toMatchObject({ open: true, draft: { phone: '+86 170 9988 7766' } });

    bridge.handle('session.logout', () => ({ ok: true as const }));
    await stores.session.getState().logout();
    await flush();
    expect(engine.stopped).toBe(true);
  });
});

describe('softphone helpers', () => {
  it('reads the caller number from P-Asserted-Identity / From values', () => {
    expect(userPartOf('<sip:+8613800138000@127.0.0.1>')).toBe('+8613800138000');
    expect(userPartOf('"Zhang" <sip:13800138000@host;user=phone>')).toBe('13800138000');
    expect(userPartOf('<tel:+86-10-6234-5678>')).toBe('+861062345678');
    expect(userPartOf('sip:%2B8613800138000@h')).toBe('+8613800138000');
    expect(userPartOf(undefined)).toBeNull();
    expect(userPartOf('garbage')).toBeNull();
  });

  it('cleans dial strings and dials Chinese numbers in national form', () => {
    expect(cleanDialString(' +86 138-0013 8000 ')).toBe('+8613800138000');
    expect(cleanDialString('1001#')).toBe('1001#');
    expect(dialStringFor('+8613800138000')).toBe('13800138000');
    expect(dialStringFor('+861062345678')).toBe('01062345678');
    expect(dialStringFor('+12025550123')).toBe('+12025550123');
  });

  it('estimates MOS from loss, jitter and round trip (E-model)', () => {
    expect(estimateMos(10, 1, 0)).toBeGreaterThan(4.3);
    expect(estimateMos(300, 30, 0)).toBeLessThan(estimateMos(20, 2, 0));
    expect(estimateMos(50, 5, 10)).toBeLessThan(3.6);
    expect(estimateMos(50, 5, 5)).toBeLessThan(estimateMos(50, 5, 0));
    expect(estimateMos(2000, 200, 50)).toBe(1);
  });

  it('formats call durations', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(61_999)).toBe('01:01');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});
