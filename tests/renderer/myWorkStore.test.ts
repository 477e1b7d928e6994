import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CampaignTarget } from '../../shared/domain/campaign.js';
import type { MyWork, MyWorkHandover, MyWorkPartsRequest } from '../../shared/domain/myWork.js';
import { RowChanges } from '../../renderer/src/app/rowChanges.js';
import { createMyWorkStore, myWorkRows } from '../../renderer/src/myWork/myWorkStore.js';
import { deferred, FakeBridge, flush } from './fakeBridge.js';

/**
 * The My work store: what arrives becomes a notice once (a handover, a parts request's new
 * status, a conflict), leaving My work marks the handovers it showed as looked at, a change
 * notice reloads it only when it names rows My work lists, Enter opens the row's item.
 */
const CUSTOMER = '6f1d2c3b-4a5e-4f60-8a7b-00000000000a';
const ORDER = 'b1b2c3d4-0000-4000-8000-000000000001';

function handover(n: number, over: Partial<MyWorkHandover> = {}): MyWorkHandover {
  return {
    eventId: `e0000000-0000-4000-8000-00000000000${n}`, eventVersion: 100 + n, orderId: ORDER, orderNumber: `BJ01-01-20261207-000${n}`, customerId: CUSTOMER, customerName: '张伟',
    fromAgentId: null, fromAgentName: '李娜', byAgentId: null, byAgentName: null, note: '备件已到', at: '2026-12-07T04:00:00.000Z', isNew: true, ...over,
  };
}

function parts(status: MyWorkPartsRequest['status']): MyWorkPartsRequest {
  return { id: 'd0000000-0000-4000-8000-000000000001', orderId: ORDER, orderNumber: 'BJ01-01-20261207-0009', customerId: CUSTOMER, customerName: '张伟', partNumber: 'PCB-1', quantity: 1, status, updatedAt: '2026-12-07T04:00:00.000Z' };
}

function work(over: Partial<MyWork> = {}): MyWork {
  const handovers = over.handovers ?? [];
  return {
    asOf: '2026-12-07T05:00:00.000Z',
    counts: { openOrders: 0, overdueOrders: 0, newHandovers: handovers.filter((h) => h.isNew).length, followUpsDue: 0, campaignCallBacks: 0, complaints: 0, conflicts: over.conflicts?.length ?? 0 },
    orders: [], handovers, followUps: [], campaignCallBacks: [], complaints: [], partsRequests: [], conflicts: [], lastLookedVersion: 0, ...over,
  };
}

function setup(answers: MyWork[]) {
  let next = 0;
  const bridge = new FakeBridge()
    .handle('myWork.show', () => answers[Math.min(next++, answers.length - 1)]!)
    .handle('myWork.markLooked', ({ upToVersion }) => ({ lastLookedVersion: upToVersion }));
  const opened: string[] = [];
  const store = createMyWorkStore(bridge, {
    onOpenOrder: (customerId, orderId) => opened.push(`order ${customerId} ${orderId}`),
    onOpenComplaint: (customerId, complaintId) => opened.push(`complaint ${customerId} ${complaintId}`),
    onOpenConflicts: () => opened.push('conflicts'),
    onOpenCampaignTarget: (customerId, targetId) => opened.push(`campaign ${customerId} ${targetId}`),
  });
  return { bridge, store, opened };
}

const changed = (entity: 'orderEvent' | 'interaction' | 'partsRequest' | 'conflict') => new RowChanges([{ entity, ids: ['x'], customerIds: [], orderIds: [] }]);

