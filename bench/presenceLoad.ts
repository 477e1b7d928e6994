import type { PresenceReport } from '../shared/domain/agentPresence.js';

/**
 * One load-generator process of the live board in `npm run bench -- kpis` (the parent starts
 * several, so the reporters' CPU is not the backend's): PRESENCE_LOAD (JSON: base, tokens,
 * durationMs, intervalMs) names its agents' sessions. Each agent goes round ready → ringing →
 * on call → wrap-up → not ready (break) → …, one change every interval, the agents' phases spread
 * over the interval; each report's `since` is the moment it was sent (the board's listener
 * measures from it). Prints one JSON line: the PUT latencies and counts.
 */
interface Share {
  base: string;
  tokens: string[];
  durationMs: number;
  intervalMs: number;
}

const share = JSON.parse(process.env.PRESENCE_LOAD ?? '{}') as Share;
const CYCLE = ['ready', 'ringing', 'on_call', 'wrap_up', 'not_ready'] as const;

function report(step: number, sentAt: string, callStartedAt: string): PresenceReport {
  const state = CYCLE[step % CYCLE.length]!;
  const onCall = state === 'ringing' || state === 'on_call' || state === 'wrap_up';
  return {
    state,
    reason: state === 'not_ready' ? 'break' : null,
    since: sentAt,
    call: onCall ? { startedAt: callStartedAt, direction: 'inbound', customerId: null, customerName: '王先生' } : null,
  };
}

async function main(): Promise<void> {
  const put: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const started = Date.now();
  const stopAt = started + share.durationMs;
  await Promise.all(
    share.tokens.map(async (token, i) => {
      // Spread the agents' changes evenly over the interval.
      await new Promise((resolve) => setTimeout(resolve, (i * share.intervalMs) / share.tokens.length));
      let callStartedAt = new Date().toISOString();
      for (let step = 0; Date.now() < stopAt; step++) {
        const due = Date.now() + share.intervalMs;
        const sentAt = new Date().toISOString();
        if (CYCLE[step % CYCLE.length] === 'ringing') callStartedAt = sentAt;
        const t0 = performance.now();
        try {
          const response = await fetch(new URL('/presence', share.base), {
            method: 'PUT',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify(report(step, sentAt, callStartedAt)),
            signal: AbortSignal.timeout(30_000),
          });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`PUT /presence: HTTP ${response.status}`);
          put.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      }
    }),
  );
  console.log(JSON.stringify({ seconds: (Date.now() - started) / 1000, put, errors, firstError }));
}

await main();
