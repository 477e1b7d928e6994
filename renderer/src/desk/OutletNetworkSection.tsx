import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { hotlineToday } from '../../../shared/domain/kpis.js';
import { OutletVolumeView, outletUtilisation, type OutletVolumeRow } from '../../../shared/domain/outletNetwork.js';
import { ErrorText } from '../app/ErrorText.js';
import { GridTable } from '../app/GridTable.js';
import { useAppStore, useStores } from '../app/stores.js';
import { formatDateTime } from '../i18n/format.js';
import { recentMonths, regionMonths } from './outletNetworkTables.js';

/** How far back the month lists reach: the backend answers at most 24 months at once. */
const MONTHS_OFFERED = 36;

/**
 * Headquarters' outlet network in the desk (shared/domain/outletNetwork.ts): service orders per
 * month by region and product line, by outlet or by technician; each outlet's load against its
 * capacity, fullest first; regions whose customers own products no outlet is authorised for.
 * Online only (the backend computes it); each list pages with "more".
 */
export function OutletNetworkSection() {
  const { t } = useTranslation();
  const { outletNetwork: store } = useStores();
  const phase = useAppStore('outletNetwork', (s) => s.phase);
  const query = useAppStore('outletNetwork', (s) => s.query);
  const volume = useAppStore('outletNetwork', (s) => s.volume);
  const capacity = useAppStore('outletNetwork', (s) => s.capacity);
  const gaps = useAppStore('outletNetwork', (s) => s.gaps);
  const computedAt = useAppStore('outletNetwork', (s) => s.computedAt);
  const error = useAppStore('outletNetwork', (s) => s.error);

  useEffect(() => {
    if (store.getState().phase === 'idle') void store.getState().load();
  }, [store]);

  const months = recentMonths(hotlineToday(new Date()).slice(0, 7), MONTHS_OFFERED);
  const category = (code: string | null) => (code === null ? '—' : code === '' ? t('outletNetwork.noProduct') : t(`category.${code}`, { defaultValue: code }));
  const more = (list: 'volume' | 'capacity' | 'gaps', next: string | null) =>
    next ? (
      <button type="button" className="button button-quiet button-small" data-testid={`outlet-${list}-more`} onClick={() => void store.getState().more(list)}>
        {t('desk.more')}
      </button>
    ) : null;

  return (
    <section className="outlet-network" data-testid="outlet-network" aria-busy={phase === 'loading'}>
      <form className="desk-controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('outletNetwork.view')}
          <select data-testid="outlet-view" value={query.by} onChange={(e) => void store.getState().setQuery({ by: OutletVolumeView.parse(e.target.value) })}>
            {OutletVolumeView.options.map((v) => (
              <option key={v} value={v}>
                {t(`outletNetwork.views.${v}`)}
              </option>
            ))}
          </select>
        </label>
        {(['from', 'to'] as const).map((end) => (
          <label key={end}>
            {t(`desk.${end}`)}
            {/* Months as a list (YYYY-MM), not the browser's month box: it speaks the browser's language, not the desk's. */}
            <select data-testid={`outlet-${end}`} value={query[end]} onChange={(e) => void store.getState().setQuery({ [end]: e.target.value })}>
              {months.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        ))}
        {computedAt ? <p className="muted desk-stamp">{t('desk.computedAt', { time: formatDateTime(computedAt) })}</p> : null}
      </form>
      {error ? <ErrorText error={error} headline={t('outletNetwork.loadError')} testId="outlet-error" /> : null}

      <h3>{t('outletNetwork.volumeHeading')}</h3>
      <div className="outlet-scroll outlet-volume-scroll">
        {phase === 'loaded' && volume.items.length === 0 ? <p className="muted">{t('desk.empty')}</p> : null}
        {volume.items.length > 0 ? <VolumeTable rows={volume.items} by={query.by} category={category} /> : null}
      </div>
      {more('volume', volume.nextCursor)}

      <div className="outlet-columns">
        <div>
          <h3>{t('outletNetwork.capacityHeading')}</h3>
          <div className="outlet-scroll">
            <GridTable className="outlet-capacity-table" headings={[t('outletNetwork.columns.outlet'), t('outletNetwork.columns.branch'), t('outletNetwork.columns.load'), t('outletNetwork.columns.utilisation')]}>
              {capacity.items.map((o) => {
                const share = outletUtilisation(o);
                return (
                  <tr key={o.outletId} data-testid="outlet-capacity-row" data-outlet-id={o.outletId}>
                    <td>{o.name}</td>
                    <td className="nowrap">{o.branchName}</td>
                    <td className="number nowrap">{o.capacity === null ? t('outletNetwork.loadUnplanned', { load: o.load }) : t('outletNetwork.loadOf', { load: o.load, capacity: o.capacity })}</td>
                    <td className="number nowrap" data-testid="outlet-utilisation">
                      {share === null ? '—' : `${Math.round(share * 100)}%`}
                      {share === null ? null : (
                        <span className="load-bar" aria-hidden="true">
                          <span className={share > 1 ? 'load-bar-fill load-over' : share >= 0.8 ? 'load-bar-fill load-high' : 'load-bar-fill'} style={{ width: `${Math.min(share, 1) * 100}%` }} />
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </GridTable>
          </div>
          {more('capacity', capacity.nextCursor)}
        </div>
        <div>
          <h3>{t('outletNetwork.gapsHeading')}</h3>
          <div className="outlet-scroll">
            {phase === 'loaded' && gaps.items.length === 0 ? (
              <p className="muted" data-testid="outlet-gaps-none">
                {t('outletNetwork.noGaps')}
              </p>
            ) : (
              <GridTable className="outlet-gaps-table" headings={[t('outletNetwork.columns.region'), t('outletNetwork.columns.category'), t('outletNetwork.columns.products')]}>
                {gaps.items.map((g) => (
                  <tr key={`${g.provinceCode}/${g.cityCode ?? ''}/${g.category}`} data-testid="outlet-gap-row">
                    <td>{g.cityName && g.cityName !== g.provinceName ? `${g.provinceName} ${g.cityName}` : g.provinceName}</td>
                    <td>{category(g.category)}</td>
                    <td className="number">{g.products}</td>
                  </tr>
                ))}
              </GridTable>
            )}
          </div>
          {more('gaps', gaps.nextCursor)}
        </div>
      </div>
    </section>
  );
}

/** Region view: a line per month and region, a column per product line and the total. */
function RegionTable({ rows, category }: { rows: readonly OutletVolumeRow[]; category: (code: string | null) => string }) {
  const { t } = useTranslation();
  const { lines, categories } = regionMonths(rows);
  return (
    <GridTable className="outlet-volume-table" headings={[t('outletNetwork.columns.month'), t('outletNetwork.columns.region'), ...categories.map(category), t('outletNetwork.columns.total')]}>
      {lines.map((line) => (
        <tr key={`${line.month}/${line.regionCode ?? ''}`} data-testid="outlet-region-row">
          <td className="nowrap">{line.month.slice(0, 7)}</td>
          <td className="nowrap">{line.regionName ?? t('outletNetwork.noRegion')}</td>
          {categories.map((c) => (
            <td key={c} className="number">
              {line.byCategory.get(c) ?? ''}
            </td>
          ))}
          <td className="number" data-testid="outlet-region-total">
            <strong>{line.total}</strong>
          </td>
        </tr>
      ))}
    </GridTable>
  );
}

function VolumeTable({ rows, by, category }: { rows: readonly OutletVolumeRow[]; by: OutletVolumeView; category: (code: string | null) => string }) {
  const { t } = useTranslation();
  if (by === 'region') return <RegionTable rows={rows} category={category} />;
  const headings =
    by === 'outlet'
        ? [t('outletNetwork.columns.month'), t('outletNetwork.columns.outlet'), t('outletNetwork.columns.orders')]
        : [t('outletNetwork.columns.month'), t('outletNetwork.columns.outlet'), t('outletNetwork.columns.technician'), t('outletNetwork.columns.orders')];
  return (
    <GridTable className="outlet-volume-table" headings={headings}>
      {rows.map((r, i) => (
        <tr key={`${r.month}/${r.regionCode ?? ''}/${r.category ?? ''}/${r.outletId ?? ''}/${r.technician ?? ''}/${i}`} data-testid="outlet-volume-row">
          <td className="nowrap">{r.month.slice(0, 7)}</td>
          <td>{r.outletName ?? '—'}</td>
          {by === 'technician' ? <td>{r.technician}</td> : null}
          <td className="number" data-testid="outlet-volume-orders">
            {r.orders}
          </td>
        </tr>
      ))}
    </GridTable>
  );
}