describe('My work store', () => {
  it('tells of handed-over orders once, of a parts request whose status changed, and of a conflict waiting', async () => {
    const conflict = { id: 'cf000000-0000-4000-8000-000000000001', entity: 'customer' as const, entityId: CUSTOMER, field: 'address', createdAt: '2026-12-07T04:00:00.000Z' };
    const { store } = setup([
      work({ handovers: [handover(1)], partsRequests: [parts('requested')] }),
      work({ handovers: [handover(1)], partsRequests: [parts('shipped')] }),
      work({ handovers: [handover(2), handover(1)], partsRequests: [parts('shipped')], conflicts: [conflict] }),
    ]);
    await store.getState().show();
    // At the first read: the handover waiting since the last look; a parts status is only a starting point.
    expect(store.getState().notices.map((n) => n.kind)).toEqual(['handover']);
    store.getState().rowsChanged(changed('partsRequest'));
    await flush();
    expect(store.getState().notices.map((n) => n.kind)).toEqual(['handover', 'partsRequest']);
    expect(store.getState().notices[1]).toMatchObject({ status: 'shipped', partNumber: 'PCB-1' });
    store.getState().rowsChanged(changed('orderEvent'));
    await flush();
    // The second handover only (the first was told already), and the conflict.
    expect(store.getState().notices.slice(2)).toMatchObject([{ kind: 'handover', orderNumber: 'BJ01-01-20261207-0002', count: 1 }, { kind: 'conflict', count: 1 }]);
  });

  it('reloads on a change notice naming rows it lists, not on others, once per burst', async () => {
    const { bridge, store } = setup([work()]);
    await store.getState().show();
    expect(bridge.callsOf('myWork.show')).toHaveLength(1);
    store.getState().rowsChanged(changed('interaction'));
    await flush();
    expect(bridge.callsOf('myWork.show')).toHaveLength(1);
    store.getState().rowsChanged(changed('orderEvent'));
    await flush();
    expect(bridge.callsOf('myWork.show')).toHaveLength(2);
    // A burst of notices (a sync's pages) while a read runs: one more read after it, not one each.
    for (let i = 0; i < 5; i++) store.getState().rowsChanged(changed('orderEvent'));
    await flush();
    await flush();
    expect(bridge.callsOf('myWork.show')).toHaveLength(4);
  });

  it('Enter opens the row at its item and leaves My work, marking the handovers it showed as looked at', async () => {
    const { bridge, store, opened } = setup([work({ handovers: [handover(2), handover(1, { isNew: false })] })]);
    await store.getState().show({ focus: true });
    expect(store.getState().focusRequest).toBe(1);
    expect(myWorkRows(store.getState().work).map((r) => r.kind)).toEqual(['handover', 'handover']);
    store.getState().move(1);
    store.getState().move(1);
    expect(store.getState().selected).toBe(1);
    store.getState().open();
    expect(opened).toEqual([`order ${CUSTOMER} ${ORDER}`]);
    expect(store.getState().shown).toBe(false);
    expect(bridge.callsOf('myWork.markLooked')).toEqual([{ upToVersion: 102 }]);
    expect(store.getState().work?.handovers.map((h) => h.isNew)).toEqual([false, false]);
    expect(store.getState().work?.counts.newHandovers).toBe(0);
    expect(store.getState().notices).toEqual([]);
  });

  it('a read under way when the agent looked cannot bring the new mark back', async () => {
    const stale = deferred<MyWork>();
    const answers: Array<() => MyWork | Promise<MyWork>> = [
      () => work({ handovers: [handover(1)] }),
      () => stale.promise,
      () => work({ handovers: [handover(1, { isNew: false })], lastLookedVersion: 101 }),
    ];
    let next = 0;
    const bridge = new FakeBridge()
      .handle('myWork.show', () => answers[Math.min(next++, answers.length - 1)]!())
      .handle('myWork.markLooked', ({ upToVersion }) => ({ lastLookedVersion: upToVersion }));
    const store = createMyWorkStore(bridge, {});
    await store.getState().show();
    store.getState().rowsChanged(changed('orderEvent')); // a sync: a read starts
    await flush();
    store.getState().open(0); // the agent opens the handover meanwhile
    const marks: boolean[] = [];
    store.subscribe((state) => marks.push(state.work?.handovers[0]?.isNew ?? false));
    stale.resolve(work({ handovers: [handover(1)] })); // the read answers from before the look
    await flush();
    await flush();
    expect(bridge.callsOf('myWork.markLooked')).toEqual([{ upToVersion: 101 }]);
    expect(bridge.callsOf('myWork.show')).toHaveLength(3);
    expect(store.getState().work?.handovers[0]?.isNew).toBe(false);
    expect(store.getState().work?.counts.newHandovers).toBe(0);
    // Never shown as new again, not even for a moment.
    expect(marks.length).toBeGreaterThan(0);
    expect(marks).not.toContain(true);
  });

  describe('call backs at their times', () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    const TARGET = 'ca100000-0000-4000-8000-000000000001';
    const callBack = (callBackAt: string) => ({
      target: {
        id: TARGET, campaignId: 'ca000000-0000-4000-8000-000000000001', branchId: '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d', customerId: CUSTOMER, phone: '+8613800138000', position: 1,
        status: 'call_back', outcomeNotes: '', calledAt: '2026-12-07T04:00:00.000Z', calledBy: null, assignedAgentId: null, callBackAt, version: 1, deleted: false,
      } satisfies CampaignTarget,
      campaignName: '老用户延保优惠',
      customerName: '张伟',
    });

    it('reminds in app (and with a notice) when a campaign call back’s time comes, once; Enter on the reminder opens the target', async () => {
      vi.useFakeTimers({ now: new Date('2026-12-07T05:00:00.000Z') });
      const { store, opened } = setup([work({ campaignCallBacks: [callBack('2026-12-07T05:10:00.000Z')] })]);
      await store.getState().show();
      expect(myWorkRows(store.getState().work).map((r) => r.kind)).toEqual(['campaignCallBack']);
      expect(store.getState().reminders).toEqual([]);
      await vi.advanceTimersByTimeAsync(9 * 60_000);
      expect(store.getState().reminders).toEqual([]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(store.getState().reminders).toMatchObject([{ kind: 'callBack', rowKey: `campaignCallBack-${TARGET}`, customerName: '张伟', about: '老用户延保优惠', at: '2026-12-07T05:10:00.000Z' }]);
      expect(store.getState().notices.map((n) => n.kind)).toEqual(['callBack']);
      // Read again (a sync, the minute's reread): the same call back is not reminded twice.
      await store.getState().refresh();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(store.getState().reminders).toHaveLength(1);
      store.getState().openReminder(store.getState().reminders[0]!.id);
      expect(store.getState().reminders).toEqual([]);
      expect(opened).toEqual([`campaign ${CUSTOMER} ${TARGET}`]);
    });

    it('reminds at once of a call back already due when My work is read, and again when it is moved to a later time', async () => {
      vi.useFakeTimers({ now: new Date('2026-12-07T05:00:00.000Z') });
      const { store } = setup([work({ campaignCallBacks: [callBack('2026-12-07T04:55:00.000Z')] }), work({ campaignCallBacks: [callBack('2026-12-07T05:30:00.000Z')] })]);
      await store.getState().show();
      expect(store.getState().reminders).toHaveLength(1);
      store.getState().dismissReminder(store.getState().reminders[0]!.id);
      await store.getState().refresh();
      expect(store.getState().reminders).toEqual([]);
      await vi.advanceTimersByTimeAsync(30 * 60_000);
      expect(store.getState().reminders).toMatchObject([{ at: '2026-12-07T05:30:00.000Z' }]);
    });
  });
});
