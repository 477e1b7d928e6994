import { describe, expect, it } from 'vitest';
import type { KpiRow } from '../../shared/domain/kpis.js';
import { derivedFigures, figuresCsv } from '../../renderer/src/desk/deskFigures.js';
import { createDeskStore } from '../../renderer/src/desk/deskStore.js';
import { FakeBridge } from './fakeBridge.js';

const AGENT = '00000000-0000-4000-8000-000000000001';
const ORDER = '00000000-0000-4000-8000-000000000002';
const CUSTOMER = '00000000-0000-4000-8000-000000000003';
const BRANCH = '00000000-0000-4000-8000-000000000004';

const row: KpiRow = {
  period: '2026-11-01',
  key: AGENT,
  label: '李娜, "A"',
  calls: { answered: 3, missed: 1, handleSeconds: 660 },
  firstContact: { orders: 4, resolved: 3 },
  satisfaction: { rated: 2, scoreSum: 7, byScore: [0, 1, 0, 0, 1] },
  sla: { dispatch: { met: 1, missed: 1 }, accept: { met: 0, missed: 0 }, onSite: { met: 2, missed: 0 }, complete: { met: 1, missed: 3 } },
  parts: { received: 2, cycleSeconds: 259_200 },
  complaints: { received: 1, orders: 4 },
};

describe('desk figures', () => {
  it('divides the sums: AHT, rates, mean, days; nothing to divide by is null', () => {
    expect(derivedFigures(row)).toEqual({
      averageHandleSeconds: 220,
      firstContactRate: 0.75,
      satisfactionMean: 3.5,
      slaMetRate: { dispatch: 0.5, accept: null, onSite: 1, complete: 0.25 },
      partsCycleDays: 1.5,
      complaintsPerThousand: 250,
    });
    expect(derivedFigures({ ...row, calls: null }).averageHandleSeconds).toBeNull();
  });

  it('writes CSV with a byte-order mark, CRLF and quoted fields', () => {
    const header = Array.from({ length: 28 }, (_, i) => (i === 1 ? '分组' : `c${i}`));
    const csv = figuresCsv([row], header, (r) => r.label);
    expect(csv.startsWith('\uFEFFc0,分组,c2,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).toBe('2026-11-01,"李娜, ""A""",3,1,220,4,3,0.75,2,3.5,0,1,0,0,1,1,1,0,0,2,0,1,3,2,1.5,4,1,250');
  });

  it('leaves the complaint columns empty, not zero, for figures kept before complaints were counted', () => {
    const header = Array.from({ length: 28 }, (_, i) => `c${i}`);
    const line = figuresCsv([row], header, (r) => r.label, ['complaints']).slice(1).split('\r\n')[1];
    expect(line).toBe('2026-11-01,"李娜, ""A""",3,1,220,4,3,0.75,2,3.5,0,1,0,0,1,1,1,0,0,2,0,1,3,2,1.5,,,');
  });
});

describe('desk store', () => {
  it('opens with the role’s grouping, reads the figures, drills into a figure and keeps the offline mark', async () => {
    const bridge = new FakeBridge()
      .handle('desk.figures', () => ({ page: { items: [row], nextCursor: null, computedAt: '2026-11-30T10:00:00.000Z' }, fresh: false, missing: ['complaints'] }))
      .handle('desk.figureOrders', () => ({
        items: [{ id: ORDER, orderNumber: 'BJ01-01-20261101-0001', branchId: BRANCH, customerId: CUSTOMER, status: 'new', type: 'repair', ownerAgentId: AGENT, createdAt: '2026-11-02T01:00:00.000Z' }],
        nextCursor: null,
      }));
    const opened: string[] = [];
    const store = createDeskStore(bridge, { defaultDimension: () => 'branch', now: () => new Date('2026-12-07T20:00:00.000Z'), onOpenCustomer: (id) => opened.push(id) });
    await store.getState().openPanel();
    // 20:00 UTC is the next hotline day (UTC+8): the week of days ends on 8 December.
    expect(bridge.callsOf('desk.figures')).toEqual([{ period: 'day', by: 'branch', from: '2026-12-02', to: '2026-12-08', limit: 100 }]);
    expect(store.getState()).toMatchObject({ phase: 'loaded', rows: [row], fresh: false, missing: ['complaints'], computedAt: '2026-11-30T10:00:00.000Z' });

    await store.getState().setQuery({ period: 'month' });
    expect(bridge.callsOf('desk.figures')[1]).toEqual({ period: 'month', by: 'branch', from: '2026-06-09', to: '2026-12-08', limit: 100 });

    await store.getState().openDrill(row, 'sla_missed_complete');
    expect(bridge.callsOf('desk.figureOrders')).toEqual([{ figure: 'sla_missed_complete', period: 'month', start: '2026-11-01', by: 'branch', key: AGENT, limit: 50 }]);
    expect(store.getState().drill?.orders.map((o) => o.id)).toEqual([ORDER]);

    store.getState().openCustomer(CUSTOMER);
    expect(opened).toEqual([CUSTOMER]);
    expect(store.getState()).toMatchObject({ panelOpen: false, drill: null });
  });
});
