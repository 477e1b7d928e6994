import type { KpiFigure, KpiLaterFamily, KpiRow } from '../../../shared/domain/kpis.js';
import { complaintsPerThousandOrders } from '../../../shared/domain/complaint.js';
import type { SlaStage } from '../../../shared/domain/orderSla.js';

export const SLA_STAGES: readonly SlaStage[] = ['dispatch', 'accept', 'onSite', 'complete'];

/** The figures a row shows, worked out from its sums (null: nothing to divide by). */
export interface DerivedFigures {
  averageHandleSeconds: number | null;
  firstContactRate: number | null;
  satisfactionMean: number | null;
  slaMetRate: Record<SlaStage, number | null>;
  partsCycleDays: number | null;
  /** Complaints per 1,000 orders made (complaint.ts's rule: two decimals). */
  complaintsPerThousand: number | null;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function derivedFigures(row: KpiRow): DerivedFigures {
  return {
    averageHandleSeconds: row.calls ? ratio(row.calls.handleSeconds, row.calls.answered) : null,
    firstContactRate: ratio(row.firstContact.resolved, row.firstContact.orders),
    satisfactionMean: ratio(row.satisfaction.scoreSum, row.satisfaction.rated),
    slaMetRate: Object.fromEntries(SLA_STAGES.map((s) => [s, ratio(row.sla[s].met, row.sla[s].met + row.sla[s].missed)])) as Record<SlaStage, number | null>,
    partsCycleDays: ratio(row.parts.cycleSeconds, row.parts.received * 86_400),
    complaintsPerThousand: complaintsPerThousandOrders(row.complaints.received, row.complaints.orders),
  };
}

/** The figure whose orders a stage's cell opens. */
export function slaMissedFigure(stage: SlaStage): KpiFigure {
  return `sla_missed_${stage}`;
}

/** One CSV field: quoted when it holds a separator, a quote or a line break. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const rounded = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));

/**
 * The rows as CSV (RFC 4180, CRLF), with a byte-order mark so spreadsheet programs read the
 * Chinese as UTF-8. `header` names the columns in the desk's language; `groupLabel` names a row's group.
 */
export function figuresCsv(rows: readonly KpiRow[], header: readonly string[], groupLabel: (row: KpiRow) => string, missing: readonly KpiLaterFamily[] = []): string {
  const lines = rows.map((row) => [row.period, ...figureValues(row, groupLabel, missing)].map(csvField).join(','));
  return `\uFEFF${[header.map(csvField).join(','), ...lines].join('\r\n')}\r\n`;
}

/**
 * A row's cells after its period, in CSV_COLUMNS' order (the group, then counts and the figures
 * worked out from them); a family the kept figures lack (`missing`) is empty, not zero.
 */
export function figureValues(row: KpiRow, groupLabel: (row: KpiRow) => string, missing: readonly KpiLaterFamily[] = []): Array<string | number | null> {
  const d = derivedFigures(row);
  const complaints = missing.includes('complaints') ? [null, null, null] : [row.complaints.orders, row.complaints.received, d.complaintsPerThousand];
  return [
    groupLabel(row),
    row.calls?.answered ?? null,
    row.calls?.missed ?? null,
    rounded(d.averageHandleSeconds, 1),
    row.firstContact.orders,
    row.firstContact.resolved,
    rounded(d.firstContactRate, 4),
    row.satisfaction.rated,
    rounded(d.satisfactionMean, 2),
    ...row.satisfaction.byScore,
    ...SLA_STAGES.flatMap((s) => [row.sla[s].met, row.sla[s].missed]),
    row.parts.received,
    rounded(d.partsCycleDays, 2),
    ...complaints,
  ];
}

/** The CSV's column names (i18n keys under desk.csv), in figuresCsv's order. */
export const CSV_COLUMNS = [
  'period',
  'group',
  'answered',
  'missed',
  'averageHandleSeconds',
  'firstContactOrders',
  'firstContactResolved',
  'firstContactRate',
  'rated',
  'satisfactionMean',
  'score1',
  'score2',
  'score3',
  'score4',
  'score5',
  'dispatchMet',
  'dispatchMissed',
  'acceptMet',
  'acceptMissed',
  'onSiteMet',
  'onSiteMissed',
  'completeMet',
  'completeMissed',
  'partsReceived',
  'partsCycleDays',
  'ordersMade',
  'complaints',
  'complaintsPerThousand',
] as const;
