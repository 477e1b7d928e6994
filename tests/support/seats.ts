import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { WorkstationService } from '../../main/services/workstationService.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import type { CallResult } from '../../shared/rawBridge.js';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { startBackend, type RunningBackend } from './backendProcess.js';
import { DEMO_AGENT } from './demo.js';
import { startFaultyProxy, type FaultPlan, type FaultyProxy } from './faultyProxy.js';
import { seatClient, type SeatClient } from './seatClient.js';
import { makeTempDir } from './tempDir.js';

/** A contract call's output, or a thrown error naming its code and message. */
export function ok<T = unknown>(result: CallResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as T;
}

/** The seat's services as the browser seat runs them, on a data folder of their own. */
function newSeatService(options: { backendUrl: string; dataDir: string; syncIntervalMs?: number }): WorkstationService {
  return new WorkstationService({
    config: { ...DEFAULT_SEAT_CONFIG, backendUrl: options.backendUrl, dataDir: options.dataDir, syncIntervalMs: options.syncIntervalMs ?? 60_000 },
    host: 'browser-seat',
    appVersion: 'test',
  });
}

const NO_FAULTS: FaultPlan = { drop: 0, delay: 0, delayMs: [0, 0], cutResponse: 0 };

export interface SeatsOnLinks {
  seats: WorkstationService[];
  /** A typed client of each seat, in the same order. */
  clients: SeatClient[];
  /** Each seat's own link to the backend, faults off until a test turns them on (or the link down). */
  links: FaultyProxy[];
  close(): Promise<void>;
}

/** One seat per login, each behind its own link to the backend, logged in and synced once. */
export async function seatsOnOwnLinks(backendUrl: string, dir: string, logins: readonly string[], plan: FaultPlan = NO_FAULTS): Promise<SeatsOnLinks> {
  const seats: WorkstationService[] = [];
  const links: FaultyProxy[] = [];
  const clients: SeatClient[] = [];
  for (const [k, login] of logins.entries()) {
    const link = await startFaultyProxy(new URL(backendUrl), plan);
    link.setFaults(false);
    links.push(link);
    const seat = newSeatService({ backendUrl: link.url, dataDir: path.join(dir, `seat${k}`) });
    seats.push(seat);
    const client = seatClient(seat);
    clients.push(client);
    await client.session.login({ login, password: DEMO_PASSWORD });
    await client.sync.now();
  }
  return {
    seats,
    clients,
    links,
    close: async () => {
      for (const s of seats) s.close();
      for (const l of links) await l.close();
    },
  };
}

export interface TwoSeatsFixture {
  readonly backend: RunningBackend;
  /** Seat A and seat B, in the order of their logins. */
  readonly seats: [WorkstationService, WorkstationService];
  /** Typed clients of seat A and seat B. */
  readonly clients: [SeatClient, SeatClient];
  readonly links: FaultyProxy[];
  /** Seat B's agent. */
  readonly secondAgent: { login: string };
}

/**
 * Registers this file's beforeAll/afterAll: a seeded backend and a seat for each of the two
 * logins, each logged in and synced on its own link. Read the fixture inside tests (it is filled
 * in beforeAll).
 */
export function twoSeats(name: string, logins: readonly [string, string], options: { customers: number; plan?: FaultPlan }): TwoSeatsFixture {
  const tmp = makeTempDir(name);
  let backend: RunningBackend | undefined;
  let onLinks: SeatsOnLinks | undefined;
  beforeAll(async () => {
    backend = await startBackend({ dir: tmp.dir, customers: options.customers });
    onLinks = await seatsOnOwnLinks(backend.url, tmp.dir, logins, options.plan);
  });
  afterAll(async () => {
    await onLinks?.close();
    await backend?.stop();
    tmp.cleanup();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the two-seat fixture is used before beforeAll ran');
    return value;
  };
  return {
    get backend() {
      return ready(backend);
    },
    get seats() {
      return ready(onLinks).seats as [WorkstationService, WorkstationService];
    },
    get clients() {
      return ready(onLinks).clients as [SeatClient, SeatClient];
    },
    get links() {
      return ready(onLinks).links;
    },
    secondAgent: { login: logins[1] },
  };
}

/** Two seats of branch BJ01 (see twoSeats): seat A is DEMO_AGENT's, seat B another agent's of the branch. */
export function twoSeatsOfOneBranch(name: string, options: { customers: number; plan?: FaultPlan }): TwoSeatsFixture {
  const secondAgent = DEMO_LOGINS.find((l) => l.branchCode === DEMO_AGENT.branchCode && l.login !== DEMO_AGENT.login)!;
  return twoSeats(name, [DEMO_AGENT.login, secondAgent.login], options);
}
