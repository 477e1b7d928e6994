/**
 * The phone tells the truth (issue 15), unit level: the pure rules behind dead-link detection,
 * the media watch, the registration margin, honest caller ID, screening of malformed and stale
 * requests; and in the store: RONA, calls missed while unreachable, no pop for withheld numbers.
 * The same behaviour end to end: tests/e2e/softphoneTruth.e2e.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LinkHealth } from '../../renderer/src/softphone/linkHealth.js';
import { MediaRecovery } from '../../renderer/src/softphone/mediaRecovery.js';
import { inboundSample, MediaWatch } from '../../renderer/src/softphone/mediaWatch.js';
import { missedCallsReported } from '../../renderer/src/softphone/missedCalls.js';
import { callerIdentity } from '../../renderer/src/softphone/phoneEngine.js';
import { grantedExpires, registrationRefreshMs } from '../../renderer/src/softphone/registrationRefresh.js';
import { parseRequest, responseTo, screenRequest } from '../../renderer/src/softphone/sipMessages.js';
import { createSoftphoneStore } from '../../renderer/src/softphone/softphoneStore.js';
import { MISSED_NOTES } from '../../renderer/src/softphone/wrapUpActions.js';
import type { MethodInput } from '../../shared/workstationApi.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { card } from './fixtures.js';
import { FakeEngine, SIP_ACCOUNT } from './softphoneFakes.js';

const INVITE = (extra: string[] = [], body = '') =>
  [
    'INVITE sip:abc@x.invalid;transport=ws SIP/2.0',
    'Via: SIP/2.0/WSS 127.0.0.1:5066;branch=z9hG4bKone',
    'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKtwo;rport=5060',
    'From: "13800138000" <sip:13800138000@127.0.0.1>;tag=f1',
    'To: <sip:1001@127.0.0.1>',
    'Call-ID: call-1@127.0.0.1',
    'CSeq: 1 INVITE',
    'Max-Forwards: 69',
    ...extra,
    `Content-Length: ${body.length}`,
    '',
    body,
  ].join('\r\n');

describe('dead-link detection (linkHealth.ts)', () => {
  it('declares the link dead when a keep-alive waits longer than its answer time, never while answers come', () => {
    const link = new LinkHealth({ pingEveryMs: 1500, answerWithinMs: 2000 });
    link.reset(0);
    expect(link.pingDue(1499)).toBe(false);
    expect(link.pingDue(1500)).toBe(true);
    link.pinged(1500);
    link.heard();
    expect(link.isDead(10_000)).toBe(false);
    // the link dies just after that answer: the next ping at 3000 is never answered
    link.pinged(3000);
    link.pinged(4500); // a second one does not move the clock of the first
    expect(link.isDead(5000)).toBe(false);
    expect(link.isDead(5001)).toBe(true);
    // worst case from death (1500) to verdict: 3.5 s, under the 5 s promised
    expect(5001 - 1500).toBeLessThanOrEqual(5000);
  });
});

describe('registration margin (registrationRefresh.ts)', () => {
  it('refreshes at the earlier of 90 % or 30 s before expiry, at least 5 s before, never before half-way', () => {
    expect(registrationRefreshMs(300)).toBe(270_000);
    expect(registrationRefreshMs(3600)).toBe(3_240_000);
    expect(registrationRefreshMs(120)).toBe(90_000);
    expect(registrationRefreshMs(60)).toBe(30_000);
    expect(registrationRefreshMs(30)).toBe(15_000);
    expect(registrationRefreshMs(8)).toBe(4000);
    for (const granted of [10, 20, 30, 45, 60, 90, 300, 600]) {
      expect(granted * 1000 - registrationRefreshMs(granted)).toBeGreaterThanOrEqual(Math.min(5000, granted * 500));
    }
  });

  it('reads the expiry the registrar granted to our Contact, else the Expires header', () => {
    const ours = '<sip:k3j@abcd.invalid;transport=ws>;expires=30';
    const other = '<sip:zz@other.invalid;transport=ws>;expires=290';
    expect(grantedExpires([`${other}, ${ours}`], '600', 'abcd.invalid')).toBe(30);
    expect(grantedExpires([other], '45', 'abcd.invalid')).toBe(45);
    expect(grantedExpires([], undefined, 'abcd.invalid')).toBeNull();
  });
});

describe('media watch (mediaWatch.ts)', () => {
  const sample = (at: number, packetsReceived: number, packetsLost = 0) => ({ at, packetsReceived, packetsLost, jitterMs: 2, rttMs: 20 });

  it('says "no audio" after 1.5 s without a packet, restart due 2 s later, clear when packets return', () => {
    const watch = new MediaWatch();
    let n = 0;
    for (let t = 0; t <= 5000; t += 250) watch.add(sample(t, (n += 12)));
    expect(watch.noAudio(5000)).toBe(false);
    expect(watch.quality()!.mos).toBeGreaterThan(4);
    for (let t = 5250; t <= 6500; t += 250) watch.add(sample(t, n));
    expect(watch.noAudio(6499)).toBe(false);
    expect(watch.noAudio(6500)).toBe(true);
    expect(watch.restartDue(8499)).toBe(false);
    expect(watch.restartDue(8500)).toBe(true);
    watch.add(sample(8750, n + 12));
    expect(watch.noAudio(8750)).toBe(false);
  });

  it('never calls silence good: the quality covers the last 5 s only', () => {
    const watch = new MediaWatch();
    let n = 0;
    for (let t = 0; t <= 60_000; t += 250) watch.add(sample(t, (n += 13)));
    expect(watch.quality()!.mos).toBeGreaterThan(4.2);
    for (let t = 60_250; t <= 63_000; t += 250) watch.add(sample(t, n));
    const partly = watch.quality()!;
    expect(partly.lossPercent).toBeGreaterThan(40);
    expect(partly.mos).toBeLessThan(3.6);
    for (let t = 63_250; t <= 66_000; t += 250) watch.add(sample(t, n));
    expect(watch.quality()).toMatchObject({ mos: 1, packetsReceived: 0, lossPercent: 100 });
  });

  it('opens the quality window with the first packet: call setup is no loss, but a call that never gets audio is "no audio"', () => {
    const watch = new MediaWatch();
    watch.add(sample(0, 0));
    watch.add(sample(250, 0));
    let n = 0;
    for (let t = 500; t <= 3000; t += 250) watch.add(sample(t, (n += 13)));
    expect(watch.quality()!.mos).toBeGreaterThan(4.2);
    const silent = new MediaWatch();
    for (let t = 0; t <= 1500; t += 250) silent.add(sample(t, 0));
    expect(silent.noAudio(1500)).toBe(true);
    expect(silent.quality()).toBeNull();
  });

  it('expects silence on hold, and reads the counters of a stats report', () => {
    const watch = new MediaWatch();
    watch.add(sample(0, 10));
    watch.setHeld(true, 100);
    watch.add(sample(5000, 10));
    expect(watch.noAudio(5000)).toBe(false);
    expect(watch.quality()).toBeNull();
    watch.setHeld(false, 6000);
    expect(watch.noAudio(7000)).toBe(false);
    expect(watch.noAudio(7600)).toBe(true);
    const report = new Map<string, Record<string, unknown>>([
      ['a', { type: 'inbound-rtp', kind: 'audio', packetsReceived: 990, packetsLost: 10, jitter: 0.004 }],
      ['b', { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.02 }],
    ]);
    expect(inboundSample(report as unknown as RTCStatsReport, 5)).toEqual({ at: 5, packetsReceived: 990, packetsLost: 10, jitterMs: 4, rttMs: 20 });
    expect(inboundSample(new Map() as unknown as RTCStatsReport, 5)).toBeNull();
  });

  it('silence makes the media recovery restart ICE at once, though ICE still says connected', () => {
    const r = new MediaRecovery({ graceMs: 1500, baseMs: 2000, maxMs: 10_000 });
    r.iceChanged('connected', 0);
    r.silent(3500);
    expect(r.health).toBe('reconnecting');
    expect(r.next(3500, true)).toEqual({ do: 'restart' });
    r.restartStarted(3500);
    r.restartDone();
    r.iceChanged('connected', 3900); // the restart's ICE connects, but no audio yet
    expect(r.health).toBe('reconnecting');
    r.audioBack();
    expect(r.health).toBe('ok');
  });
});

describe('honest caller ID (callerIdentity)', () => {
  it('withheld, anonymous and unavailable numbers are said so; others are shown as received', () => {
    expect(callerIdentity('<sip:13800138000@h>', '<sip:13800138000@h>;tag=1', null)).toEqual({ number: '13800138000', presentation: 'number' });
    expect(callerIdentity(null, '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1', null)).toEqual({ number: '', presentation: 'withheld' });
    expect(callerIdentity('<sip:13800138000@h>', '<sip:anonymous@h>;tag=1', 'id')).toEqual({ number: '', presentation: 'withheld' });
    expect(callerIdentity('<sip:13800138000@h>', '<sip:13800138000@h>;tag=1', 'id')).toEqual({ number: '', presentation: 'withheld' });
    expect(callerIdentity(null, '<sip:unavailable@h>;tag=1', null)).toEqual({ number: '', presentation: 'unavailable' });
    expect(callerIdentity(null, '<sip:restricted@h>;tag=1', null)).toEqual({ number: '', presentation: 'withheld' });
    // invalid as a phone number, but what the network sent: shown as received
    expect(callerIdentity(null, '<sip:12@h>;tag=1', null)).toEqual({ number: '12', presentation: 'number' });
    expect(callerIdentity(null, '<sip:8888abc@h>;tag=1', 'none')).toEqual({ number: '8888abc', presentation: 'number' });
  });
});

describe('screening requests before SIP.js (sipMessages.ts)', () => {
  it('answers a request with a body but no Content-Type 400, copying Vias, From, Call-ID, CSeq and tagging To', () => {
    const raw = INVITE([], 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n');
    const verdict = screenRequest(raw, 0, 20_000);
    expect(verdict).toMatchObject({ verdict: 'refuse', why: 'malformed' });
    const response = verdict.verdict === 'refuse' ? verdict.response! : '';
    expect(response.startsWith('SIP/2.0 400 Missing Content-Type\r\n')).toBe(true);
    expect(response.match(/^Via: /gm)).toHaveLength(2);
    expect(response).toContain('Call-ID: call-1@127.0.0.1\r\n');
    expect(response).toContain('CSeq: 1 INVITE\r\n');
    expect(response).toMatch(/^To: <sip:1001@127\.0\.0\.1>;tag=\w+\r$/m);
    expect(response.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
    // with its Content-Type it passes
    expect(screenRequest(INVITE(['Content-Type: application/sdp'], 'v=0\r\n'), 0, 20_000)).toEqual({ verdict: 'pass' });
    expect(screenRequest(INVITE(['c: application/sdp'], 'v=0\r\n'), 0, 20_000)).toEqual({ verdict: 'pass' });
  });

  it('refuses an INVITE the proxy received longer ago than a caller waits (480), not a fresh one or a re-INVITE', () => {
    const stamped = (at: number) => INVITE([`X-AW-Received: ${(at / 1000).toFixed(6)}`]);
    expect(screenRequest(stamped(1000), 15_000, 20_000)).toEqual({ verdict: 'pass' });
    const late = screenRequest(stamped(1000), 26_000, 20_000);
    expect(late).toMatchObject({ verdict: 'refuse', why: 'stale', invite: { receivedAt: 1000, identity: '"13800138000" <sip:13800138000@127.0.0.1>;tag=f1' } });
    expect(late.verdict === 'refuse' && late.response?.startsWith('SIP/2.0 480 ')).toBe(true);
    const reinvite = stamped(1000).replace('To: <sip:1001@127.0.0.1>', 'To: <sip:1001@127.0.0.1>;tag=t9');
    expect(screenRequest(reinvite, 26_000, 20_000)).toEqual({ verdict: 'pass' });
    expect(parseRequest('SIP/2.0 200 OK\r\n\r\n')).toBeNull();
    expect(responseTo('garbage', 400, 'Bad Request')).toBeNull();
  });

  it('reads the calls the proxy could not deliver from the 200 to REGISTER', () => {
    expect(
      missedCallsReported(['<sip:13800138000@127.0.0.1>;at=1765080000.123456;code=408;cid=1-2@h, <sip:anonymous@127.0.0.1>;at=1765080001;code=480;privacy=id;cid=x']),
    ).toEqual([
      { identity: '<sip:13800138000@127.0.0.1>', privacy: null, at: 1765080000123, code: 408, callId: '1-2@h' },
      { identity: '<sip:anonymous@127.0.0.1>', privacy: 'id', at: 1765080001000, code: 480, callId: 'x' },
    ]);
    expect(missedCallsReported(['junk'])).toEqual([]);
  });
});

describe('softphone store: RONA and calls missed unrung', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(ringNoAnswerMs: number) {
    const engine = new FakeEngine();
    const bridge = new FakeBridge();
    const pops: unknown[] = [];
    bridge
      .handle('softphone.account', () => SIP_ACCOUNT)
      .handle('customers.screenPop', ({ phone }) => (phone === '13800138000' ? { phone: '+8613800138000', card: card() } : { phone: null, card: null }))
      .handle('interactions.record', (input) => ({ ...(input as MethodInput<'interactions.record'>), id: crypto.randomUUID() }) as never);
    const store = createSoftphoneStore(bridge, { createEngine: () => engine, onScreenPop: (p) => pops.push(p), qualityIntervalMs: 0, ringNoAnswerMs });
    return { engine, bridge, store, pops };
  }

  it('a call ringing out unanswered is given back (480), recorded as missed, and the agent set not ready: missed call', async () => {
    vi.useFakeTimers();
    const { engine, bridge, store } = setup(15_000);
    await store.getState().start();
    engine.registration('registered');
    await store.getState().setAgentState('ready');
    const id = engine.incoming('13800138000');
    await vi.advanceTimersByTimeAsync(14_000);
    expect(engine.log).not.toContain(`reject ${id} 480`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(engine.log).toContain(`reject ${id} 480`);
    engine.emit({ type: 'terminated', id, reason: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ call: null, wrapUp: null, agentState: 'not_ready', notReadyReason: 'missed_call' });
    const [saved] = bridge.callsOf('interactions.record') as Recorded[];
    expect(saved).toMatchObject({ disposition: 'missed', remoteNumber: '+8613800138000', ringSeconds: 15, notes: MISSED_NOTES.rona });
    // not ready: the next call is turned away, not rung
    const next = engine.incoming('13800138000');
    expect(engine.log).toContain(`reject ${next} 486`);
  });

  it('an answered call is no RONA', async () => {
    vi.useFakeTimers();
    const { engine, store } = setup(15_000);
    await store.getState().start();
    engine.registration('registered');
    await store.getState().setAgentState('ready');
    const id = engine.incoming('13800138000');
    await vi.advanceTimersByTimeAsync(5000);
    engine.emit({ type: 'established', id });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(engine.log.filter((l) => l.startsWith('reject'))).toEqual([]);
    expect(store.getState().agentState).toBe('on_call');
  });

  it('records a call missed while unreachable on its caller, quietly, with the reason; a withheld one has nobody to record on', async () => {
    const { engine, bridge, store, pops } = setup(0);
    await store.getState().start();
    engine.registration('registered');
    const at = Date.parse('2026-12-07T05:00:00Z');
    engine.emit({ type: 'missed', call: { id: 'm1', direction: 'inbound', remoteNumber: '13800138000', remoteName: null, presentation: 'number' }, at, reason: 'unreachable' });
    engine.emit({ type: 'missed', call: { id: 'm2', direction: 'inbound', remoteNumber: '', remoteName: null, presentation: 'withheld' }, at, reason: 'late' });
    await flush();
    await flush();
    expect(pops).toEqual([]);
    expect(store.getState().call).toBeNull();
    expect(bridge.callsOf('interactions.record')).toEqual([
      expect.objectContaining({ disposition: 'missed', remoteNumber: '+8613800138000', startedAt: new Date(at).toISOString(), notes: MISSED_NOTES.unreachable }),
    ]);
  });
});

type Recorded = MethodInput<'interactions.record'>;
