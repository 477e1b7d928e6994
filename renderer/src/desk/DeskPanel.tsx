import '../forms/forms.css';
import './desk.css';
import './deskCharts.css';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { KpiDimension, KpiPeriod, type KpiFigure, type KpiRow } from '../../../shared/domain/kpis.js';
import { ROLE_DUTIES } from '../../../shared/domain/roles.js';
import type { Agent } from '../../../shared/domain/branch.js';
import { ErrorText } from '../app/ErrorText.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { GridTable } from '../app/GridTable.js';
import { PanelDialog } from '../app/PanelDialog.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useReturnFocus } from '../app/useReturnFocus.js';
import { toggleWorkPanel } from '../app/workPanelToggle.js';
import { formatDateTime } from '../i18n/format.js';
import { CSV_COLUMNS, derivedFigures, figuresCsv, SLA_STAGES, slaMissedFigure } from './deskFigures.js';
import { downloadFile } from './downloadFile.js';
import { figuresXlsx } from './figuresXlsx.js';
import { OutletNetworkSection } from './OutletNetworkSection.js';
import { PartsDeskSection } from './PartsDeskSection.js';
import { DuplicateReviewSection } from './DuplicateReviewSection.js';
import { EscalatedComplaintsSection } from './EscalatedComplaintsSection.js';
import { TeamBoardSection } from './TeamBoardSection.js';

/** The charts and their library (Recharts) load when first shown: most of the day nobody looks at them. */
const DeskCharts = lazy(() => import('./DeskCharts.js').then((m) => ({ default: m.DeskCharts })));

/** Whether the signed-in role has a desk (its figures scope is not none: shared/domain/roles.ts). */
export function hasDesk(agent: Pick<Agent, 'role'> | undefined): boolean {
  return agent !== undefined && ROLE_DUTIES[agent.role].figures !== 'none';
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const fixed = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));

function groupLabel(t: TFunction, by: KpiDimension, row: KpiRow): string {
  return by === 'category' ? t(`category.${row.key}`, { defaultValue: row.key }) : row.label;
}

/**
 * The desk (Alt+Y) of a supervisor, a parts desk or headquarters: the figures of its scope by day,
 * week or month, per agent, outlet, category, region or branch. Each figure with orders behind it
 * is a button that lists them; CSV export of the rows shown. Offline: the figures kept from the
 * last fetch, marked with their time.
 */
