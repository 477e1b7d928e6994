import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { markMyWorkLooked, myWork } from '../main/services/myWork.js';
import { LocalCache } from '../main/services/localCache/localCache.js';
import type { Agent } from '../shared/domain/branch.js';
import type { Complaint } from '../shared/domain/complaint.js';
import type { Customer } from '../shared/domain/customer.js';
import type { FollowUp } from '../shared/domain/followUp.js';
import type { OrderEvent } from '../shared/domain/orderEvent.js';
import type { ServiceOrder, ServiceOrderStatus } from '../shared/domain/serviceOrder.js';
import { saveResult, summarise, timeMs } from './stats.js';

/**
 * My work ('myWork.show') in a seat cache the size of a large branch: 1,000,000 customers and
 * 3,000,000 orders (3 per customer) owned by 300 agents (~10,000 orders each over three years:
 * ~2 % open, ~1 % completed awaiting their follow-up, the rest closed, visited or cancelled),
 * 3,000,000 `created` events, one handover event for 10 % of the orders, 300,000 done and 30,000
 * open follow-ups, 20,000 complaints, 30,000 parts requests, 100,000 notes. Timed: the whole
 * query (every list, the counts, customer names, handover notes) for 20 agents in turn, as the
 * seat answers it, after one warm-up each. `--my-work-customers N` scales everything down (orders
 * stay 3 per customer, agents 300). The cache file is kept in .tmp/bench and reused.
 */
const AGENTS = 300;
const ORDERS_PER_CUSTOMER = 3;
const DAY_MS = 86_400_000;

