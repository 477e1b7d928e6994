import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../shared/domain/followUp.js';
import type { AgentFiguresToday } from '../../shared/domain/interaction.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { CustomerCard } from '../../shared/workstationApi.js';
import { dispatchAtSeat } from '../support/seatDispatch.js';
import { ok, twoSeatsOfOneBranch } from '../support/seats.js';

/**
 * Seat A completes an order and hands another to seat B's agent; the backend schedules the call
 * back. Seat B, offline, records the call back's result: it counts in B's figures at once, and
 * once pushed the follow-up is no longer open anywhere.
 */
const branch = twoSeatsOfOneBranch('follow-ups', { customers: 120 });

describe('follow-ups and order handover between two branch.seats', () => {
  it('completing schedules a call back; its result is recorded offline and synced; a handover reaches the new owner', async () => {
    const [a, b] = branch.seats;
    const customerId = branch.backend.sampleCustomer.id;
    const toComplete = ok<ServiceOrder>(await a.dispatch('orders.create', { customerId, productId: null, type: 'repair', fault: '冰箱不制冷' }));
    const toHandOver = ok<ServiceOrder>(await a.dispatch('orders.create', { customerId, productId: null, type: 'installation', fault: '安装挂机' }));
    await dispatchAtSeat(a, toComplete.id);
    for (const status of ['accepted', 'in_service', 'completed'] as const) {
      ok(await a.dispatch('orders.changeStatus', { orderId: toComplete.id, status }));
    }
    const server = new Database(branch.backend.dbFile, { readonly: true });
    const owner = server.prepare('SELECT id FROM agents WHERE login = ?').get(branch.secondAgent.login) as { id: string };
    server.close();
    ok(await a.dispatch('orders.reassign', { orderId: toHandOver.id, ownerAgentId: owner.id }));
    expect(ok<{ pending: number }>(await a.dispatch('sync.now', {})).pending).toBe(0);
    ok(await a.dispatch('sync.now', {}));
    ok(await b.dispatch('sync.now', {}));

    const card = ok<CustomerCard>(await b.dispatch('customers.card', { customerId }));
    expect(card.orders.find((o) => o.id === toHandOver.id)?.ownerAgentId).toBe(owner.id);
    for (const seat of [a, b]) {
      const open = ok<FollowUp[]>(await seat.dispatch('followUps.list', {}));
      expect(open.filter((f) => f.orderId === toComplete.id)).toHaveLength(1);
    }
    const followUp = ok<FollowUp[]>(await b.dispatch('followUps.list', {})).find((f) => f.orderId === toComplete.id)!;

    branch.links[1]!.setDown(true);
    const done = ok<FollowUp>(await b.dispatch('followUps.complete', { followUpId: followUp.id, satisfaction: 4, remarks: '已上门，客户满意' }));
    expect(done).toMatchObject({ status: 'done', satisfaction: 4, doneBy: owner.id });
    expect(ok<FollowUp[]>(await b.dispatch('followUps.list', {})).some((f) => f.id === followUp.id)).toBe(false);
    expect(ok<AgentFiguresToday>(await b.dispatch('agent.figuresToday', {})).followUpsDone).toBe(1);
    const twice = await b.dispatch('followUps.complete', { followUpId: followUp.id, satisfaction: 1, remarks: '' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'invalid_transition', details: { code: 'follow_up_already_done', params: { followUpId: followUp.id } } } });
    const bad = await b.dispatch('followUps.complete', { followUpId: followUp.id, satisfaction: 0, remarks: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input' } });

    expect(ok<{ online: boolean; pending: number }>(await b.dispatch('sync.now', {}))).toMatchObject({ online: false, pending: 1 });
    branch.links[1]!.setDown(false);
    // A cycle that began while the link was down may still be finishing: the next one pushes.
    let pending = ok<{ pending: number }>(await b.dispatch('sync.now', {})).pending;
    if (pending > 0) pending = ok<{ pending: number }>(await b.dispatch('sync.now', {})).pending;
    expect(pending).toBe(0);
    ok(await a.dispatch('sync.now', {}));
    expect(ok<FollowUp[]>(await a.dispatch('followUps.list', {})).some((f) => f.id === followUp.id)).toBe(false);
    expect(ok<AgentFiguresToday>(await a.dispatch('agent.figuresToday', {})).followUpsDone).toBe(0);
  });
});
