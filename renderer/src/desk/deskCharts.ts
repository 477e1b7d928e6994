import type { KpiFigure, KpiPeriod, KpiRow } from '../../../shared/domain/kpis.js';
import type { SlaStage } from '../../../shared/domain/orderSla.js';
import { derivedFigures, SLA_STAGES, slaMissedFigure } from './deskFigures.js';

/**
 * What the desk's charts plot (DeskCharts.tsx draws them with Recharts): one group's trend over the
 * periods of the rows loaded, one chart at a time. Each bar knows the row it came from and the
 * figure whose orders it opens (the existing drill-down), or none where no order lies behind it
 * (calls, handle time).
 */
export const CHART_KINDS = ['calls', 'aht', 'satisfaction', 'complaints', 'fcr', 'sla'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** The series' names: the value's key in a ChartPoint and its i18n key under desk.charts.series. */
type ChartSeriesKey = 'answered' | 'missed' | 'aht' | 'score1' | 'score2' | 'score3' | 'score4' | 'score5' | 'complaintRate' | 'fcr' | SlaStage;

/** One bar series: its value in a point, whether it stacks, its colour, and what its bars drill into. */
export interface ChartSeries {
  key: ChartSeriesKey;
  color: string;
  stack: boolean;
  /** Values are shares shown as per cent. */
  percent: boolean;
  /** The figure whose orders a bar lists, and how many orders that is. */
  drill: { figure: KpiFigure; count(row: KpiRow): number } | null;
}

const SCORE_COLORS = ['#c0392b', '#e07a1f', '#c9b22c', '#6aa84f', '#2e7d32'];
const STAGE_COLORS = ['#1f5fbf', '#6b8fd6', '#2f9e8f', '#8e6bbf'];
const lowRated = (row: KpiRow) => row.satisfaction.byScore[0] + row.satisfaction.byScore[1];

export function chartSeries(kind: ChartKind): ChartSeries[] {
  switch (kind) {
    case 'calls':
      return [
        { key: 'answered', color: '#2e7d32', stack: true, percent: false, drill: null },
        { key: 'missed', color: '#c0392b', stack: true, percent: false, drill: null },
      ];
    case 'aht':
      return [{ key: 'aht', color: '#1f5fbf', stack: false, percent: false, drill: null }];
    case 'satisfaction':
      // Scores 1–2 open the low-scored follow-ups' orders, 3–5 every rated one.
      return SCORE_COLORS.map((color, i) => ({
        key: `score${(i + 1) as 1 | 2 | 3 | 4 | 5}`,
        color,
        stack: true,
        percent: false,
        drill: i < 2 ? { figure: 'low_rated', count: lowRated } : { figure: 'rated', count: (row) => row.satisfaction.rated },
      }));
    case 'complaints':
      // Per 1,000 orders made: a bar opens the orders complained about (complaints naming an order).
      return [{ key: 'complaintRate', color: '#b03a2e', stack: false, percent: false, drill: { figure: 'complained', count: (row) => row.complaints.received } }];
    case 'fcr':
      return [{ key: 'fcr', color: '#1f5fbf', stack: false, percent: true, drill: { figure: 'not_resolved', count: (row) => row.firstContact.orders - row.firstContact.resolved } }];
    case 'sla':
      return SLA_STAGES.map((stage, i) => ({ key: stage, color: STAGE_COLORS[i]!, stack: false, percent: true, drill: { figure: slaMissedFigure(stage), count: (row) => row.sla[stage].missed } }));
  }
}

/** One period of the chosen group: the row, and each series' value (null: nothing to show). */
export interface ChartPoint {
  period: string;
  row: KpiRow;
  [series: string]: number | null | string | KpiRow;
}

const asPercent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

function valuesOf(kind: ChartKind, row: KpiRow): Record<string, number | null> {
  const d = derivedFigures(row);
  switch (kind) {
    case 'calls':
      return { answered: row.calls?.answered ?? null, missed: row.calls?.missed ?? null };
    case 'aht':
      return { aht: d.averageHandleSeconds === null ? null : Math.round(d.averageHandleSeconds) };
    case 'satisfaction':
      return Object.fromEntries(row.satisfaction.byScore.map((n, i) => [`score${i + 1}`, n]));
    case 'complaints':
      return { complaintRate: d.complaintsPerThousand };
    case 'fcr':
      return { fcr: asPercent(d.firstContactRate) };
    case 'sla':
      return Object.fromEntries(SLA_STAGES.map((s) => [s, asPercent(d.slaMetRate[s])]));
  }
}

/** The groups of the rows loaded, in the order they first appear, with their most active row first in mind: the chart starts on the first. */
export function chartGroups(rows: readonly KpiRow[]): KpiRow[] {
  const seen = new Map<string, KpiRow>();
  for (const row of rows) if (!seen.has(row.key)) seen.set(row.key, row);
  return [...seen.values()];
}

/** The chosen group's points, oldest period first. */
export function chartPoints(kind: ChartKind, rows: readonly KpiRow[], groupKey: string): ChartPoint[] {
  return rows
    .filter((r) => r.key === groupKey)
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
    .map((row) => ({ period: row.period, row, ...valuesOf(kind, row) }));
}

/** The period as an axis names it: a day or a week by its first day (11-02), a month as 2026-11. */
export function periodTick(period: KpiPeriod, start: string): string {
  return period === 'month' ? start.slice(0, 7) : start.slice(5);
}
