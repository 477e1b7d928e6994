import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationService } from '../../main/services/workstationService.js';
import type { FollowUp } from '../../shared/domain/followUp.js';
import type { AgentFiguresToday } from '../../shared/domain/interaction.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { CustomerCard } from '../../shared/workstationApi.js';
import { DEMO_LOGINS } from '../../server/seed/demoLogins.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { DEMO_AGENT } from '../support/demo.js';
import type { FaultyProxy } from '../support/faultyProxy.js';
import { ok, seatsOnOwnLinks } from '../support/seats.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Seat A completes an order and hands another to seat B's agent; the backend schedules the call
 * back. Seat B, offline, records the call back's result: it counts in B's figures at once, and
 * once pushed the follow-up is no longer open anywhere.
 */
const tmp = makeTempDir('follow-ups');
let backend: RunningBackend;
let links: FaultyProxy[] = [];
let seats: WorkstationService[] = [];
let closeSeats: (() => Promise<void>) | undefined;
const secondAgent = DEMO_LOGINS.find((l) => l.branchCode === 'BJ01' && l.login !== DEMO_AGENT.login)!;

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 120 });
  ({ seats, links, close: closeSeats } = await seatsOnOwnLinks(backend.url, tmp.dir, [DEMO_AGENT.login, secondAgent.login]));
});
afterAll(async () => {
  await closeSeats?.();
  await backend?.stop();
  tmp.cleanup();
});

describe('follow-ups and order handover between two seats', () => {
  it('completing schedules a call back; its result is recorded offline and synced; a handover reaches the new owner', async () => {
    const [a, b] = seats as [WorkstationService, WorkstationService];
    const customerId = backend.sampleCustomer.id;
    const toComplete = ok<ServiceOrder>(await a.dispatch('orders.create', { customerId, productId: null, type: 'repair', fault: '冰箱不制冷' }));
    const toHandOver = ok<ServiceOrder>(await a.dispatch('orders.create', { customerId, productId: null, type: 'installation', fault: '安装挂机' }));
    for (const status of ['dispatched', 'accepted', 'in_service', 'completed'] as const) {
      ok(await a.dispatch('orders.changeStatus', { orderId: toComplete.id, status }));
    }
    const server = new Database(backend.dbFile, { readonly: true });
    const owner = server.prepare('SELECT id FROM agents WHERE login = ?').get(secondAgent.login) as { id: string };
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

    links[1]!.setDown(true);
    const done = ok<FollowUp>(await b.dispatch('followUps.complete', { followUpId: followUp.id, satisfaction: 4, remarks: '已上门，客户满意' }));
    expect(done).toMatchObject({ status: 'done', satisfaction: 4, doneBy: owner.id });
    expect(ok<FollowUp[]>(await b.dispatch('followUps.list', {})).some((f) => f.id === followUp.id)).toBe(false);
    expect(ok<AgentFiguresToday>(await b.dispatch('agent.figuresToday', {})).followUpsDone).toBe(1);
    const twice = await b.dispatch('followUps.complete', { followUpId: followUp.id, satisfaction: 1, remarks: '' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
    const bad = await b.dispatch('followUps.complete', { followUpId: followUp.id, satisfaction: 0, remarks: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input' } });

    expect(ok<{ online: boolean; pending: number }>(await b.dispatch('sync.now', {}))).toMatchObject({ online: false, pending: 1 });
    links[1]!.setDown(false);
    // A cycle that began while the link was down may still be finishing: the next one pushes.
    let pending = ok<{ pending: number }>(await b.dispatch('sync.now', {})).pending;
    if (pending > 0) pending = ok<{ pending: number }>(await b.dispatch('sync.now', {})).pending;
    expect(pending).toBe(0);
    ok(await a.dispatch('sync.now', {}));
    expect(ok<FollowUp[]>(await a.dispatch('followUps.list', {})).some((f) => f.id === followUp.id)).toBe(false);
    expect(ok<AgentFiguresToday>(await a.dispatch('agent.figuresToday', {})).followUpsDone).toBe(0);
  });
});
