import crypto from 'node:crypto';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demoLogins.js';

/**
 * One load-generator process of `npm run bench -- concurrent-seats` (the parent starts several,
 * so the seats' own CPU is not the backend's): SEAT_LOAD (JSON: base, first, count, durationMs,
 * intervalMs, profile) names its share of the seats. Prints one JSON line: raw latencies and counts.
 *
 * Profiles: `poll` — every interval, one push then one pull since the seat's cursor; `live` — the
 * realistic day: an open /sync/events stream per seat, a change every interval (30 s), and a pull
 * only when an event's head is beyond the seat's cursor (propagation: from a push's answer to the
 * other seats of its branch having pulled it).
 */
interface Share {
  base: string;
  first: number;
  count: number;
  durationMs: number;
  intervalMs: number;
  profile: 'poll' | 'live';
}

interface PullAnswer {
  changes: { entity: string; seq: number; row: { id: string; version: number; deleted?: boolean } }[];
  cursor: number;
  headSeq: number;
}

const share = JSON.parse(process.env.SEAT_LOAD ?? '{}') as Share;

async function call<T>(method: string, route: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(new URL(route, share.base), {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${JSON.stringify(json).slice(0, 200)}`);
  return json;
}

/** Reads `event: changes` heads off a /sync/events stream until `signal` aborts. */
async function listen(token: string, signal: AbortSignal, onHead: (head: number) => void): Promise<void> {
  const response = await fetch(new URL('/sync/events', share.base), { headers: { authorization: `Bearer ${token}` }, signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const data = block.startsWith('event: changes') ? block.split('\n')[1]?.replace(/^data: /, '') : undefined;
        if (data) onHead((JSON.parse(data) as { headSeq: number }).headSeq);
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

async function main(): Promise<void> {
  const agents = DEMO_LOGINS.filter((l) => l.role === 'agent');
  const sessions = await Promise.all(
    agents.map(async (a) => {
      const { token } = await call<{ token: string }>('POST', '/auth/login', null, { login: a.login, password: DEMO_PASSWORD });
      const page = await call<PullAnswer>('GET', '/sync/pull?cursor=0&limit=5000', token);
      const customers = page.changes.filter((c) => c.entity === 'customer' && !c.row.deleted).map((c) => ({ id: c.row.id, version: c.row.version }));
      return { token, customers, head: page.headSeq, branchCode: a.branchCode };
    }),
  );
  const branchRank = sessions.map((s, i) => sessions.slice(0, i).filter((o) => o.branchCode === s.branchCode).length);
  const branchSeats = sessions.map((s) => sessions.filter((o) => o.branchCode === s.branchCode).length);
  const push: number[] = [];
  const pull: number[] = [];
  const propagation: number[] = [];
  const outcomes: Record<string, number> = {};
  let changesPulled = 0;
  let errors = 0;
  let firstError: string | null = null;
  /** seq → when its push was answered, for the live profile's propagation. */
  const answeredAt = new Map<number, number>();
  const started = performance.now();
  const deadline = started + share.durationMs;
  const stop = new AbortController();

  const seat = async (i: number) => {
    const s = i % sessions.length;
    const session = sessions[s]!;
    const customer = session.customers[(Math.floor(i / sessions.length) * branchSeats[s]! + branchRank[s]!) % session.customers.length]!;
    let cursor = session.head;
    let pulling: Promise<void> | null = null;
    const pullNow = async () => {
      const t = performance.now();
      const page = await call<PullAnswer>('GET', `/sync/pull?cursor=${cursor}&limit=1000`, session.token);
      const now = performance.now();
      pull.push(now - t);
      cursor = page.cursor;
      changesPulled += page.changes.length;
      for (const change of page.changes) {
        const at = answeredAt.get(change.seq);
        if (at !== undefined) propagation.push(now - at);
      }
    };
    if (share.profile === 'live') {
      void listen(session.token, stop.signal, (head) => {
        if (head <= cursor || pulling) return;
        pulling = pullNow()
          .catch((error: Error) => {
            errors++;
            firstError ??= error.message;
          })
          .finally(() => (pulling = null));
      }).catch((error: Error) => {
        errors++;
        firstError ??= error.message;
      });
    }
    await new Promise((r) => setTimeout(r, Math.random() * share.intervalMs));
    let cycle = 0;
    while (performance.now() < deadline) {
      const cycleStart = performance.now();
      try {
        const t = performance.now();
        const { results } = await call<{ results: { status: string; version?: number }[] }>('POST', '/sync/push', session.token, {
          seatId: `bench-seat-${i}`,
          mutations: [{ mutationId: crypto.randomUUID(), entity: 'customer', entityId: customer.id, op: 'update', baseVersion: customer.version, patch: { address: `并发测试路${i}-${cycle}号` } }],
        });
        push.push(performance.now() - t);
        const status = results[0]?.status ?? 'missing';
        outcomes[status] = (outcomes[status] ?? 0) + 1;
        if (results[0]?.version) {
          customer.version = results[0].version;
          answeredAt.set(results[0].version, performance.now());
        }
        if (share.profile === 'poll') await pullNow();
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
      cycle++;
      const wait = share.intervalMs - (performance.now() - cycleStart);
      if (performance.now() + Math.max(wait, 0) >= deadline) break;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  };
  await Promise.all(Array.from({ length: share.count }, (_, k) => seat(share.first + k)));
  // The live profile: give the last changes time to propagate before the streams close.
  if (share.profile === 'live') await new Promise((r) => setTimeout(r, 2_000));
  stop.abort();
  const seconds = (performance.now() - started) / 1000;
  // A report of hundreds of kB to a pipe is written asynchronously: exit only once it is out
  // (process.exit right after the write cut it short, and the run failed parsing it).
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(`${JSON.stringify({ seconds, push, pull, propagation, outcomes, changesPulled, errors, firstError })}\n`, (error) => (error ? reject(error) : resolve())),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
