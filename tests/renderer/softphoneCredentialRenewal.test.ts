import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { credentialRenewalMs } from '../../renderer/src/softphone/credentialRenewal.js';
import { createSoftphoneStore } from '../../renderer/src/softphone/softphoneStore.js';
import type { SipAccount } from '../../shared/seatConfig.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { FakeBridge } from './fakeBridge.js';
import { FakeEngine, SIP_ACCOUNT } from './softphoneFakes.js';

const MINUTE = 60_000;
const START = Date.parse('2026-12-07T08:00:00.000Z');

/** The agent's short-lived credential as the seat hands it on (agentSipAccount.ts), expiring `inMs` from `at`. */
function issued(at: number, inMs: number): SipAccount {
  const expiry = Math.floor((at + inMs) / 1000);
  return { ...SIP_ACCOUNT, authorizationUser: `${expiry}:1001`, password: `pw-${expiry}`, credentialExpiresAt: new Date(expiry * 1000).toISOString() };
}

describe('when the softphone renews its SIP credential', () => {
  it('10 minutes before it expires; half-way through a short one; never sooner than 5 s', () => {
    expect(credentialRenewalMs(new Date(START + 12 * 60 * MINUTE).toISOString(), START)).toBe(12 * 60 * MINUTE - 10 * MINUTE);
    expect(credentialRenewalMs(new Date(START + 10 * MINUTE).toISOString(), START)).toBe(5 * MINUTE);
    expect(credentialRenewalMs(new Date(START + 60_000).toISOString(), START)).toBe(30_000);
    expect(credentialRenewalMs(new Date(START - 60_000).toISOString(), START)).toBe(5000);
  });
});

describe('the softphone store with a short-lived credential', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START);
  });
  afterEach(() => vi.useRealTimers());

  it('asks for a fresh one before the old expires and hands it to the engine, again and again', async () => {
    const engine = new FakeEngine();
    const bridge = new FakeBridge();
    let asked = 0;
    bridge.handle('softphone.account', () => issued(Date.now(), (asked++, 60 * MINUTE)));
    const store = createSoftphoneStore(bridge, { createEngine: () => engine, onScreenPop: () => {}, qualityIntervalMs: 0 });
    await store.getState().start();
    expect(engine.started?.authorizationUser).toMatch(/^\d+:1001$/);
    expect(asked).toBe(1);
    await vi.advanceTimersByTimeAsync(49 * MINUTE);
    expect(engine.renewed).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1 * MINUTE + 1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.renewed).toHaveLength(1);
    expect(Date.parse(engine.renewed[0]!.credentialExpiresAt!)).toBeGreaterThan(Date.parse(engine.started!.credentialExpiresAt!));
    await vi.advanceTimersByTimeAsync(50 * MINUTE + 1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.renewed).toHaveLength(2);
    await store.getState().stop();
    await vi.advanceTimersByTimeAsync(120 * MINUTE);
    expect(engine.renewed).toHaveLength(2); // stopped (signed out): no more renewals
  });

  it('tries again when the backend is out of reach, and renews once it answers', async () => {
    const engine = new FakeEngine();
    const bridge = new FakeBridge();
    let reachable = true;
    bridge.handle('softphone.account', () => {
      if (!reachable) throw new WorkstationError('backend_unreachable', 'no SIP credential: connection refused');
      return issued(Date.now(), 20 * MINUTE);
    });
    const store = createSoftphoneStore(bridge, { createEngine: () => engine, onScreenPop: () => {}, qualityIntervalMs: 0 });
    await store.getState().start();
    reachable = false;
    await vi.advanceTimersByTimeAsync(10 * MINUTE + 1000);
    expect(engine.renewed).toHaveLength(0);
    reachable = true;
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.renewed).toHaveLength(1);
  });

  it('a seat password (the fallback, no expiry) is never renewed', async () => {
    const engine = new FakeEngine();
    const bridge = new FakeBridge();
    bridge.handle('softphone.account', () => SIP_ACCOUNT);
    const store = createSoftphoneStore(bridge, { createEngine: () => engine, onScreenPop: () => {}, qualityIntervalMs: 0 });
    await store.getState().start();
    await vi.advanceTimersByTimeAsync(24 * 60 * MINUTE);
    expect(engine.renewed).toHaveLength(0);
  });
});

describe('the softphone signed in while the backend is out of reach', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START);
  });
  afterEach(() => vi.useRealTimers());

  it('shows why there is no phone, and starts it once the backend issues the credential', async () => {
    const engine = new FakeEngine();
    const bridge = new FakeBridge();
    let reachable = false;
    bridge.handle('softphone.account', () => {
      if (!reachable) throw new WorkstationError('backend_unreachable', 'no SIP credential: connection refused');
      return issued(Date.now(), 60 * MINUTE);
    });
    const store = createSoftphoneStore(bridge, { createEngine: () => engine, onScreenPop: () => {}, qualityIntervalMs: 0 });
    await store.getState().start();
    expect(store.getState()).toMatchObject({ setup: 'error', error: { code: 'backend_unreachable' } });
    expect(engine.started).toBeNull();
    reachable = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(store.getState().setup).toBe('started');
    expect(engine.started?.authorizationUser).toMatch(/^\d+:1001$/);
  });

  it('a refusal (no phone for this role) is shown and not retried', async () => {
    const bridge = new FakeBridge();
    let asked = 0;
    bridge.handle('softphone.account', () => {
      asked++;
      throw new WorkstationError('credentials_unavailable', 'no SIP credential: the role parts_desk has no phone');
    });
    const store = createSoftphoneStore(bridge, { createEngine: () => new FakeEngine(), onScreenPop: () => {}, qualityIntervalMs: 0 });
    await store.getState().start();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(asked).toBe(1);
    expect(store.getState()).toMatchObject({ setup: 'error', error: { code: 'credentials_unavailable' } });
  });
});
