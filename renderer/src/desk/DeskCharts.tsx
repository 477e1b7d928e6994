import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { KpiDimension, KpiFigure, KpiPeriod, KpiRow } from '../../../shared/domain/kpis.js';
import { GridTable } from '../app/GridTable.js';
import { useStores } from '../app/stores.js';
import { CHART_KINDS, chartGroups, chartPoints, chartSeries, periodTick, type ChartKind, type ChartPoint, type ChartSeries } from './deskCharts.js';

/** Wide enough for a month of days at 1366×768, inside the desk. */
const CHART_WIDTH = 900;
const CHART_HEIGHT = 230;

/**
 * The desk's charts (Recharts, SVG: nothing the renderer's CSP forbids; README "Dependencies"): one
 * group's trend by the period chosen — calls answered / missed, handle time, the scores'
 * distribution, first-contact resolution, SLA met per stage. A bar with orders behind it is a
 * button (Tab, Enter or a click lists them in the drill-down above); the same figures are a table
 * under the chart for the keyboard and screen readers.
 */
export function DeskCharts({ rows, period, by, groupLabel }: { rows: readonly KpiRow[]; period: KpiPeriod; by: KpiDimension; groupLabel: (row: KpiRow) => string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ChartKind>('calls');
  const groups = chartGroups(rows);
  const [chosen, setChosen] = useState(groups[0]?.key ?? '');
  const groupKey = groups.some((g) => g.key === chosen) ? chosen : (groups[0]?.key ?? '');
  const points = chartPoints(kind, rows, groupKey);
  const series = chartSeries(kind);
  const percent = series[0]!.percent;
  const unit = percent ? '%' : kind === 'aht' ? t('desk.charts.secondsUnit') : kind === 'complaints' ? '‰' : '';
  const seriesName = (s: ChartSeries) => t(`desk.charts.series.${s.key}`);
  const drillable = series.some((s) => s.drill !== null);

  return (
    <section className="desk-charts" data-testid="desk-charts" aria-label={t('desk.charts.heading')}>
      <div className="desk-chart-controls">
        <label>
          {t('desk.charts.kind')}
          <select data-testid="desk-chart-kind" value={kind} onChange={(e) => setKind(e.target.value as ChartKind)}>
            {CHART_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`desk.charts.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(`desk.dimensions.${by}`)}
          <select data-testid="desk-chart-group" value={groupKey} onChange={(e) => setChosen(e.target.value)}>
            {groups.map((g) => (
              <option key={g.key} value={g.key}>
                {groupLabel(g)}
              </option>
            ))}
          </select>
        </label>
        <p className="muted desk-chart-hint">{drillable ? t('desk.charts.drillHint') : t('desk.charts.noDrill')}</p>
      </div>
      <div className="desk-chart" data-testid="desk-chart" data-kind={kind}>
        <BarChart width={CHART_WIDTH} height={CHART_HEIGHT} data={points} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" tickFormatter={(p: string) => periodTick(period, p)} tick={{ fontSize: 12 }} />
          <YAxis unit={unit} width={64} tick={{ fontSize: 12 }} allowDecimals={kind === 'complaints'} {...(percent ? { domain: [0, 100] } : {})} />
          <Tooltip isAnimationActive={false} formatter={(value) => `${String(value)}${unit}`} labelFormatter={(p) => String(p)} />
          {/* In the series' order (dispatch → complete, 1 → 5), not Recharts' alphabetical default. */}
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={seriesName(s)}
              fill={s.color}
              isAnimationActive={false}
              maxBarSize={48}
              {...(s.stack ? { stackId: 'stack' } : {})}
              shape={(props: BarShapeProps) => <ChartBar bar={props} series={s} label={seriesName(s)} unit={unit} />}
            />
          ))}
        </BarChart>
      </div>
      <details className="desk-chart-data" data-testid="desk-chart-data">
        <summary>{t('desk.charts.dataTable')}</summary>
        <ChartTable points={points} series={series} seriesName={seriesName} unit={unit} />
      </details>
    </section>
  );
}

/** One bar; a button when orders lie behind it (Enter or Space opens them, like a click). */
function ChartBar({ bar, series, label, unit }: { bar: BarShapeProps; series: ChartSeries; label: string; unit: string }) {
  const { t } = useTranslation();
  const { desk: store } = useStores();
  const point = bar.payload as ChartPoint | undefined;
  const { x, y, width, height, fill } = bar;
  if (!point || !(height > 0)) return null;
  const count = series.drill ? series.drill.count(point.row) : 0;
  if (!series.drill || count === 0) return <rect x={x} y={y} width={width} height={height} fill={fill} />;
  const figure = series.drill.figure;
  const open = () => void store.getState().openDrill(point.row, figure);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    open();
  };
  return (
    <rect
      x={x}
      y={y}
      width={width}
      height={height}
      fill={fill}
      className="desk-chart-bar"
      role="button"
      tabIndex={0}
      data-testid="desk-chart-bar"
      data-period={point.period}
      data-figure={figure}
      aria-label={t('desk.charts.barLabel', { period: point.period, series: label, value: `${String(point[series.key])}${unit}`, figure: t(`desk.figures.${figure}`), count })}
      onClick={open}
      onKeyDown={onKeyDown}
    />
  );
}

/** The chart's figures as a table: each period's values, and a button per figure with orders behind it. */
function ChartTable({ points, series, seriesName, unit }: { points: readonly ChartPoint[]; series: readonly ChartSeries[]; seriesName: (s: ChartSeries) => string; unit: string }) {
  const { t } = useTranslation();
  const { desk: store } = useStores();
  const drills = [...new Map(series.flatMap((s) => (s.drill ? [[s.drill.figure, s.drill] as const] : []))).values()];
  const headings = [t('desk.columns.period'), ...series.map(seriesName), ...drills.map((d) => t(`desk.figures.${d.figure}`))];
  return (
    <GridTable className="desk-chart-table" headings={headings}>
      {points.map((point) => (
        <tr key={point.period}>
          <td className="nowrap">{point.period}</td>
          {series.map((s) => (
            <td key={s.key} className="number">
              {point[s.key] === null ? '—' : `${String(point[s.key])}${unit}`}
            </td>
          ))}
          {drills.map((d) => (
            <td key={d.figure} className="number">
              <DrillButton count={d.count(point.row)} onOpen={() => void store.getState().openDrill(point.row, d.figure)} figure={d.figure} />
            </td>
          ))}
        </tr>
      ))}
    </GridTable>
  );
}

function DrillButton({ count, onOpen, figure }: { count: number; onOpen(): void; figure: KpiFigure }) {
  const { t } = useTranslation();
  if (count === 0) return <span>0</span>;
  return (
    <button type="button" className="link-button" data-testid="desk-chart-drill" data-figure={figure} onClick={onOpen}>
      {t('desk.charts.orders', { count })}
    </button>
  );
}
