import { z } from 'zod';
import { KpiLaterFamily, KpiPage, KpiRow, type KpiOrderPage, type KpiOrdersQuery, type KpiQuery } from '../../shared/domain/kpis.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';
import { BackendError, type BackendClient } from './sync/backendClient.js';

/** Figures pages kept for offline reading: the last KEPT_QUERIES queries asked, each under its own key. */
const KEPT_QUERIES = 20;
const INDEX_KEY = 'desk.figures.kept';
const KeptIndex = z.array(z.string());

/** A page of figures, and whether it is fresh from the backend or the copy kept when last fetched (its computedAt says when). */
export interface DeskFigures {
  page: KpiPage;
  fresh: boolean;
  /** The families a page kept by an older build lacks (read as empty, shown as not known). */
  missing: KpiLaterFamily[];
}

/**
 * A kept page as any build since figures were kept wrote it: the families added later may be
 * absent. Everything else is as strict as the backend's page (a page unreadable otherwise is not shown).
 */
const KeptKpiPage = KpiPage.extend({ items: z.array(KpiRow.extend({ complaints: KpiRow.shape.complaints.optional() })) });

/** What an absent family reads as: empty counts, which the desk shows as not known (`missing` names it). */
const EMPTY_FAMILY: { [F in KpiLaterFamily]: KpiRow[F] } = { complaints: { received: 0, orders: 0 } };

/**
 * A kept page brought to today's shape (the shape of the seat cache's meta entries is not
 * migrated: old entries are upgraded when read), with the families it lacks; null: unreadable.
 */
function upgradeKeptPage(kept: unknown): { page: KpiPage; missing: KpiLaterFamily[] } | null {
  const parsed = KeptKpiPage.safeParse(kept);
  if (!parsed.success) return null;
  const missing = KpiLaterFamily.options.filter((family) => parsed.data.items.some((row) => row[family] === undefined));
  const items = parsed.data.items.map((row) => ({ ...row, complaints: row.complaints ?? EMPTY_FAMILY.complaints }));
  return { page: { ...parsed.data, items }, missing };
}

const keyOf = (query: KpiQuery) => `desk.figures:${JSON.stringify([query.period, query.by, query.from, query.to, query.branchId ?? '', query.cursor ?? '', query.limit ?? ''])}`;

/**
 * The supervisor's desk figures (GET /kpis): fetched when the backend answers, and kept in the
 * seat cache; while it is unreachable, the copy kept for the same query, marked with the time the
 * backend computed it — a page kept by an older build too, upgraded to today's shape (its missing
 * families named). Never fetched and offline: backend_unreachable.
 */
export async function deskFigures(backend: BackendClient, cache: LocalCache, query: KpiQuery): Promise<DeskFigures> {
  const key = keyOf(query);
  try {
    const page = await backend.figures(query);
    keep(cache, key, page);
    return { page, fresh: true, missing: [] };
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    if (error.kind !== 'unreachable') throw refused(error);
    const kept = cache.readMeta(key);
    const upgraded = kept === null ? null : upgradeKeptPage(JSON.parse(kept));
    if (!upgraded) throw new WorkstationError('backend_unreachable', 'the backend is unreachable and these figures were never fetched on this seat');
    return { ...upgraded, fresh: false };
  }
}

/** The orders behind a figure: from the backend only (they are the backend's to count). */
export function deskFigureOrders(backend: BackendClient, query: KpiOrdersQuery): Promise<KpiOrderPage> {
  return fromBackendOnly(() => backend.figureOrders(query));
}

/** An answer only the backend gives (no kept copy): unreachable and refusals as the contract's errors. */
export async function fromBackendOnly<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    if (error.kind === 'unreachable') throw new WorkstationError('backend_unreachable', error.message);
    throw refused(error);
  }
}

function refused(error: BackendError): WorkstationError {
  if (error.kind === 'unauthorized') return new WorkstationError('auth_failed', error.message);
  return new WorkstationError(error.kind === 'rejected' ? 'bad_input' : 'internal', error.message);
}

function keep(cache: LocalCache, key: string, page: KpiPage): void {
  const index = KeptIndex.safeParse(JSON.parse(cache.readMeta(INDEX_KEY) ?? '[]'));
  const keys = [key, ...(index.success ? index.data : []).filter((k) => k !== key)];
  for (const dropped of keys.slice(KEPT_QUERIES)) cache.deleteMeta(dropped);
  cache.writeMeta(key, JSON.stringify(page));
  cache.writeMeta(INDEX_KEY, JSON.stringify(keys.slice(0, KEPT_QUERIES)));
}
