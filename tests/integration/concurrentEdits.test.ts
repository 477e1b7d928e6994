import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { TEST_COMPLETION } from '../support/orderSteps.js';
import { dispatchAtSeat } from '../support/seatDispatch.js';
import { twoSeatsOfOneBranch } from '../support/seats.js';

/**
 * Two seats of one branch, both offline, edit the same customer and the same order. Back
 * online: different fields merge; the same field becomes a conflict record both seats see, with
 * both values; cancelling an order the other seat completed is refused with a reason, shown to
 * the agent, and undone locally.
 */
const branch = twoSeatsOfOneBranch('concurrent', { customers: 200 });

describe('two branch.seats editing the same records offline', () => {
  it('merge different fields, keep both values of the same field, and refuse a cancel after completion', async () => {
    const [a, b] = branch.clients;
    const server = new Database(branch.backend.dbFile, { readonly: true });
    const order = server
      .prepare(
        `SELECT o.id, o.status, o.customer_id AS customerId FROM service_orders o JOIN branches br ON br.id = o.branch_id
         WHERE br.code = 'BJ01' AND o.status IN ('new', 'dispatched', 'accepted', 'in_service') AND o.deleted = 0 LIMIT 1`,
      )
      .get() as { id: string; status: string; customerId: string };
    server.close();
    expect(order).toBeDefined();
    const customerId = branch.backend.sampleCustomer.id;

    for (const link of branch.links) link.setDown(true);
    expect((await a.sync.now()).online).toBe(false);

    await a.customers.update({ customerId, changes: { address: '朝阳区建国路88号', name: '王芳芳' } });
    await b.customers.update({ customerId, changes: { city: '天津', name: '王小芳' } });
    // Seat A's agent takes the order over and through to completed, step by step; seat B's takes it over to cancel it.
    const path = ['new', 'dispatched', 'accepted', 'in_service', 'completed'] as const;
    for (const status of path.slice(path.indexOf(order.status as (typeof path)[number]) + 1)) {
      if (status === 'dispatched') await dispatchAtSeat(a, order.id, true);
      else await a.orders.changeStatus({ orderId: order.id, status, takeOver: true, ...(status === 'completed' ? { completion: TEST_COMPLETION } : {}) });
    }
    await b.orders.changeStatus({ orderId: order.id, status: 'cancelled', cancelReason: '客户已自行解决', takeOver: true });

    branch.links[0]!.setDown(false);
    expect((await a.sync.now()).pending).toBe(0);
    branch.links[1]!.setDown(false);
    expect((await b.sync.now()).pending).toBe(0);
    await a.sync.now();

    for (const seat of [a, b]) {
      const card = (await seat.customers.card({ customerId }))!;
      // Different fields merged; on the same field the first push won and the other value is kept.
      expect(card.customer).toMatchObject({ address: '朝阳区建国路88号', city: '天津', name: '王芳芳' });
      const conflicts = await seat.sync.conflicts();
      expect(conflicts.map((c) => [c.entityId, c.field, c.mine, c.theirs])).toEqual([[customerId, 'name', '王小芳', '王芳芳']]);
      const orderCard = (await seat.customers.card({ customerId: order.customerId }))!;
      expect(orderCard.orders.find((o) => o.id === order.id)?.status).toBe('completed');
    }
    const deadLetters = await b.sync.deadLetters();
    expect(deadLetters).toMatchObject([{ entityId: order.id, code: 'invalid_transition' }]);
    expect(deadLetters[0]!.message).toMatch(/completed.*cannot be cancelled|can no longer be cancelled/);
    // The backend's refusal is kept with the letter, so the panel words it with its facts.
    expect(deadLetters[0]!.refusal).toEqual({ code: 'order_done_cannot_cancel', params: { orderNumber: expect.stringMatching(/^BJ01-/), status: 'completed' } });
    expect(await a.sync.deadLetters()).toEqual([]);

    // The agent at seat B keeps their value: it is written over the winner, and the record closes.
    const [conflict] = await b.sync.conflicts();
    await b.sync.resolveConflict({ conflictId: conflict!.id, choice: 'keepMine' });
    expect((await b.sync.now()).pending).toBe(0);
    await a.sync.now();
    for (const seat of [a, b]) {
      expect(await seat.sync.conflicts()).toEqual([]);
      expect((await seat.customers.card({ customerId }))?.customer.name).toBe('王小芳');
    }
  });

  it('shows each seat its own value as "mine", says who changed what and when, and "keep mine" keeps this seat\'s value', async () => {
    const [a, b] = branch.clients;
    const server = new Database(branch.backend.dbFile, { readonly: true });
    const customer = server
      .prepare(`SELECT c.id, c.name FROM customers c JOIN branches br ON br.id = c.branch_id WHERE br.code = 'BJ01' AND c.deleted = 0 AND c.id <> ? LIMIT 1`)
      .get(branch.backend.sampleCustomer.id) as { id: string; name: string };
    server.close();
    const agentsOfA = await a.agents.ofBranch();
    const agentB = (await b.session.current())!.agent;
    expect(agentsOfA.map((agent) => agent.id)).toContain(agentB.id);

    for (const link of branch.links) link.setDown(true);
    await a.customers.update({ customerId: customer.id, changes: { address: '朝阳区建国路1号（坐席A）' } });
    await b.customers.update({ customerId: customer.id, changes: { address: '海淀区中关村2号（坐席B）' } });
    // Seat A uploads first and wins; seat B's value becomes the conflict record's `mine`.
    branch.links[0]!.setDown(false);
    expect((await a.sync.now()).pending).toBe(0);
    branch.links[1]!.setDown(false);
    expect((await b.sync.now()).pending).toBe(0);
    await a.sync.now();

    const atA = (await a.sync.conflicts()).find((c) => c.entityId === customer.id)!;
    const atB = (await b.sync.conflicts()).find((c) => c.entityId === customer.id)!;
    expect(atB).toMatchObject({ field: 'address', pushedHere: true, mine: '海淀区中关村2号（坐席B）', theirs: '朝阳区建国路1号（坐席A）' });
    // On seat A the pushed value is the other agent's: named, with seat and time, and the record by its customer's name.
    expect(atA).toMatchObject({
      field: 'address',
      pushedHere: false,
      pushedBy: { agentId: agentB.id, agentName: agentB.displayName, seatCode: '01' },
      record: { customerName: customer.name, orderNumber: null },
    });
    expect(Date.parse(atA.createdAt)).not.toBeNaN();

    // Agent A keeps their own value: the address agent A typed stays, on both seats and the server.
    await a.sync.resolveConflict({ conflictId: atA.id, choice: 'keepMine' });
    expect((await a.sync.now()).pending).toBe(0);
    await b.sync.now();
    for (const seat of [a, b]) {
      expect((await seat.sync.conflicts()).filter((c) => c.entityId === customer.id)).toEqual([]);
      expect((await seat.customers.card({ customerId: customer.id }))?.customer.address).toBe('朝阳区建国路1号（坐席A）');
    }
    const stored = new Database(branch.backend.dbFile, { readonly: true });
    expect((stored.prepare('SELECT address FROM customers WHERE id = ?').get(customer.id) as { address: string }).address).toBe('朝阳区建国路1号（坐席A）');
    stored.close();
  });
});
