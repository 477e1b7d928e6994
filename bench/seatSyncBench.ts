import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { WorkstationService } from '../main/services/workstationService.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demoLogins.js';
import type { CallResult } from '../shared/rawBridge.js';
import { DEFAULT_SEAT_CONFIG } from '../shared/seatConfig.js';
import { startBackend } from '../tests/support/backendProcess.js';
import { startFaultyProxy } from '../tests/support/faultyProxy.js';
import { makeTempDir } from '../tests/support/tempDir.js';
import { saveResult, summarise } from './stats.js';

function ok<T>(result: CallResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as T;
}

const [first, second] = DEMO_LOGINS.filter((l) => l.branchCode === 'BJ01');

function seat(dir: string, backendUrl: string, syncIntervalMs: number): WorkstationService {
  return new WorkstationService({ config: { ...DEFAULT_SEAT_CONFIG, backendUrl, dataDir: dir, syncIntervalMs }, host: 'browser-seat', appVersion: 'bench' });
}

/**
 * Reconnect after offline work: a seat queues N changes while its link is down, then the link
 * returns; time until all are acknowledged, and what the backend applied: the mutations applied
 * once, those missing and those applied more than once (both expected 0), counted apart.
 */
export async function benchReconnect(options: { mutations: number }): Promise<void> {
  const tmp = makeTempDir('bench-reconnect');
  const backend = await startBackend({ dir: tmp.dir, customers: 200 });
  const link = await startFaultyProxy(new URL(backend.url), { drop: 0, delay: 0, delayMs: [0, 0], cutResponse: 0 });
  link.setFaults(false);
  const service = seat(path.join(tmp.dir, 'seat'), link.url, 3_600_000);
  try {
    ok(await service.dispatch('session.login', { login: first!.login, password: DEMO_PASSWORD }));
    ok(await service.dispatch('sync.now', {}));
    link.setDown(true);
    const customers = Math.ceil(options.mutations / 2);
    const queueStart = performance.now();
    for (let i = 0; i < customers; i++) {
      const id = `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`;
      ok(await service.dispatch('customers.create', { id, name: `重连${i}`, phone: `+86135${String(10_000_000 + i).slice(-8)}`, province: '北京', city: '北京', address: `测试路${i}号` }));
      // An agent's own edit (VIP tiers are the supervisor's since the VIP rule: an agent's tier change is refused at the seat).
      ok(await service.dispatch('customers.update', { customerId: id, changes: { address: `测试路${i}号 2单元` } }));
    }
    const queueSeconds = (performance.now() - queueStart) / 1000;
    link.setDown(false);
    // CPU seconds besides the wall time: on a shared machine the wall time swings with the load; what the push cost does not.
    const serverCpuStart = processCpuSeconds(backend.child.pid);
    const seatCpuStart = process.cpuUsage();
    const pushStart = performance.now();
    let status = ok<{ pending: number }>(await service.dispatch('sync.now', {}));
    while (status.pending > 0) status = ok<{ pending: number }>(await service.dispatch('sync.now', {}));
    const pushSeconds = (performance.now() - pushStart) / 1000;
    const serverCpuSeconds = processCpuSeconds(backend.child.pid) - serverCpuStart;
    const seatCpu = process.cpuUsage(seatCpuStart);
    // The bench process: the seat, and the link between it and the backend.
    const seatCpuSeconds = (seatCpu.user + seatCpu.system) / 1e6;
    const db = new Database(backend.dbFile, { readonly: true });
    // Each customer is one create and one update: two change-log rows when applied exactly once.
    const perCustomer = db
      .prepare("SELECT entity_id AS id, count(*) AS n FROM change_log WHERE entity_id LIKE '00000000-0000-4000-9000-%' GROUP BY entity_id")
      .all() as Array<{ id: string; n: number }>;
    const applied = perCustomer.reduce((sum, row) => sum + Math.min(row.n, 2), 0);
    const duplicated = perCustomer.reduce((sum, row) => sum + Math.max(row.n - 2, 0), 0);
    const missing = customers * 2 - applied;
    db.close();
    const result = { queued: customers * 2, queueSeconds: Number(queueSeconds.toFixed(2)), pushSeconds: Number(pushSeconds.toFixed(2)), serverCpuSeconds: Number(serverCpuSeconds.toFixed(2)), seatCpuSeconds: Number(seatCpuSeconds.toFixed(2)), loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))), mutationsPerSecond: Math.round((customers * 2) / pushSeconds), applied, missing, duplicated };
    console.log(JSON.stringify(result, null, 2));
    console.log(`saved ${saveResult('reconnect', result)}`);
  } finally {
    service.close();
    await link.close();
    await backend.stop();
    tmp.cleanup();
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux: the benchmark machines). */
function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux the project runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Propagation: a change at seat A, visible in seat B's cache (live events, loopback). */
export async function benchPropagation(options: { changes: number }): Promise<void> {
  const tmp = makeTempDir('bench-propagation');
  const backend = await startBackend({ dir: tmp.dir, customers: 200 });
  // The poll interval is long on purpose: what is measured is the live path, not polling.
  const a = seat(path.join(tmp.dir, 'a'), backend.url, 60_000);
  const b = seat(path.join(tmp.dir, 'b'), backend.url, 60_000);
  try {
    ok(await a.dispatch('session.login', { login: first!.login, password: DEMO_PASSWORD }));
    ok(await b.dispatch('session.login', { login: second!.login, password: DEMO_PASSWORD }));
    ok(await a.dispatch('sync.now', {}));
    ok(await b.dispatch('sync.now', {}));
    await new Promise((r) => setTimeout(r, 500)); // live streams connected
    const customerId = backend.sampleCustomer.id;
    const samples: number[] = [];
    for (let i = 0; i < options.changes; i++) {
      const address = `传播测试路${i}号`;
      const start = performance.now();
      ok(await a.dispatch('customers.update', { customerId, changes: { address } }));
      for (;;) {
        const card = ok<{ customer: { address: string } }>(await b.dispatch('customers.card', { customerId }));
        if (card.customer.address === address) break;
        if (performance.now() - start > 10_000) throw new Error(`change ${i} did not reach seat B within 10 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      samples.push(performance.now() - start);
    }
    const result = { propagation: summarise(samples), targetP95Ms: 500 };
    console.log(JSON.stringify(result, null, 2));
    console.log(`saved ${saveResult('propagation', result)}`);
  } finally {
    a.close();
    b.close();
    await backend.stop();
    tmp.cleanup();
  }
}
