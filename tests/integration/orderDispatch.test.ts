import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { appointmentIn, dispatchAtSeat } from '../support/seatDispatch.js';
import { twoSeatsOfOneBranch } from '../support/seats.js';

/**
 * Dispatch and handover at seats that are offline: queued in the outbox, shown on the timeline as
 * waiting, re-checked by the backend on push (the outlet's load moves there), the backend's events
 * then pulled into both seats' caches. A dispatch of an order the other seat cancelled meanwhile
 * is refused: it lands in the dead letters and is undone locally.
 */
const branch = twoSeatsOfOneBranch('order-dispatch', { customers: 120 });

describe('order dispatch and timeline at two offline seats', () => {
  it('dispatches and hands over offline, syncs the timeline to both seats, and dead-letters a dispatch the backend refuses', async () => {
    const [a, b] = branch.clients;
    const customerId = branch.backend.sampleCustomer.id;
    const kept = await a.orders.create({ customerId, productId: null, type: 'maintenance', fault: '空调漏水' });
    const contested = await a.orders.create({ customerId, productId: null, type: 'maintenance', fault: '清洗' });
    expect((await a.sync.now()).pending).toBe(0);
    await b.sync.now();
    const server = new Database(branch.backend.dbFile, { readonly: true });
    const secondAgentId = (server.prepare('SELECT id FROM agents WHERE login = ?').get(branch.secondAgent.login) as { id: string }).id;
    const loadOf = (outletId: string) => (server.prepare('SELECT load FROM outlets WHERE id = ?').get(outletId) as { load: number }).load;

    for (const link of branch.links) link.setDown(true);
    expect((await a.sync.now()).online).toBe(false);
    expect((await b.sync.now()).online).toBe(false);

    // The seat checks what the backend will: a bad window or a status change to dispatched without an outlet never reaches the outbox.
    await expect(a.orders.dispatch({ orderId: kept.id, outletId: kept.id, ...appointmentIn(20) })).rejects.toMatchObject({
      code: 'bad_input',
      details: { code: 'outlet_unknown', field: 'outletId' },
    });
    await expect(a.orders.changeStatus({ orderId: kept.id, status: 'dispatched' })).rejects.toMatchObject({ code: 'bad_input' });

    const { order: dispatched, outlet } = await dispatchAtSeat(a, kept.id);
    expect(dispatched).toMatchObject({ status: 'dispatched', outletId: outlet.id });
    await a.orders.reassign({ orderId: kept.id, ownerAgentId: secondAgentId });
    const offlineTimeline = await a.orders.timeline({ orderId: kept.id });
    expect(offlineTimeline.events.map((e) => e.kind)).toEqual(['created']);
    expect(offlineTimeline.pending.map((p) => [p.status, p.outletId, p.ownerAgentId])).toEqual([
      ['dispatched', outlet.id, null],
      [null, null, secondAgentId],
    ]);

    // Seat B's agent takes the order over to dispatch it; its owner cancels it meanwhile.
    await dispatchAtSeat(b, contested.id, true);
    await a.orders.changeStatus({ orderId: contested.id, status: 'cancelled', cancelReason: '客户已自行解决' });

    const loadBefore = loadOf(outlet.id);
    branch.links[0]!.setDown(false);
    expect((await a.sync.now()).pending).toBe(0);
    expect(loadOf(outlet.id)).toBe(loadBefore + 1);
    const serverRow = server.prepare('SELECT status, outlet_id AS outletId, owner_agent_id AS owner FROM service_orders WHERE id = ?').get(kept.id);
    expect(serverRow).toEqual({ status: 'dispatched', outletId: outlet.id, owner: secondAgentId });

    branch.links[1]!.setDown(false);
    expect((await b.sync.now()).pending).toBe(0);
    await a.sync.now();
    server.close();

    // Both seats hold the backend's timeline now, and show it with the link down again.
    for (const link of branch.links) link.setDown(true);
    for (const seat of [a, b]) {
      const timeline = await seat.orders.timeline({ orderId: kept.id });
      expect(timeline.pending).toEqual([]);
      expect(timeline.events.map((e) => [e.kind, e.outletId, e.toOwnerAgentId])).toEqual([
        ['created', null, null],
        ['dispatched', outlet.id, null],
        ['owner_changed', null, secondAgentId],
      ]);
      const card = (await seat.customers.card({ customerId }))!;
      expect(card.orders.find((o) => o.id === contested.id)?.status).toBe('cancelled');
    }
    const deadLetters = await b.sync.deadLetters();
    expect(deadLetters).toMatchObject([{ entityId: contested.id, code: 'invalid_transition' }]);
    expect(await a.sync.deadLetters()).toEqual([]);
    for (const link of branch.links) link.setDown(false);
  });
});