/** A deterministic generator (mulberry32), so every build holds the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = (kind: number, n: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

export async function benchMyWork(options: { customers: number; queries: number }): Promise<void> {
  const now = new Date('2026-12-07T06:00:00.000Z');
  const branchId = uuid(0xb0, 1);
  const agents: Agent[] = Array.from({ length: AGENTS }, (_, i) => ({ id: uuid(0xa0, i + 1), login: `bj.agent${i + 1}`, displayName: `坐席${i + 1}`, branchId, role: 'agent' }));
  const orders = options.customers * ORDERS_PER_CUSTOMER;
  const file = path.resolve(`.tmp/bench/mywork-v2-${options.customers}.db`);
  const ready = `${file}.ready`;
  if (!fs.existsSync(ready)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    console.log(`building ${file} …`);
    const started = Date.now();
    const rand = random(42);
    const cache = LocalCache.open(file);
    cache.db.pragma('synchronous = OFF');
    cache.beginBulkLoad();
    cache.writeMeta('branch.agents', JSON.stringify(agents));
    const inBatches = (total: number, write: (i: number) => void) => {
      for (let from = 0; from < total; from += 20_000) {
        cache.db.transaction(() => {
          for (let i = from; i < Math.min(total, from + 20_000); i++) write(i);
        })();
      }
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    const ownerOf = (n: number) => agents[n % AGENTS]!.id;
    const customerOf = (n: number) => uuid(0xc0, Math.floor(n / ORDERS_PER_CUSTOMER) + 1);

    inBatches(options.customers, (i) => {
      const at = iso(now.getTime() - 1000 * DAY_MS + i);
      const customer: Customer = {
        id: uuid(0xc0, i + 1), branchId, name: `${SURNAMES[i % 20]}${GIVEN[Math.floor(i / 20) % 20]}${GIVEN[Math.floor(i / 400) % 20]}`, phone: `+86138${String(i).padStart(8, '0')}`,
        altPhone: null, vipTier: 'none', province: '北京', city: '北京', provinceCode: '110000', cityCode: '110100', districtCode: null, samePhoneReason: null,
        address: `海淀区中关村大街${i % 300}号`, tags: [], createdAt: at, updatedAt: at, version: i + 1, deleted: false,
      };
      cache.customers.upsert(customer);
    });
    console.log(`  ${options.customers} customers (${((Date.now() - started) / 1000).toFixed(0)} s)`);

    let version = options.customers;
    const statusOf = (r: number): ServiceOrderStatus =>
      r < 0.004 ? 'new' : r < 0.008 ? 'dispatched' : r < 0.012 ? 'accepted' : r < 0.016 ? 'in_service' : r < 0.02 ? 'parts_pending' : r < 0.03 ? 'completed' : r < 0.05 ? 'cancelled' : r < 0.1 ? 'visited' : 'closed';
    const statuses: ServiceOrderStatus[] = [];
    const createdMs = new Float64Array(orders);
    inBatches(orders, (n) => {
      // Three years of orders, the newest last; open ones are recent.
      const status = statusOf(rand());
      statuses.push(status);
      const open = ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending', 'completed'].includes(status);
      const created = open ? now.getTime() - rand() * 5 * DAY_MS : now.getTime() - 1095 * DAY_MS + (n / orders) * 1090 * DAY_MS;
      createdMs[n] = created;
      const dispatched = status === 'new' ? null : iso(created + 3_600_000);
      const order: ServiceOrder = {
        id: uuid(0xd0, n + 1), orderNumber: `BJ01-01-${iso(created).slice(0, 10).replaceAll('-', '')}-${String(n).padStart(7, '0')}`, customerId: customerOf(n), productId: null, branchId,
        type: 'repair', status, fault: '空调不制冷', ownerAgentId: ownerOf(n), createdAt: iso(created), updatedAt: iso(created + 7_200_000), outletId: null, appointmentStart: null,
        appointmentEnd: null, dispatchedAt: dispatched, warranty: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null, version: ++version, deleted: false,
      };
      cache.serviceOrders.upsert(order);
    });
    console.log(`  ${orders} orders (${((Date.now() - started) / 1000).toFixed(0)} s)`);

    const orderCreated = (n: number) => iso(createdMs[n]!);
    const event = (id: number, n: number, over: Partial<OrderEvent>): OrderEvent => ({
      id: uuid(0xe0, id), orderId: uuid(0xd0, n + 1), branchId, seq: ++version, kind: 'created', fromStatus: null, toStatus: 'new', fromOwnerAgentId: null, toOwnerAgentId: null,
      outletId: null, appointmentStart: null, appointmentEnd: null, agentId: ownerOf(n), seatId: '01/bench', at: orderCreated(n), note: null, version, deleted: false, ...over,
    });
    inBatches(orders, (n) => cache.orderEvents.add(event(n + 1, n, {})));
    // A handover to the order's owner for one order in ten, from the agent before them, an hour after
    // it was made; in the order they happened (an event's version follows the backend's clock).
    const handed = Array.from({ length: orders }, (_, n) => n).filter((n) => (Math.imul(n, 2654435761) >>> 0) % 10 === 0);
    handed.sort((a, b) => createdMs[a]! - createdMs[b]!);
    inBatches(handed.length, (i) => {
      const n = handed[i]!;
      const from = agents[(n + AGENTS - 1) % AGENTS]!.id;
      const at = iso(createdMs[n]! + 3_600_000);
      cache.orderEvents.add(event(orders + i + 1, n, { kind: 'owner_changed', fromStatus: statuses[n]!, toStatus: statuses[n]!, fromOwnerAgentId: from, toOwnerAgentId: ownerOf(n), agentId: from, at }));
      if (i % 3 === 0) {
        cache.notes.upsert({ id: uuid(0x70, i + 1), branchId, customerId: customerOf(n), orderId: uuid(0xd0, n + 1), authorId: from, text: '客户下午在家，备件已到', createdAt: at, version: ++version, deleted: false });
      }
    });
    console.log(`  events and notes (${((Date.now() - started) / 1000).toFixed(0)} s)`);

    let followUps = 0;
    inBatches(orders, (n) => {
      const status = statuses[n]!;
      if (status !== 'completed' && !(status === 'visited' && n % 2 === 0)) return;
      const open = status === 'completed';
      const due = open ? now.getTime() + (rand() * 4 - 2) * DAY_MS : Date.parse(orderCreated(n)) + 2 * DAY_MS;
      const followUp: FollowUp = {
        id: uuid(0xf0, ++followUps), orderId: uuid(0xd0, n + 1), customerId: customerOf(n), branchId, dueAt: iso(due), status: open ? 'open' : 'done', satisfaction: open ? null : 5,
        remarks: '', doneAt: open ? null : iso(due), doneBy: open ? null : ownerOf(n), createdAt: iso(due - 2 * DAY_MS), attempts: open ? 0 : 1, lastOutcome: open ? (n % 7 === 0 ? 'call_back' : null) : 'done',
        lastAttemptAt: open ? null : iso(due), version: ++version, deleted: false,
      };
      cache.followUps.upsert(followUp);
    });
    const complaints = Math.max(1, Math.round(orders / 150));
    inBatches(complaints, (i) => {
      const n = Math.floor(rand() * orders);
      const received = now.getTime() - rand() * 60 * DAY_MS;
      const open = i % 2 === 0;
      const complaint: Complaint = {
        id: uuid(0xcc, i + 1), branchId, customerId: customerOf(n), orderId: uuid(0xd0, n + 1), outletId: null, technicianName: null, category: 'lateness', severity: 'normal', channel: 'phone',
        customerWords: '师傅没按时上门', customerWants: '', status: open ? 'investigating' : 'confirmed', takenBy: agents[i % AGENTS]!.id, receivedAt: iso(received), promisedBy: null,
        acknowledgeDueAt: iso(received + 4 * 3_600_000), resolveDueAt: iso(received + 72 * 3_600_000), acknowledgedAt: iso(received + 3_600_000), resolvedAt: null, confirmedAt: null, reopenCount: 0,
        escalation: 'none', escalatedAt: null, resolution: '', compensationKind: 'none', compensationYuan: null, createdAt: iso(received), updatedAt: iso(received), version: ++version, deleted: false,
      };
      cache.complaints.upsert(complaint);
    });
    const partsRequests = Math.max(1, Math.round(orders / 100));
    inBatches(partsRequests, (i) => {
      const n = Math.floor(rand() * orders);
      const at = iso(now.getTime() - rand() * 30 * DAY_MS);
      cache.partsRequests.upsert({
        id: uuid(0x9a, i + 1), branchId, orderId: uuid(0xd0, n + 1), partNumber: `PCB-${i}`, quantity: 1, status: i % 4 === 0 ? 'shipped' : 'received', note: '', requestedBy: ownerOf(n),
        createdAt: at, updatedAt: at, version: ++version, deleted: false,
      });
    });
    console.log(`  ${followUps} follow-ups, ${complaints} complaints, ${partsRequests} parts requests (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    await cache.endBulkLoad();
    cache.db.exec('ANALYZE');
    cache.close();
    fs.writeFileSync(ready, JSON.stringify({ buildSeconds: (Date.now() - started) / 1000 }));
  }

  const cache = LocalCache.open(file);
  const countOf = (table: string) => (cache.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const built = Object.fromEntries(['customers', 'service_orders', 'order_events', 'follow_ups', 'complaints', 'parts_requests', 'notes'].map((t) => [t, countOf(t)]));
  if (built.customers !== options.customers || built.service_orders !== orders) throw new Error(`${file} holds ${JSON.stringify(built)}: delete it and its .ready file to rebuild`);
  const buildSeconds = (JSON.parse(fs.readFileSync(ready, 'utf8')) as { buildSeconds: number }).buildSeconds;

  // 20 agents in turn; each one's first answer (cold: its rows' pages not read yet) apart. First
  // as agents who looked at My work yesterday (the usual day), then as agents who never looked
  // (every handover of the last years new: the list's limit of 200 and the notes of each).
  const measured = agents.slice(0, 20);
  const lookedYesterday = cache.db.prepare(
    "SELECT coalesce(max(version), 0) AS v FROM order_events WHERE kind = 'owner_changed' AND to_owner_agent_id = ? AND at < ?",
  );
  for (const agent of measured) markMyWorkLooked(cache, agent.id, (lookedYesterday.get(agent.id, new Date(now.getTime() - DAY_MS).toISOString()) as { v: number }).v);
  const cold = measured.map((agent) => timeMs(() => myWork(cache, agent, now, 200)));
  const shape = myWork(cache, measured[0]!, now, 200);
  const run = () => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < options.queries; i++) {
      const agent = measured[i % measured.length]!;
      const used = process.cpuUsage();
      wall.push(timeMs(() => myWork(cache, agent, now, 200)));
      const spent = process.cpuUsage(used);
      cpu.push((spent.user + spent.system) / 1000);
    }
    return { ...summarise(wall), cpuTime: summarise(cpu) };
  };
  const usual = run();
  const others = agents.slice(20, 40);
  const neverLookedShape = myWork(cache, others[0]!, now, 200);
  const neverWall = Array.from({ length: Math.min(options.queries, 200) }, (_, i) => timeMs(() => myWork(cache, others[i % others.length]!, now, 200)));
  const result = {
    data: { ...built, agents: AGENTS, buildSeconds, scaled: options.customers !== 1_000_000 },
    cacheFileMB: Math.round(fs.statSync(file).size / 1e6),
    perAgent: { counts: shape.counts, listed: { orders: shape.orders.length, handovers: shape.handovers.length, followUps: shape.followUps.length, complaints: shape.complaints.length, partsRequests: shape.partsRequests.length } },
    firstAnswerPerAgent: summarise(cold),
    myWork: { ...usual, targetP95Ms: 50 },
    neverLooked: { counts: neverLookedShape.counts, handoversListed: neverLookedShape.handovers.length, ...summarise(neverWall) },
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
  cache.close();
  console.log(JSON.stringify(result, null, 2));
  console.log(`saved ${saveResult('my-work', result)}`);
  if (result.myWork.p95Ms >= 50) process.exitCode = 1;
}
