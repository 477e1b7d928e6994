import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { TEST_COMPLETION } from '../support/orderSteps.js';
import { dispatchAtSeat } from '../support/seatDispatch.js';
import { twoSeatsOfOneBranch } from '../support/seats.js';

/**
 * Seat A completes an order and hands another to seat B's agent; the backend schedules the call
 * back. Seat B, offline, records the call back's result: it counts in B's figures at once, and
 * once pushed the follow-up is no longer open anywhere.
 */
const branch = twoSeatsOfOneBranch('follow-ups', { customers: 120 });

describe('follow-ups and order handover between two branch.seats', () => {
  it('completing schedules a call back; its result is recorded offline and synced; a handover reaches the new owner', async () => {
    const [a, b] = branch.clients;
    const customerId = branch.backend.sampleCustomer.id;
    // Today's figures before: the demo day may already hold follow-ups done today (seeded after midnight in China).
    const doneBefore = { a: (await a.agent.figuresToday()).followUpsDone, b: (await b.agent.figuresToday()).followUpsDone };
    const toComplete = await a.orders.create({ customerId, productId: null, type: 'maintenance', fault: '冰箱保养' });
    const toHandOver = await a.orders.create({ customerId, productId: null, type: 'maintenance', fault: '清洗挂机' });
    await dispatchAtSeat(a, toComplete.id);
    for (const status of ['accepted', 'in_service', 'completed'] as const) {
      await a.orders.changeStatus({ orderId: toComplete.id, status, ...(status === 'completed' ? { completion: TEST_COMPLETION } : {}) });
    }
    const server = new Database(branch.backend.dbFile, { readonly: true });
    const owner = server.prepare('SELECT id FROM agents WHERE login = ?').get(branch.secondAgent.login) as { id: string };
    server.close();
    await a.orders.reassign({ orderId: toHandOver.id, ownerAgentId: owner.id });
    expect((await a.sync.now()).pending).toBe(0);
    await a.sync.now();
    await b.sync.now();

    const card = (await b.customers.card({ customerId }))!;
    expect(card.orders.find((o) => o.id === toHandOver.id)?.ownerAgentId).toBe(owner.id);
    for (const seat of [a, b]) {
      const open = await seat.followUps.list();
      expect(open.filter((f) => f.orderId === toComplete.id)).toHaveLength(1);
    }
    const followUp = (await b.followUps.list()).find((f) => f.orderId === toComplete.id)!;

    branch.links[1]!.setDown(true);
    const done = await b.followUps.complete({ followUpId: followUp.id, outcome: 'done', satisfaction: 4, remarks: '已上门，客户满意' });
    expect(done).toMatchObject({ status: 'done', satisfaction: 4, doneBy: owner.id, lastOutcome: 'done', attempts: 1 });
    // The follow-up closes the loop at once, offline: the order is followed up, its timeline shows the score and remark.
    const visitedAtB = (await b.customers.card({ customerId }))!.orders.find((o) => o.id === toComplete.id);
    expect(visitedAtB?.status).toBe('visited');
    expect((await b.orders.timeline({ orderId: toComplete.id })).followUp).toMatchObject({ satisfaction: 4, remarks: '已上门，客户满意' });
    expect((await b.followUps.list()).some((f) => f.id === followUp.id)).toBe(false);
    expect((await b.agent.figuresToday()).followUpsDone).toBe(doneBefore.b + 1);
    await expect(b.followUps.complete({ followUpId: followUp.id, outcome: 'done', satisfaction: 1, remarks: '' })).rejects.toMatchObject({
      code: 'invalid_transition',
      details: { code: 'follow_up_already_done', params: { followUpId: followUp.id } },
    });
    await expect(b.followUps.complete({ followUpId: followUp.id, outcome: 'done', satisfaction: 0, remarks: '' })).rejects.toMatchObject({ code: 'bad_input' });

    expect(await b.sync.now()).toMatchObject({ online: false, pending: 2 });
    branch.links[1]!.setDown(false);
    // A cycle that began while the link was down may still be finishing: the next one pushes.
    let pending = (await b.sync.now()).pending;
    if (pending > 0) pending = (await b.sync.now()).pending;
    expect(pending).toBe(0);
    await a.sync.now();
    expect((await a.followUps.list()).some((f) => f.id === followUp.id)).toBe(false);
    expect((await a.agent.figuresToday()).followUpsDone).toBe(doneBefore.a);
    expect((await a.customers.card({ customerId }))!.orders.find((o) => o.id === toComplete.id)?.status).toBe('visited');
    const timeline = await a.orders.timeline({ orderId: toComplete.id });
    expect(timeline.followUp).toMatchObject({ status: 'done', satisfaction: 4, remarks: '已上门，客户满意' });
    expect(timeline.events.at(-1)).toMatchObject({ kind: 'status_changed', fromStatus: 'completed', toStatus: 'visited', agentId: owner.id });
  });
});
