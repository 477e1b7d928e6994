import { describe, expect, it } from 'vitest';
import { canDispatch, createOrderDispatchStore } from '../../renderer/src/orders/orderDispatchStore.js';
import type { Outlet } from '../../shared/domain/outlet.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { FakeBridge } from './fakeBridge.js';
import { BRANCH_ID, order } from './fixtures.js';

const outlet = (id: string, name: string, load: number): Outlet => ({
  id,
  version: 1,
  capacity: null,
  deleted: false,
  branchId: BRANCH_ID,
  name,
  regionCodes: ['110100'],
  categories: ['tv'],
  load,
});
const NEAR = '00000000-0000-4000-8000-0000000000a1';
const FAR = '00000000-0000-4000-8000-0000000000a2';

describe('order dispatch store', () => {
  it('offers the suggestions best first, a window tomorrow 09:00–12:00, and dispatches with it', async () => {
    const bridge = new FakeBridge({
      'orders.dispatchOptions': () => [outlet(NEAR, '海淀家电服务站', 2), outlet(FAR, '北京直属服务中心', 9)],
      'orders.dispatch': (input) => order({ id: input.orderId, status: 'dispatched', outletId: input.outletId, appointmentStart: input.appointmentStart, appointmentEnd: input.appointmentEnd }) as ServiceOrder,
    });
    const dispatched: ServiceOrder[] = [];
    const store = createOrderDispatchStore(bridge, { onDispatched: (o) => dispatched.push(o), now: () => new Date(2026, 10, 23, 15, 30) });
    const target = order({});
    await store.getState().open(target);
    expect(store.getState()).toMatchObject({ orderId: target.id, outletId: NEAR, start: '2026-11-24T09:00', end: '2026-11-24T12:00', pending: false });
    store.getState().set({ outletId: FAR });
    await store.getState().submit();
    expect(bridge.callsOf('orders.dispatch')).toEqual([
      { orderId: target.id, outletId: FAR, appointmentStart: new Date(2026, 10, 24, 9, 0).toISOString(), appointmentEnd: new Date(2026, 10, 24, 12, 0).toISOString(), takeOver: false },
    ]);
    expect(dispatched.map((o) => o.outletId)).toEqual([FAR]);
    expect(store.getState().orderId).toBeNull();
  });

  it('re-dispatch proposes another outlet than the current one; a refusal stays on the form', async () => {
    const bridge = new FakeBridge({
      'orders.dispatchOptions': () => [outlet(NEAR, '海淀家电服务站', 2), outlet(FAR, '北京直属服务中心', 9)],
      'orders.dispatch': () => {
        throw new WorkstationError('bad_input', 'appointmentEnd: the appointment window must be at most 12 hours');
      },
    });
    const store = createOrderDispatchStore(bridge);
    await store.getState().open(order({ status: 'dispatched', outletId: NEAR, appointmentStart: '2026-11-24T01:00:00.000Z', appointmentEnd: '2026-11-24T04:00:00.000Z' }));
    expect(store.getState().outletId).toBe(FAR);
    expect(await store.getState().submit()).toBeNull();
    expect(store.getState().error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/^appointmentEnd/) });
    expect(store.getState().orderId).not.toBeNull();
  });

  it('only new and dispatched orders can be dispatched', () => {
    expect(['new', 'dispatched', 'accepted', 'in_service', 'completed', 'cancelled'].filter((status) => canDispatch({ status: status as ServiceOrder['status'] }))).toEqual(['new', 'dispatched']);
  });
});
