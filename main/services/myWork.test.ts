import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../shared/domain/branch.js';
import type { CampaignTarget } from '../../shared/domain/campaign.js';
import type { Complaint } from '../../shared/domain/complaint.js';
import type { FollowUp } from '../../shared/domain/followUp.js';
import type { OrderEvent } from '../../shared/domain/orderEvent.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { workstationMethods } from '../../shared/workstationApi.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { LocalCache } from './localCache/localCache.js';
import { markMyWorkLooked, myWork } from './myWork.js';

/**
 * 'myWork.show' at the seat, against a real cache file and a fixed clock: the signed-in agent's
 * open orders (not another agent's, not closed, completed or cancelled ones) with their SLA timer,
 * newest activity first; the orders handed to them since they last looked, with who handed them
 * over and the note; follow-ups of their orders due today (and call backs at their times); their
 * open complaints with deadlines; their parts requests and conflicts. "Last looked" survives reopening the cache.
 */
const tmp = makeTempDir('my-work');
afterAll(tmp.cleanup);

const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const me: Agent = { id: '1b1c2d3e-4f50-4a6b-8c7d-000000000002', login: 'bj.agent2', displayName: '王强', branchId, role: 'agent' };
const li = { id: '1b1c2d3e-4f50-4a6b-8c7d-000000000001', login: 'bj.agent1', displayName: '李娜', branchId, role: 'agent' as const };
const customerA = '6f1d2c3b-4a5e-4f60-8a7b-00000000000a';
const customerB = '6f1d2c3b-4a5e-4f60-8a7b-00000000000b';
// 2026-11-23 20:00 in Beijing: "today" on the hotline's clock ends at 2026-11-23T16:00Z.
const NOW = new Date('2026-11-23T12:00:00.000Z');
const hoursBefore = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

const orderId = (n: number) => `b1b2c3d4-0000-4000-8000-${String(n).padStart(12, '0')}`;
let version = 0;

function order(n: number, over: Partial<ServiceOrder>): ServiceOrder {
  const createdAt = over.createdAt ?? hoursBefore(1);
  return {
    id: orderId(n), orderNumber: `BJ01-01-20261123-${String(n).padStart(4, '0')}`, customerId: customerA, productId: null, branchId, type: 'repair', status: 'new', fault: '',
    ownerAgentId: me.id, createdAt, updatedAt: createdAt, outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, warranty: null, feeConsent: null,
    duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null, version: ++version, deleted: false, ...over,
  };
}

function event(n: number, over: Partial<OrderEvent>): OrderEvent {
  return {
    id: `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, orderId: orderId(1), branchId, seq: ++version, kind: 'status_changed', fromStatus: 'new', toStatus: 'new',
    fromOwnerAgentId: null, toOwnerAgentId: null, outletId: null, appointmentStart: null, appointmentEnd: null, agentId: null, seatId: null, at: hoursBefore(1), note: null, version, deleted: false, ...over,
  };
}

function handover(n: number, order: number, at: string, from = li.id): OrderEvent {
  return event(n, { orderId: orderId(order), kind: 'owner_changed', fromOwnerAgentId: from, toOwnerAgentId: me.id, agentId: from, at });
}

function followUp(n: number, order: number, over: Partial<FollowUp>): FollowUp {
  return {
    id: `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, orderId: orderId(order), customerId: customerB, branchId, dueAt: hoursBefore(1), status: 'open', satisfaction: null,
    remarks: '', doneAt: null, doneBy: null, createdAt: hoursBefore(48), attempts: 0, lastOutcome: null, lastAttemptAt: null, version: ++version, deleted: false, ...over,
  };
}

