import { describe, expect, it } from 'vitest';
import { MediaRecovery } from '../../renderer/src/softphone/mediaRecovery.js';

const opts = { graceMs: 1500, baseMs: 2000, maxMs: 10_000 };

describe('MediaRecovery: when to restart ICE during a call', () => {
  it('does nothing while media flows', () => {
    const r = new MediaRecovery(opts);
    r.iceChanged('checking', 0);
    r.iceChanged('connected', 100);
    expect(r.health).toBe('ok');
    expect(r.next(5000, true)).toEqual({ do: 'nothing' });
  });

  it('gives "disconnected" a grace period, then restarts', () => {
    const r = new MediaRecovery(opts);
    r.iceChanged('connected', 0);
    r.iceChanged('disconnected', 1000);
    expect(r.health).toBe('reconnecting');
    expect(r.next(1000, true)).toEqual({ do: 'wait', ms: 1500 });
    expect(r.next(2499, true)).toEqual({ do: 'wait', ms: 1 });
    expect(r.next(2500, true)).toEqual({ do: 'restart' });
  });

  it('heals without a restart when "disconnected" recovers within the grace period', () => {
    const r = new MediaRecovery(opts);
    r.iceChanged('connected', 0);
    r.iceChanged('disconnected', 1000);
    r.iceChanged('connected', 1800);
    expect(r.health).toBe('ok');
    expect(r.next(3000, true)).toEqual({ do: 'nothing' });
  });

  it('restarts at once on "failed"', () => {
    const r = new MediaRecovery(opts);
    r.iceChanged('failed', 500);
    expect(r.next(500, true)).toEqual({ do: 'restart' });
  });

  it('waits for signalling before restarting', () => {
    const r = new MediaRecovery(opts);
    r.iceChanged('failed', 0);
    expect(r.next(100, false)).toEqual({ do: 'nothing' });
    expect(r.health).toBe('reconnecting');
    expect(r.next(4000, true)).toEqual({ do: 'restart' });
  });

  it('never sends two restarts at once, and backs off between attempts up to the cap', () => {
    const r = new MediaRecovery(opts);
    r.iceChanged('failed', 0);
    r.restartStarted(0);
    expect(r.next(50_000, true)).toEqual({ do: 'nothing' }); // the first one still waits for its answer
    r.restartDone();
    r.iceChanged('checking', 100);
    expect(r.health).toBe('reconnecting'); // checking after a restart is not media yet
    expect(r.next(100, true)).toEqual({ do: 'wait', ms: 1900 }); // base 2 s after attempt 1
    expect(r.next(2000, true)).toEqual({ do: 'restart' });
    r.restartStarted(2000);
    r.restartDone();
    expect(r.next(2000, true)).toEqual({ do: 'wait', ms: 4000 }); // doubled
    const delays: number[] = [];
    let t = 2000;
    for (let i = 0; i < 5; i++) {
      const step = r.next(t, true);
      if (step.do !== 'wait') throw new Error(`expected a wait, got ${step.do}`);
      delays.push(step.ms);
      t += step.ms;
      r.restartStarted(t);
      r.restartDone();
    }
    expect(delays).toEqual([4000, 8000, 10_000, 10_000, 10_000]);
    expect(r.restarts).toBe(7);
  });

  it('media back resets the backoff for the next outage', () => {
    const r = new MediaRecovery(opts);
    r.iceChanged('failed', 0);
    r.restartStarted(0);
    r.restartDone();
    r.restartStarted(2000);
    r.restartDone();
    r.iceChanged('connected', 2500);
    expect(r.restarts).toBe(0);
    r.iceChanged('failed', 10_000);
    expect(r.next(10_000, true)).toEqual({ do: 'restart' });
  });

  it('a closed peer connection (call over) is left alone', () => {
    const r = new MediaRecovery(opts);
    r.iceChanged('failed', 0);
    r.iceChanged('closed', 10);
    expect(r.next(100, true)).toEqual({ do: 'nothing' });
  });
});
