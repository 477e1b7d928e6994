import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OrderList } from '../../shared/api/rest.js';
import type { MutationResult } from '../../shared/api/syncPush.js';
import { OrderEvent } from '../../shared/domain/orderEvent.js';
import { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { dispatchPatch, serviceCentreOf } from './support/dispatch.js';
import { connect, waitFor } from './support/eventStream.js';
import { statusPatch } from '../support/orderSteps.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';
import { testEngines } from './support/testDatabase.js';

/**
 * One scope rule (server/scope/agentScope.ts): an agent reads, changes and is woken for exactly the
 * rows of their branch plus the rows they own. An order of GZ01 handed by headquarters to an agent
 * of BJ01 is worked by that agent through push and REST, and their seat's live events hear of it;
 * a BJ01 colleague gains nothing, and GZ01's agents keep what their branch gives them.
 */
describe.each(testEngines())('one scope rule on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 60, engine }, { owner: 'bj.agent1', colleague: 'bj.agent2', gz1: 'gz.agent1', gz2: 'gz.super' });
  // gz2 is GZ01's supervisor: it changes its branch's orders whoever owns them (one owner per order).
  let GZ: string;
  let BJ: string;
  let base: string;
  let orderSeq = 0;
  beforeAll(async () => {
    GZ = branchIdOf(backend, 'GZ01');
    BJ = branchIdOf(backend, 'BJ01');
    await backend.app.listen({ port: 0, host: '127.0.0.1' });
    const address = backend.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  const agentId = (login: string) => agentIdOf(backend, login);
  const current = async (id: string) => {
    const [row] = await syncedTables.serviceOrder.load(backend.database.db, [id]);
    if (!row) throw new Error(`no order ${id}`);
    return row;
  };

  /** Headquarters hands the order to `login`, through the backend's write path (a back-office job). */
  async function handTo(orderId: string, login: string): Promise<number> {
    const { version: _version, ...row } = { ...(await current(orderId)), ownerAgentId: agentId(login) };
    const [written] = await writeSyncedRows(backend.database.db, 'serviceOrder', [row]);
    return written!.version;
  }

  /** A fresh GZ01 order (made by gz.agent1's seat), handed by headquarters to bj.agent1. */
  async function orderHandedAcross(): Promise<{ id: string; customerId: string; handoverSeq: number }> {
    const customer = backend.households.find((h) => h.customer.branchId === GZ)!.customer;
    const id = randomUUID();
    const now = new Date().toISOString();
    orderSeq += 1;
    const patch = {
      orderNumber: `GZ01-21-20261123-${String(orderSeq).padStart(4, '0')}`,
      customerId: customer.id,
      productId: null,
      branchId: GZ,
      type: 'inquiry',
      status: 'new',
      fault: '新机安装',
      ownerAgentId: agentId('gz.agent1'),
      createdAt: now,
      updatedAt: now,
    };
    const [created] = await push(auth.gz1, 'serviceOrder', 'create', id, patch);
    expect(created?.status).toBe('applied');
    return { id, customerId: customer.id, handoverSeq: await handTo(id, 'bj.agent1') };
  }

  async function push(authorization: string, entity: Parameters<typeof mutationOf>[0], op: Parameters<typeof mutationOf>[1], id: string, patch: Record<string, unknown>) {
    const baseVersion = op === 'create' ? 0 : (await current(id)).version;
    return pushMutations(backend, authorization, `seat-${authorization.slice(-6)}`, [mutationOf(entity, op, id, patch, baseVersion)]);
  }
  const changeOrder = async (authorization: string, id: string, patch: Record<string, unknown>): Promise<MutationResult> => (await push(authorization, 'serviceOrder', 'update', id, patch))[0]!;
  const get = (authorization: string, url: string) => backend.app.inject({ method: 'GET', url, headers: { authorization } });
  const listed = async (authorization: string, customerId: string) => {
    const response = await get(authorization, `/orders?customerId=${customerId}&limit=100`);
    expect(response.statusCode, response.body).toBe(200);
    return OrderList.parse(response.json()).items.map((o) => o.id);
  };

  it('the owner in another branch dispatches it, moves its status and reads it by REST; their colleague cannot', async () => {
    const order = await orderHandedAcross();

    expect(await changeOrder(auth.owner, order.id, dispatchPatch(serviceCentreOf(backend, GZ)))).toMatchObject({ status: 'applied' });
    expect(await changeOrder(auth.owner, order.id, { status: 'accepted' })).toMatchObject({ status: 'applied' });
    expect(await current(order.id)).toMatchObject({ status: 'accepted', outletId: serviceCentreOf(backend, GZ), branchId: GZ, ownerAgentId: agentId('bj.agent1') });

    const detail = await get(auth.owner, `/orders/${order.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(ServiceOrder.parse(detail.json())).toMatchObject({ id: order.id, status: 'accepted' });
    expect(await listed(auth.owner, order.customerId)).toContain(order.id);
    const history = await get(auth.owner, `/orders/${order.id}/events`);
    expect(history.statusCode).toBe(200);
    expect(z.object({ items: z.array(OrderEvent) }).parse(history.json()).items.map((e) => e.kind)).toEqual(['created', 'dispatched', 'status_changed']);

    // A colleague of the owner's branch: not theirs, not their branch.
    expect(await changeOrder(auth.colleague, order.id, { status: 'in_service' })).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
    expect((await get(auth.colleague, `/orders/${order.id}`)).statusCode).toBe(403);
    expect((await get(auth.colleague, `/orders/${order.id}/events`)).statusCode).toBe(403);
    expect(await listed(auth.colleague, order.customerId)).not.toContain(order.id);
    // The order's customer stays GZ01's: the owner gets the order, not the customer's whole record.
    expect((await get(auth.owner, `/customers/${order.customerId}`)).statusCode).toBe(403);
    expect(await current(order.id)).toMatchObject({ status: 'accepted' });
  });

  it("the order's own branch keeps it; the owner changes the row, not its branch's other rows", async () => {
    const order = await orderHandedAcross();
    // Another GZ01 agent: the branch's order, still theirs to read and work.
    expect((await get(auth.gz2, `/orders/${order.id}`)).statusCode).toBe(200);
    expect(await listed(auth.gz2, order.customerId)).toContain(order.id);
    expect(await changeOrder(auth.gz2, order.id, { fault: '新机安装，需要加长管' })).toMatchObject({ status: 'applied' });

    // What the order points to stays in its branch: a BJ01 product is no reference for a GZ01 order.
    const bjProduct = backend.households.find((h) => h.customer.branchId === BJ && h.products.length > 0)!.products[0]!;
    expect(await changeOrder(auth.owner, order.id, { productId: bjProduct.id })).toMatchObject({ status: 'rejected', code: 'invalid_reference' });
    // Owning one order of GZ01 adds no rows to GZ01 on the owner's word.
    const [partsRequest] = await push(auth.owner, 'partsRequest', 'create', randomUUID(), {
      branchId: GZ,
      orderId: order.id,
      partNumber: 'PN-1',
      quantity: 1,
      status: 'requested',
      note: '',
      requestedBy: agentId('bj.agent1'),
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    expect(partsRequest).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
    const [customerEdit] = await pushMutations(backend, auth.owner, 'seat-owner', [mutationOf('customer', 'update', order.customerId, { address: '天河区' }, 0)]);
    expect(customerEdit).toMatchObject({ status: 'rejected', code: 'out_of_scope' });

    // Handed back to GZ01: the former owner loses it, in every way.
    expect(await changeOrder(auth.owner, order.id, { ownerAgentId: agentId('gz.agent1') })).toMatchObject({ status: 'applied' });
    expect(await changeOrder(auth.owner, order.id, statusPatch('cancelled'))).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
    expect((await get(auth.owner, `/orders/${order.id}`)).statusCode).toBe(403);
    expect(await listed(auth.owner, order.customerId)).not.toContain(order.id);
  });

  it("the owner's seat is woken for the order's changes and its leaving; their colleague is not", async () => {
    const order = await orderHandedAcross();
    const stream = (authorization: string) => connect(`${base}/sync/events`, { authorization });
    const [owner, colleague, gz1] = await Promise.all([stream(auth.owner), stream(auth.colleague), stream(auth.gz1)]);
    try {
      await waitFor(() => owner.changes().length === 1 && colleague.changes().length === 1 && gz1.changes().length === 1, 2_000);
      // On connect, the head of the scope: the owner's includes the handover (an entry of GZ01's log).
      expect(owner.changes()[0]!.headSeq).toBe(order.handoverSeq);
      expect(colleague.changes()[0]!.headSeq).toBeLessThan(order.handoverSeq);

      const byBranch = await changeOrder(auth.gz2, order.id, { fault: '安装位置改到客厅' });
      expect(byBranch.status).toBe('applied');
      await waitFor(() => owner.changes().length === 2 && gz1.changes().length === 2, 1_000);
      expect(owner.changes()[1]!.headSeq).toBeGreaterThanOrEqual(byBranch.status === 'applied' ? byBranch.version : Infinity);

      const byOwner = await changeOrder(auth.owner, order.id, statusPatch('cancelled'));
      expect(byOwner.status).toBe('applied');
      await waitFor(() => owner.changes().length === 3 && gz1.changes().length === 3, 1_000);

      // Handed on within GZ01: the former owner hears of it (their seat drops the order).
      expect(await changeOrder(auth.gz2, order.id, { ownerAgentId: agentId('gz.agent2') })).toMatchObject({ status: 'applied' });
      await waitFor(() => owner.changes().length === 4 && gz1.changes().length === 4, 1_000);
      // From now on, the order's changes are no longer the former owner's.
      expect(await changeOrder(auth.gz2, order.id, { fault: '已取消' })).toMatchObject({ status: 'applied' });
      await waitFor(() => gz1.changes().length === 5, 1_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(owner.changes()).toHaveLength(4);
      expect(colleague.changes()).toHaveLength(1);
    } finally {
      for (const client of [owner, colleague, gz1]) client.close();
    }
  });
});