function complaint(n: number, over: Partial<Complaint>): Complaint {
  return {
    id: `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, branchId, customerId: customerA, orderId: null, outletId: null, technicianName: null, category: 'lateness', severity: 'normal',
    channel: 'phone', customerWords: '师傅没来', customerWants: '', status: 'received', takenBy: me.id, receivedAt: hoursBefore(5), promisedBy: null, acknowledgeDueAt: hoursBefore(1),
    resolveDueAt: hoursBefore(-67), acknowledgedAt: null, resolvedAt: null, confirmedAt: null, reopenCount: 0, escalation: 'none', escalatedAt: null, resolution: '', compensationKind: 'none',
    compensationYuan: null, createdAt: hoursBefore(5), updatedAt: hoursBefore(5), version: ++version, deleted: false, ...over,
  };
}

function seededCache(name: string): LocalCache {
  const cache = LocalCache.open(path.join(tmp.dir, `${name}.db`));
  cache.writeMeta('branch.agents', JSON.stringify([li, me]));
  const customer = (id: string, name: string, phone: string) => ({
    id, branchId, name, phone, altPhone: null, vipTier: 'none' as const, province: '北京', city: '北京', provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null,
    address: '海淀区', tags: [], createdAt: hoursBefore(1000), updatedAt: hoursBefore(1000), version: ++version, deleted: false,
  });
  cache.customers.upsert(customer(customerA, '张伟', '+8613800138000'));
  cache.customers.upsert(customer(customerB, '刘洋', '+8613900139000'));
  for (const o of [
    order(1, { createdAt: hoursBefore(5) }), // mine, new for 5 h: dispatch overdue by 1 h
    order(2, { createdAt: hoursBefore(30), status: 'dispatched', dispatchedAt: hoursBefore(3), updatedAt: hoursBefore(3) }), // mine: accept overdue by 1 h
    order(3, { createdAt: hoursBefore(2), status: 'in_service', updatedAt: hoursBefore(0.5) }), // mine, handed over by 李娜 (see events)
    order(4, { createdAt: hoursBefore(2), ownerAgentId: li.id }), // another agent's
    order(5, { createdAt: hoursBefore(50), status: 'closed' }),
    order(6, { createdAt: hoursBefore(50), status: 'cancelled' }),
    order(7, { createdAt: hoursBefore(60), status: 'completed', customerId: customerB }), // mine, awaiting its follow-up
    order(8, { createdAt: hoursBefore(60), status: 'completed', customerId: customerB, ownerAgentId: li.id }), // another agent's follow-up
    order(9, { createdAt: hoursBefore(3), status: 'accepted', deleted: true }), // a tombstone
    order(10, { createdAt: hoursBefore(70), status: 'parts_pending', updatedAt: hoursBefore(40) }), // mine, handed over long ago and looked at
    order(11, { createdAt: hoursBefore(60), status: 'completed', customerId: customerB }), // mine, a call back tomorrow
    order(12, { createdAt: hoursBefore(60), status: 'completed', customerId: customerB }), // mine, a call back later today
  ]) cache.serviceOrders.upsert(o);
  // Order 3: created by 李娜, handed to me 20 minutes ago with a note; order 4 was handed to me and back again.
  cache.notes.upsert({ id: 'a0000000-0000-4000-8000-000000000001', branchId, customerId: customerA, orderId: orderId(3), authorId: li.id, text: '旧备注：已约周二', createdAt: hoursBefore(3), version: ++version, deleted: false });
  cache.orderEvents.add(event(1, { orderId: orderId(3), kind: 'created', fromStatus: null, at: hoursBefore(2) }));
  cache.orderEvents.add(event(9, { orderId: orderId(3), kind: 'owner_changed', fromOwnerAgentId: me.id, toOwnerAgentId: li.id, agentId: me.id, at: hoursBefore(1.5) }));
  cache.notes.upsert({ id: 'a0000000-0000-4000-8000-000000000002', branchId, customerId: customerA, orderId: orderId(3), authorId: li.id, text: '另一条备注，不是交接说明', createdAt: hoursBefore(0.34), version: ++version, deleted: false });
  // The note travels on the handover's event (notes on the order are not handover notes).
  cache.orderEvents.add({ ...handover(2, 3, hoursBefore(0.33)), note: '客户下午三点后在家，备件已到' });
  cache.orderEvents.add(handover(3, 4, hoursBefore(0.3)));
  cache.orderEvents.add(event(4, { orderId: orderId(4), kind: 'owner_changed', fromOwnerAgentId: me.id, toOwnerAgentId: li.id, agentId: me.id, at: hoursBefore(0.2) }));
  cache.orderEvents.add(handover(5, 10, hoursBefore(48)));
  cache.orderEvents.add(handover(7, 5, hoursBefore(1))); // order 5 is closed since: nothing to work on
  cache.serviceOrders.upsert(order(14, { createdAt: hoursBefore(300), status: 'parts_pending', updatedAt: hoursBefore(10) }));
  cache.orderEvents.add(handover(8, 14, hoursBefore(200))); // more than 7 days ago: no longer new, looked at or not
  cache.orderEvents.add(event(6, { orderId: orderId(2), kind: 'dispatched', fromStatus: 'new', toStatus: 'dispatched', at: hoursBefore(3) }));
  for (const f of [
    followUp(1, 7, { dueAt: hoursBefore(2) }), // due today (overdue by 2 h)
    followUp(2, 8, { dueAt: hoursBefore(2) }), // another agent's order
    followUp(3, 11, { dueAt: hoursBefore(-20), lastOutcome: 'call_back', attempts: 1 }), // tomorrow
    followUp(4, 12, { dueAt: hoursBefore(-3), lastOutcome: 'call_back', attempts: 1 }), // today at 23:00 Beijing
  ]) cache.followUps.upsert(f);
  for (const c of [
    complaint(1, {}), // received: acknowledge deadline passed
    complaint(2, { status: 'investigating', severity: 'critical', resolveDueAt: hoursBefore(-10), acknowledgedAt: hoursBefore(4) }),
    complaint(3, { status: 'resolved' }),
    complaint(4, { takenBy: li.id }),
  ]) cache.complaints.upsert(c);
  const partsRequest = (n: number, over: { status: 'requested' | 'shipped' | 'received'; requestedBy?: string; updatedAt: string }) => ({
    id: `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, branchId, orderId: orderId(10), partNumber: `P-${n}`, quantity: 1, note: '', requestedBy: me.id,
    createdAt: hoursBefore(40), version: ++version, deleted: false, ...over,
  });
  cache.partsRequests.upsert(partsRequest(1, { status: 'shipped', updatedAt: hoursBefore(1) }));
  cache.partsRequests.upsert(partsRequest(2, { status: 'received', updatedAt: hoursBefore(30) })); // settled long ago
  cache.partsRequests.upsert(partsRequest(3, { status: 'requested', updatedAt: hoursBefore(2), requestedBy: li.id }));
  cache.conflicts.upsert({ id: 'cf000000-0000-4000-8000-000000000001', entity: 'customer', entityId: customerA, branchId, field: 'address', mine: 'x', theirs: 'y', mutationId: 'cf000000-0000-4000-8000-0000000000aa', seatId: '07/a', agentId: me.id, createdAt: hoursBefore(1), resolved: false, theirsAgentId: null, theirsSeatId: null, theirsAt: null, version: ++version, deleted: false });
  cache.conflicts.upsert({ id: 'cf000000-0000-4000-8000-000000000002', entity: 'customer', entityId: customerB, branchId, field: 'address', mine: 'x', theirs: 'y', mutationId: 'cf000000-0000-4000-8000-0000000000bb', seatId: '01/a', agentId: li.id, createdAt: hoursBefore(1), resolved: false, theirsAgentId: null, theirsSeatId: null, theirsAt: null, version: ++version, deleted: false });
  return cache;
}