export function DeskPanel() {
  const { t } = useTranslation();
  const { desk: store } = useStores();
  const phase = useAppStore('desk', (s) => s.phase);
  const query = useAppStore('desk', (s) => s.query);
  const rows = useAppStore('desk', (s) => s.rows);
  const nextCursor = useAppStore('desk', (s) => s.nextCursor);
  const computedAt = useAppStore('desk', (s) => s.computedAt);
  const fresh = useAppStore('desk', (s) => s.fresh);
  const missing = useAppStore('desk', (s) => s.missing);
  const error = useAppStore('desk', (s) => s.error);
  const drill = useAppStore('desk', (s) => s.drill);
  const decidesParts = useAppStore('session', (s) => (s.session ? ROLE_DUTIES[s.session.agent.role].decidesPartsRequests : false));
  const watchesPresence = useAppStore('session', (s) => (s.session ? ROLE_DUTIES[s.session.agent.role].watchesPresence !== 'none' : false));
  const leadsTeam = useAppStore('session', (s) => (s.session ? ROLE_DUTIES[s.session.agent.role].leadsTeam : false));
  const plansOutletNetwork = useAppStore('session', (s) => (s.session ? ROLE_DUTIES[s.session.agent.role].plansOutletNetwork : false));
  const [view, setView] = useState<DeskView>('table');
  const [exporting, setExporting] = useState<ErrorInfo | 'busy' | null>(null);
  useReturnFocus();

  const exportName = `kpis-${query.period}-${query.by}-${query.from}-${query.to}`;
  const header = () => CSV_COLUMNS.map((c) => t(`desk.csv.${c}`));
  const exportCsv = () => {
    const csv = figuresCsv(rows, header(), (row) => groupLabel(t, query.by, row), missing);
    downloadFile(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${exportName}.csv`);
  };
  const exportXlsx = async () => {
    setExporting('busy');
    try {
      // exceljs is large: loaded on the first export only.
      const excel = (await import('exceljs')).default;
      const bytes = await figuresXlsx(excel, rows, header(), (row) => groupLabel(t, query.by, row), t('desk.xlsxSheet'), missing);
      downloadFile(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `${exportName}.xlsx`);
      setExporting(null);
    } catch (error) {
      setExporting(toErrorInfo(error));
    }
  };

  return (
    <PanelDialog name="desk" className="desk-panel" heading={t('desk.heading')} closeLabel={t('desk.close')} onClose={() => store.getState().closePanel()} busy={phase === 'loading'}>
      {/* The outlet network needs the room: the live sections give it up while it is shown. */}
      {decidesParts && view !== 'outlets' ? <PartsDeskSection /> : null}
      {watchesPresence && view !== 'outlets' ? <TeamBoardSection leadsTeam={leadsTeam} /> : null}
      {leadsTeam && view !== 'outlets' ? <DuplicateReviewSection /> : null}
      {leadsTeam && view !== 'outlets' ? <EscalatedComplaintsSection /> : null}
      <DeskViewTabs view={view} onChange={setView} outlets={plansOutletNetwork} />
      {view === 'outlets' ? <OutletNetworkSection /> : null}
      <form
        hidden={view === 'outlets'}
        className="desk-controls"
        data-testid="desk-controls"
        onSubmit={(event) => {
          event.preventDefault();
          void store.getState().reload();
        }}
      >
        <label>
          {t('desk.period')}
          <select data-testid="desk-period" autoFocus value={query.period} onChange={(e) => void store.getState().setQuery({ period: KpiPeriod.parse(e.target.value) })}>
            {KpiPeriod.options.map((p) => (
              <option key={p} value={p}>
                {t(`desk.periods.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('desk.by')}
          <select data-testid="desk-by" value={query.by} onChange={(e) => void store.getState().setQuery({ by: KpiDimension.parse(e.target.value) })}>
            {KpiDimension.options.map((d) => (
              <option key={d} value={d}>
                {t(`desk.dimensions.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('desk.from')}
          <input type="date" data-testid="desk-from" value={query.from} onChange={(e) => e.target.value && void store.getState().setQuery({ from: e.target.value })} />
        </label>
        <label>
          {t('desk.to')}
          <input type="date" data-testid="desk-to" value={query.to} onChange={(e) => e.target.value && void store.getState().setQuery({ to: e.target.value })} />
        </label>
        <button type="button" className="button button-small" data-testid="desk-export" disabled={rows.length === 0} onClick={exportCsv}>
          {t('desk.export')}
        </button>
        <button type="button" className="button button-small" data-testid="desk-export-xlsx" disabled={rows.length === 0 || exporting === 'busy'} onClick={() => void exportXlsx()}>
          {t('desk.exportXlsx')}
        </button>
      </form>
      {exporting !== null && exporting !== 'busy' ? <ErrorText error={exporting} headline={t('desk.exportError')} testId="desk-export-error" /> : null}
      {computedAt && view !== 'outlets' ? (
        <p className={fresh ? 'muted desk-stamp' : 'badge badge-warn desk-stamp'} data-testid="desk-stamp" data-fresh={fresh}>
          {fresh ? t('desk.computedAt', { time: formatDateTime(computedAt) }) : t('desk.keptAt', { time: formatDateTime(computedAt) })}
          {!fresh && missing.includes('complaints') ? <span data-testid="desk-stamp-missing">{` · ${t('desk.complaintsNotKept')}`}</span> : null}
        </p>
      ) : null}
      {error ? <ErrorText error={error} headline={t('desk.loadError')} testId="desk-error" /> : null}
      {drill && view === 'table' ? <DrillDown /> : null}
      {phase === 'loaded' && rows.length === 0 && view !== 'outlets' ? <p className="muted" data-testid="desk-empty">{t('desk.empty')}</p> : null}
      {rows.length > 0 && view === 'table' ? <FiguresTable rows={rows} by={query.by} complaintsKept={!missing.includes('complaints')} /> : null}
      {rows.length > 0 && view === 'charts' ? (
        <Suspense fallback={<p className="muted">{t('desk.charts.loading')}</p>}>
          <DeskCharts rows={rows} period={query.period} by={query.by} groupLabel={(row) => groupLabel(t, query.by, row)} />
        </Suspense>
      ) : null}
      {/* Under the chart, so the bar just opened stays in view. */}
      {drill && view === 'charts' ? <DrillDown /> : null}
      {nextCursor && view !== 'outlets' ? (
        <button type="button" className="button button-quiet button-small" data-testid="desk-more" onClick={() => void store.getState().loadMore()}>
          {t('desk.more')}
        </button>
      ) : null}
    </PanelDialog>
  );
}

type DeskView = 'table' | 'charts' | 'outlets';

/** The desk's views: the figures as a table or as charts, and (headquarters) the outlet network. */
function DeskViewTabs({ view, onChange, outlets }: { view: DeskView; onChange(view: DeskView): void; outlets: boolean }) {
  const { t } = useTranslation();
  const views: DeskView[] = outlets ? ['table', 'charts', 'outlets'] : ['table', 'charts'];
  return (
    <div className="desk-views" role="tablist" aria-label={t('desk.views.label')}>
      {views.map((v) => (
        <button key={v} type="button" role="tab" aria-selected={view === v} className={view === v ? 'desk-view desk-view-current' : 'desk-view'} data-testid={`desk-view-${v}`} onClick={() => onChange(v)}>
          {t(`desk.views.${v}`)}
        </button>
      ))}
    </div>
  );
}

function FiguresTable({ rows, by, complaintsKept }: { rows: readonly KpiRow[]; by: KpiDimension; complaintsKept: boolean }) {
  const { t } = useTranslation();
  const { desk: store } = useStores();
  const headings = [
    t('desk.columns.period'),
    t(`desk.dimensions.${by}`),
    t('desk.columns.calls'),
    t('desk.columns.aht'),
    t('desk.columns.fcr'),
    t('desk.columns.satisfaction'),
    ...SLA_STAGES.map((s) => t(`desk.columns.sla.${s}`)),
    t('desk.columns.parts'),
    t('desk.columns.complaintRate'),
  ];
  const figureButton = (row: KpiRow, figure: KpiFigure, text: string, title: string, count: number) =>
    count === 0 ? (
      <span title={title}>{text}</span>
    ) : (
      <button type="button" className="link-button" data-testid="desk-figure" data-figure={figure} title={title} onClick={() => void store.getState().openDrill(row, figure)}>
        {text}
      </button>
    );

  return (
    <GridTable className="desk-table" headings={headings}>
      {rows.map((row) => {
        const d = derivedFigures(row);
        return (
          <tr key={`${row.period}/${row.key}`} data-testid="desk-row" data-key={row.key} data-period={row.period}>
            <td className="nowrap">{row.period}</td>
            <td data-testid="desk-group">{groupLabel(t, by, row)}</td>
            <td className="number" data-testid="desk-calls">
              {row.calls ? t('desk.callsCell', { answered: row.calls.answered, missed: row.calls.missed }) : '—'}
            </td>
            <td className="number" data-testid="desk-aht">
              {fixed(d.averageHandleSeconds, 0)}
            </td>
            <td className="number" data-testid="desk-fcr">
              {figureButton(row, 'not_resolved', percent(d.firstContactRate), t('desk.fcrTitle', { resolved: row.firstContact.resolved, orders: row.firstContact.orders }), row.firstContact.orders - row.firstContact.resolved)}
            </td>
            <td className="number" data-testid="desk-satisfaction">
              {figureButton(
                row,
                'low_rated',
                d.satisfactionMean === null ? '—' : t('desk.satisfactionCell', { mean: fixed(d.satisfactionMean, 2), rated: row.satisfaction.rated }),
                t('desk.satisfactionTitle', { scores: row.satisfaction.byScore.map((n, i) => `${i + 1}★ ${n}`).join(' · ') }),
                row.satisfaction.byScore[0] + row.satisfaction.byScore[1],
              )}
              {row.satisfaction.rated > 0 ? <ScoreBar byScore={row.satisfaction.byScore} /> : null}
            </td>
            {SLA_STAGES.map((stage) => (
              <td key={stage} className="number" data-testid={`desk-sla-${stage}`}>
                {figureButton(row, slaMissedFigure(stage), percent(d.slaMetRate[stage]), t('desk.slaTitle', { met: row.sla[stage].met, missed: row.sla[stage].missed }), row.sla[stage].missed)}
              </td>
            ))}
            <td className="number" data-testid="desk-parts">
              {figureButton(row, 'parts_received', d.partsCycleDays === null ? '—' : t('desk.partsCell', { days: fixed(d.partsCycleDays, 1), received: row.parts.received }), t('desk.partsTitle'), row.parts.received)}
            </td>
            <td className="number" data-testid="desk-complaint-rate">
              {!complaintsKept ? (
                // Figures kept from before complaints were counted (deskFigures at the seat): not known, not zero.
                <span title={t('desk.complaintsNotKept')}>—</span>
              ) : (
                figureButton(
                  row,
                  'complained',
                  d.complaintsPerThousand === null ? '—' : fixed(d.complaintsPerThousand, 2),
                  t('desk.complaintRateTitle', { complaints: row.complaints.received, orders: row.complaints.orders }),
                  row.complaints.received,
                )
              )}
            </td>
          </tr>
        );
      })}
    </GridTable>
  );
}

/** The scores' distribution as one thin stacked bar (plain elements: nothing the CSP has to allow). */
function ScoreBar({ byScore }: { byScore: readonly number[] }) {
  const total = byScore.reduce((a, b) => a + b, 0);
  return (
    <span className="score-bar" aria-hidden="true">
      {byScore.map((n, i) => (n === 0 ? null : <span key={i} className={`score-bar-part score-${i + 1}`} style={{ width: `${(n / total) * 100}%` }} />))}
    </span>
  );
}

function DrillDown() {
  const { t } = useTranslation();
  const { desk: store } = useStores();
  // The seat caches its own branch's orders: those open on the card; another branch's (headquarters) are listed only.
  const ownBranch = useAppStore('session', (s) => s.session?.branch.id);
  const drill = useAppStore('desk', (s) => s.drill)!;
  const by = useAppStore('desk', (s) => s.query.by);
  return (
    <section className="panel-section desk-drill" data-testid="desk-drill" aria-live="polite">
      <h3>
        {t('desk.drillHeading', { figure: t(`desk.figures.${drill.figure}`), group: groupLabel(t, by, drill.row), period: drill.row.period })}
        <button type="button" className="button button-quiet button-small" data-testid="desk-drill-close" autoFocus onClick={() => store.getState().closeDrill()}>
          {t('desk.drillClose')}
        </button>
      </h3>
      {drill.error ? <ErrorText error={drill.error} headline={t('desk.loadError')} testId="desk-drill-error" /> : null}
      {drill.phase === 'loaded' && drill.orders.length === 0 ? <p className="muted">{t('desk.drillEmpty')}</p> : null}
      {drill.orders.length > 0 ? (
        <GridTable className="desk-drill-table" headings={[t('desk.drillColumns.number'), t('desk.drillColumns.type'), t('desk.drillColumns.status'), t('desk.drillColumns.created')]}>
          {drill.orders.map((order) => (
            <tr key={order.id} data-testid="desk-drill-order" data-order-id={order.id}>
              <td className="nowrap">
                {order.branchId === ownBranch ? (
                  <button type="button" className="link-button" data-testid="desk-drill-open" title={t('desk.drillOpen')} onClick={() => store.getState().openCustomer(order.customerId)}>
                    {order.orderNumber}
                  </button>
                ) : (
                  order.orderNumber
                )}
              </td>
              <td>{t(`orderType.${order.type}`, { defaultValue: order.type })}</td>
              <td>{t(`orderStatus.${order.status}`, { defaultValue: order.status })}</td>
              <td className="nowrap">{formatDateTime(order.createdAt)}</td>
            </tr>
          ))}
        </GridTable>
      ) : null}
      {drill.nextCursor ? (
        <button type="button" className="button button-quiet button-small" onClick={() => void store.getState().moreDrill()}>
          {t('desk.more')}
        </button>
      ) : null}
    </section>
  );
}

/** The desk for the mouse (Alt+Y for the keyboard); shown to the roles that read figures. */
export function DeskButton() {
  const { t } = useTranslation();
  const stores = useStores();
  const open = useAppStore('desk', (s) => s.panelOpen);
  return (
    <button type="button" className="button button-quiet" data-testid="desk-open" title={t('desk.buttonTitle')} aria-expanded={open} onClick={() => toggleWorkPanel(stores, 'desk')}>
      {t('desk.button')}
    </button>
  );
}
