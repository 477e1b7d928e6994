import { describe, expect, it } from 'vitest';
import type { KpiRow } from '../../shared/domain/kpis.js';
import type { OutletVolumeRow } from '../../shared/domain/outletNetwork.js';
import { chartGroups, chartPoints, chartSeries, periodTick } from '../../renderer/src/desk/deskCharts.js';
import { createOutletNetworkStore } from '../../renderer/src/desk/outletNetworkStore.js';
import { recentMonths, regionMonths } from '../../renderer/src/desk/outletNetworkTables.js';
import { FakeBridge } from './fakeBridge.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const row = (period: string, key: string, over: Partial<KpiRow> = {}): KpiRow => ({
  period,
  key,
  label: key === A ? '李娜' : '王强',
  calls: { answered: 4, missed: 1, handleSeconds: 1000 },
  firstContact: { orders: 4, resolved: 3 },
  satisfaction: { rated: 3, scoreSum: 10, byScore: [1, 0, 0, 1, 1] },
  sla: { dispatch: { met: 3, missed: 1 }, accept: { met: 0, missed: 0 }, onSite: { met: 2, missed: 0 }, complete: { met: 1, missed: 3 } },
  parts: { received: 0, cycleSeconds: 0 },
  complaints: { received: 1, orders: 4 },
  ...over,
});

describe('the desk’s charts', () => {
  const rows = [row('2026-11-02', B), row('2026-11-02', A), row('2026-11-01', A, { calls: null, firstContact: { orders: 0, resolved: 0 } })];

  it('plot one group, oldest period first, with the figures worked out from the sums', () => {
    expect(chartGroups(rows).map((r) => r.key)).toEqual([B, A]);
    const calls = chartPoints('calls', rows, A);
    expect(calls.map((p) => [p.period, p.answered, p.missed])).toEqual([
      ['2026-11-01', null, null],
      ['2026-11-02', 4, 1],
    ]);
    expect(chartPoints('aht', rows, A)[1]!.aht).toBe(250);
    expect(chartPoints('fcr', rows, A).map((p) => p.fcr)).toEqual([null, 75]);
    // 1 complaint for 4 orders made: 250 per 1,000.
    expect(chartPoints('complaints', rows, A).map((p) => p.complaintRate)).toEqual([250, 250]);
    expect(chartPoints('sla', rows, A)[1]).toMatchObject({ dispatch: 75, accept: null, onSite: 100, complete: 25 });
    expect(chartPoints('satisfaction', rows, A)[1]).toMatchObject({ score1: 1, score2: 0, score3: 0, score4: 1, score5: 1 });
  });

  it('drill from a bar into the figure behind it, and only where orders lie behind it', () => {
    expect(chartSeries('calls').map((s) => s.drill)).toEqual([null, null]);
    expect(chartSeries('aht')[0]!.drill).toBeNull();
    const sla = chartSeries('sla');
    expect(sla.map((s) => s.drill?.figure)).toEqual(['sla_missed_dispatch', 'sla_missed_accept', 'sla_missed_onSite', 'sla_missed_complete']);
    expect(sla.map((s) => s.drill!.count(rows[1]!))).toEqual([1, 0, 0, 3]);
    const scores = chartSeries('satisfaction');
    expect(scores.map((s) => s.drill?.figure)).toEqual(['low_rated', 'low_rated', 'rated', 'rated', 'rated']);
    expect(scores[0]!.drill!.count(rows[1]!)).toBe(1);
    expect(chartSeries('fcr')[0]!.drill!.count(rows[1]!)).toBe(1);
    expect(chartSeries('complaints')[0]!.drill).toMatchObject({ figure: 'complained' });
    expect(chartSeries('complaints')[0]!.drill!.count(rows[1]!)).toBe(1);
  });

  it('name periods on the axis: days and weeks by their first day, months as the month', () => {
    expect(periodTick('day', '2026-11-02')).toBe('11-02');
    expect(periodTick('week', '2026-11-02')).toBe('11-02');
    expect(periodTick('month', '2026-11-01')).toBe('2026-11');
  });
});

describe('the outlet network view', () => {
  const volume = (month: string, regionCode: string, category: string, orders: number): OutletVolumeRow => ({ month, regionCode, regionName: regionCode === '110000' ? '北京市' : '河北省', category, outletId: null, outletName: null, technician: null, orders });

  it('shows a line per month and region with a column per product line (catalogue order, no product last)', () => {
    const { lines, categories } = regionMonths([volume('2026-10-01', '110000', '', 1), volume('2026-10-01', '110000', 'tv', 2), volume('2026-10-01', '130000', 'refrigerator', 4), volume('2026-11-01', '110000', 'tv', 1)]);
    expect(categories).toEqual(['tv', 'refrigerator', '']);
    expect(lines.map((l) => [l.month, l.regionCode, Object.fromEntries(l.byCategory), l.total])).toEqual([
      ['2026-10-01', '110000', { '': 1, tv: 2 }, 3],
      ['2026-10-01', '130000', { refrigerator: 4 }, 4],
      ['2026-11-01', '110000', { tv: 1 }, 1],
    ]);
  });

  it('offers months back from this one, across the year', () => {
    expect(recentMonths('2026-02', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
  });

  it('reads the three lists for the last six months, then pages one on', async () => {
    const page = { items: [], nextCursor: 'next', computedAt: '2026-12-07T08:00:00.000Z' };
    const bridge = new FakeBridge()
      .handle('outletNetwork.volume', () => page)
      .handle('outletNetwork.capacity', () => ({ ...page, nextCursor: null }))
      .handle('outletNetwork.gaps', () => ({ ...page, nextCursor: null }));
    const store = createOutletNetworkStore(bridge, () => new Date('2026-01-31T20:00:00.000Z'));
    await store.getState().load();
    // 20:00 UTC on 31 January is 1 February at the hotline: six months end with February.
    expect(bridge.callsOf('outletNetwork.volume')).toEqual([{ by: 'region', from: '2025-09', to: '2026-02', limit: 100 }]);
    expect(store.getState()).toMatchObject({ phase: 'loaded', computedAt: page.computedAt });
    await store.getState().more('volume');
    expect(bridge.callsOf('outletNetwork.volume').at(-1)).toEqual({ by: 'region', from: '2025-09', to: '2026-02', limit: 100, cursor: 'next' });
    await store.getState().more('capacity');
    expect(bridge.callsOf('outletNetwork.capacity')).toHaveLength(1);
  });
});