const numbers = (orders: ReadonlyArray<{ orderNumber: string }>) => orders.map((o) => Number(o.orderNumber.slice(-4)));

describe("'myWork.show' at the seat, with a fixed clock", () => {
  it("lists only the agent's open orders, newest activity first, each with its SLA timer, and counts them", () => {
    const cache = seededCache('orders');
    const work = workstationMethods['myWork.show'].output.parse(myWork(cache, me, NOW, 200));
    expect(numbers(work.orders.map((o) => o.order))).toEqual([3, 2, 1, 14, 10]);
    const [three, two, one, , ten] = work.orders;
    expect(three).toMatchObject({ customerName: '张伟', lastEventKind: 'owner_changed', lastActivityAt: hoursBefore(0.33), sla: { stage: 'complete' } });
    expect(one).toMatchObject({ lastEventKind: null, sla: { stage: 'dispatch', dueAt: hoursBefore(1), remainingMs: -3_600_000 } });
    expect(two).toMatchObject({ lastEventKind: 'dispatched', sla: { stage: 'accept', remainingMs: -3_600_000 } });
    expect(ten?.sla?.stage).toBe('complete');
    expect(work.counts).toEqual({ openOrders: 5, overdueOrders: 3, newHandovers: 2, followUpsDue: 2, campaignCallBacks: 0, complaints: 2, conflicts: 1 });
    // The limit shortens the list, not the counts.
    const short = myWork(cache, me, NOW, 2);
    expect(numbers(short.orders.map((o) => o.order))).toEqual([3, 2]);
    expect(short.counts.openOrders).toBe(5);
    cache.close();
  });

  it('shows the orders handed over since the agent last looked as new, with who handed them over and the note; looking clears the mark, also after a restart', () => {
    const file = 'handovers';
    let cache = seededCache(file);
    let work = myWork(cache, me, NOW, 200);
    // Order 4 went back to 李娜, order 5 is closed: not listed; order 14's is 8 days old. Order 10's is two days old: listed only while new.
    expect(work.handovers.map((h) => [Number(h.orderNumber.slice(-4)), h.fromAgentName, h.note, h.isNew])).toEqual([
      [3, '李娜', '客户下午三点后在家，备件已到', true],
      [10, '李娜', null, true],
    ]);
    expect(work.handovers[0]).toMatchObject({ customerName: '张伟', customerId: customerA, fromAgentId: li.id, at: hoursBefore(0.33) });
    expect(work.lastLookedVersion).toBe(0);

    // The agent looked at the list as it was: both are seen.
    const newest = Math.max(...work.handovers.map((h) => h.eventVersion));
    expect(markMyWorkLooked(cache, me.id, newest)).toEqual({ lastLookedVersion: newest });
    // A page showing older data cannot make them new again.
    expect(markMyWorkLooked(cache, me.id, 1)).toEqual({ lastLookedVersion: newest });
    cache.close();

    cache = LocalCache.open(path.join(tmp.dir, `${file}.db`));
    work = myWork(cache, me, NOW, 200);
    expect(work.lastLookedVersion).toBe(newest);
    // Seen: the one of this shift stays listed without the mark, the one of two days ago goes.
    expect(work.handovers.map((h) => [Number(h.orderNumber.slice(-4)), h.isNew])).toEqual([[3, false]]);
    expect(work.counts.newHandovers).toBe(0);

    // A later handover (pulled after the agent looked) is new.
    cache.serviceOrders.upsert(order(13, { createdAt: hoursBefore(1), ownerAgentId: me.id }));
    cache.orderEvents.add(handover(20, 13, hoursBefore(0.1)));
    work = myWork(cache, me, NOW, 200);
    expect(work.handovers.map((h) => [Number(h.orderNumber.slice(-4)), h.isNew])).toEqual([
      [13, true],
      [3, false],
    ]);
    expect(work.counts.newHandovers).toBe(1);
    // Another agent's last-looked mark is their own.
    expect(myWork(cache, { ...li }, NOW, 200).lastLookedVersion).toBe(0);
    cache.close();
  });

  it("names the supervisor and their reason when the supervisor reassigned 李娜's order to me from the team board; a handover by its owner names no one else", () => {
    const cache = seededCache('reassigned');
    const zhao = { id: '1b1c2d3e-4f50-4a6b-8c7d-000000000009', login: 'bj.super', displayName: '赵敏', branchId, role: 'supervisor' as const };
    cache.writeMeta('branch.agents', JSON.stringify([li, me, zhao]));
    cache.serviceOrders.upsert(order(15, { createdAt: hoursBefore(3) }));
    cache.orderEvents.add({ ...handover(30, 15, hoursBefore(0.05)), agentId: zhao.id, note: '李娜今日离岗' });
    const work = workstationMethods['myWork.show'].output.parse(myWork(cache, me, NOW, 200));
    const [reassigned, handed] = work.handovers;
    expect(reassigned).toMatchObject({ orderNumber: expect.stringMatching(/0015$/), fromAgentId: li.id, fromAgentName: '李娜', byAgentId: zhao.id, byAgentName: '赵敏', note: '李娜今日离岗', isNew: true });
    expect(handed).toMatchObject({ fromAgentName: '李娜', byAgentId: null, byAgentName: null, note: '客户下午三点后在家，备件已到' });
    cache.close();
  });

  it("lists follow-ups of the agent's orders due today and call backs at their times, soonest first; not tomorrow's, not another agent's", () => {
    const cache = seededCache('follow-ups');
    const work = myWork(cache, me, NOW, 200);
    expect(work.followUps.map((f) => [Number(f.orderNumber.slice(-4)), f.callBack, f.followUp.dueAt, f.customerName, f.customerPhone])).toEqual([
      [7, false, hoursBefore(2), '刘洋', '+8613900139000'],
      [12, true, hoursBefore(-3), '刘洋', '+8613900139000'],
    ]);
    // Tomorrow (Beijing), the call back of order 11 is due today and order 12's is overdue.
    const tomorrow = new Date(NOW.getTime() + 24 * 3_600_000);
    expect(numbers(myWork(cache, me, tomorrow, 200).followUps)).toEqual([7, 12, 11]);
    cache.close();
  });

  it("lists the agent's campaign call backs due today beside the follow-ups, soonest first: assigned to me, or to nobody and set by me; synced like any target", () => {
    const cache = seededCache('campaign-call-backs');
    const campaignId = 'ca000000-0000-4000-8000-000000000001';
    cache.campaigns.upsert({ id: campaignId, branchId, name: '老用户延保优惠', kind: 'promotion', script: '', startsOn: '2026-11-01', endsOn: '2026-12-31', version: ++version, deleted: false });
    const target = (n: number, over: Partial<CampaignTarget>): CampaignTarget => ({
      id: `ca100000-0000-4000-8000-${String(n).padStart(12, '0')}`, campaignId, branchId, customerId: customerA, phone: '+8613800138000', position: n, status: 'call_back',
      outcomeNotes: '客户说晚上八点后再打', calledAt: hoursBefore(3), calledBy: me.id, assignedAgentId: me.id, callBackAt: hoursBefore(-2), version: ++version, deleted: false, ...over,
    });
    for (const t of [
      target(1, {}), // mine, later today (22:00 Beijing)
      target(2, { assignedAgentId: null, callBackAt: hoursBefore(1), customerId: customerB, phone: '+8613900139000' }), // assigned to nobody, set by me, an hour overdue
      target(3, { assignedAgentId: li.id }), // 李娜's, though I set it
      target(4, { assignedAgentId: null, calledBy: li.id }), // set by 李娜, assigned to nobody
      target(5, { callBackAt: hoursBefore(-20) }), // tomorrow
      target(6, { status: 'done', callBackAt: null }), // called: done
      target(7, { deleted: true }), // a tombstone
    ]) cache.campaignTargets.upsert(t);
    const work = myWork(cache, me, NOW, 200);
    expect(work.campaignCallBacks.map((c) => [Number(c.target.id.slice(-2)), c.target.callBackAt, c.campaignName, c.customerName])).toEqual([
      [2, hoursBefore(1), '老用户延保优惠', '刘洋'],
      [1, hoursBefore(-2), '老用户延保优惠', '张伟'],
    ]);
    expect(work.counts.campaignCallBacks).toBe(2);
    // The follow-ups' call backs are still there, beside them.
    expect(work.followUps.some((f) => f.callBack)).toBe(true);
    // The limit shortens the list, not the count; tomorrow's comes due tomorrow.
    expect(myWork(cache, me, NOW, 1).campaignCallBacks).toHaveLength(1);
    expect(myWork(cache, me, NOW, 1).counts.campaignCallBacks).toBe(2);
    expect(myWork(cache, me, new Date(NOW.getTime() + 24 * 3_600_000), 200).campaignCallBacks.map((c) => Number(c.target.id.slice(-2)))).toEqual([2, 1, 5]);
    // A pulled change (the target called, done) takes it off the list.
    cache.campaignTargets.upsert(target(1, { status: 'done', callBackAt: null }));
    expect(myWork(cache, me, NOW, 200).campaignCallBacks.map((c) => Number(c.target.id.slice(-2)))).toEqual([2]);
    cache.close();
  });

  it("lists the agent's open complaints with the deadline that runs, soonest resolve deadline first", () => {
    const cache = seededCache('complaints');
    const work = myWork(cache, me, NOW, 200);
    expect(work.complaints.map((c) => [c.complaint.id.slice(-1), c.customerName, c.deadline])).toEqual([
      ['2', '张伟', { kind: 'resolve', dueAt: hoursBefore(-10), overdue: false }],
      ['1', '张伟', { kind: 'acknowledge', dueAt: hoursBefore(1), overdue: true }],
    ]);
    cache.close();
  });

  it("lists the agent's parts requests still moving or settled lately, and the conflicts on the agent's changes", () => {
    const cache = seededCache('parts');
    const work = myWork(cache, me, NOW, 200);
    expect(work.partsRequests.map((p) => [p.partNumber, p.status, p.orderNumber.slice(-4), p.customerName])).toEqual([['P-1', 'shipped', '0010', '张伟']]);
    expect(work.conflicts.map((c) => c.id)).toEqual(['cf000000-0000-4000-8000-000000000001']);
    cache.close();
  });

  it('finds the agent\'s rows through the indexes of migration 17, not by scanning the branch', () => {
    const cache = seededCache('plans');
    const plan = (sql: string) => (cache.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan("SELECT * FROM service_orders o WHERE o.owner_agent_id = 'x' AND o.deleted = 0 AND o.status IN ('new', 'dispatched')")).toContain('service_orders_owner');
    expect(plan("SELECT * FROM order_events e WHERE e.to_owner_agent_id = 'x' AND e.kind = 'owner_changed' AND e.deleted = 0")).toContain('order_events_handed_to');
    expect(plan("SELECT * FROM complaints WHERE taken_by = 'x' AND status NOT IN ('resolved', 'confirmed') AND deleted = 0 ORDER BY resolve_due_at")).toContain('complaints_taken_by_open');
    cache.close();
  });
});
