import './myWork.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { nextDeadline } from '../../../shared/domain/orderSla.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { listboxKeys } from '../app/listboxKeys.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useNow } from '../app/useNow.js';
import { formatClock, formatDateTime, formatPhone } from '../i18n/format.js';
import { formatOverdueBy } from '../orders/OverdueOrdersPanel.js';
import { askDesktopNoticesPermission, desktopNoticesUndecided } from './desktopNotices.js';
import { myWorkRows } from './myWorkStore.js';

const MINUTE_MS = 60_000;

/**
 * My work (docs/architecture.md §1, step 9), in the card pane: orders handed to me (new ones
 * marked, with who and their note), my open orders with their SLA countdown, follow-ups and call
 * backs due today, my complaints with deadlines, my parts requests and conflicts. One list for the
 * keyboard: ↑↓ move through every row, Enter opens the customer's card at that item.
 */
export function MyWorkView() {
  const { t } = useTranslation();
  const { myWork } = useStores();
  const work = useAppStore('myWork', (s) => s.work);
  const phase = useAppStore('myWork', (s) => s.phase);
  const error = useAppStore('myWork', (s) => s.error);
  const selected = useAppStore('myWork', (s) => s.selected);
  const focusRequest = useAppStore('myWork', (s) => s.focusRequest);
  const now = new Date(useNow(MINUTE_MS));
  const listRef = useRef<HTMLDivElement>(null);
  const [undecided, setUndecided] = useState(desktopNoticesUndecided);
  const rows = myWorkRows(work);
  const selectedKey = rows[selected]?.key;

  // The focus follows the selection while it is in the list, and comes to it when asked (Alt+1).
  const focusHandled = useRef(0);
  useEffect(() => {
    const list = listRef.current;
    if (!list || !selectedKey) return;
    const asked = focusRequest !== focusHandled.current;
    if (asked || list.contains(document.activeElement)) {
      focusHandled.current = focusRequest;
      list.querySelector<HTMLElement>(`[data-row-key="${selectedKey}"]`)?.focus();
    }
  }, [selectedKey, focusRequest]);

  // Timers run out as time passes: the countdowns follow the clock (useNow), the lists a minute's reread.
  useEffect(() => {
    const timer = setInterval(() => void myWork.getState().refresh(), MINUTE_MS);
    return () => clearInterval(timer);
  }, [myWork]);

  const indexOf = new Map(rows.map((r, i) => [r.key, i]));
  const row = (key: string, kind: string, children: ReactNode, extra: Record<string, string> = {}, className = '') => {
    const at = indexOf.get(key) ?? -1;
    return (
      <button
        key={key}
        type="button"
        role="option"
        className={`my-work-row ${className}`}
        data-testid="my-work-row"
        data-kind={kind}
        data-row-key={key}
        aria-selected={at === selected}
        tabIndex={at === selected ? 0 : -1}
        title={kind === 'conflict' ? t('myWork.conflictOpen') : t('myWork.openTitle')}
        onClick={() => myWork.getState().open(at)}
        onFocus={() => myWork.getState().select(at)}
        {...extra}
      >
        {children}
      </button>
    );
  };

  const counts = work?.counts;
  return (
    <section className="my-work" data-testid="my-work" aria-labelledby="my-work-heading">
      <div className="my-work-head">
        <h2 id="my-work-heading">{t('myWork.heading')}</h2>
        {work ? <span className="muted">{t('myWork.asOf', { time: formatClock(work.asOf) })}</span> : null}
        {undecided ? (
          <button
            type="button"
            className="button button-small"
            data-testid="my-work-enable-notices"
            title={t('myWork.enableNoticesTitle')}
            onClick={() => void askDesktopNoticesPermission().then(() => setUndecided(desktopNoticesUndecided()))}
          >
            {t('myWork.enableNotices')}
          </button>
        ) : null}
        <span className="muted my-work-hint">{t('myWork.hint')}</span>
      </div>
      {phase === 'loading' && !work ? <p className="muted">{t('myWork.loading')}</p> : null}
      {phase === 'error' && error ? <ErrorText error={error} headline={t('myWork.loadError')} testId="my-work-error" /> : null}
      {work && counts ? (
        <div
          ref={listRef}
          className="my-work-list"
          role="listbox"
          aria-label={t('myWork.heading')}
          onKeyDown={listboxKeys(
            (delta) => myWork.getState().move(delta),
            () => myWork.getState().open(),
          )}
        >
          <Section title={t('myWork.section.handovers', { count: work.handovers.length })} testId="my-work-handovers" empty={work.handovers.length === 0 ? t('myWork.none.handovers') : null}>
            {work.handovers.map((h) =>
              row(
                `handover-${h.eventId}`,
                'handover',
                <>
                  {h.isNew ? (
                    <span className="badge my-work-new" data-testid="my-work-new">
                      {t('myWork.isNew')}
                    </span>
                  ) : (
                    <span className="my-work-new-space" />
                  )}
                  <span className="mono nowrap">{h.orderNumber}</span>
                  <span className="nowrap my-work-customer">{h.customerName}</span>
                  <span className="nowrap muted" data-testid="my-work-from">
                    {h.byAgentId
                      ? h.fromAgentName
                        ? t('myWork.reassignedBy', { by: h.byAgentName ?? '?', from: h.fromAgentName })
                        : t('myWork.reassignedByFromUnknown', { by: h.byAgentName ?? '?' })
                      : h.fromAgentName
                        ? t('myWork.from', { name: h.fromAgentName })
                        : t('myWork.fromUnknown')}
                  </span>
                  <span className="nowrap muted">{formatDateTime(h.at)}</span>
                  <span className={`my-work-note ${h.note ? '' : 'muted'}`} data-testid="my-work-note">
                    {h.note ? (h.byAgentId ? t('myWork.reason', { reason: h.note }) : h.note) : t('myWork.noNote')}
                  </span>
                </>,
                { 'data-order-number': h.orderNumber, 'data-new': String(h.isNew), 'data-reassigned': String(h.byAgentId !== null) },
                h.isNew ? 'is-new' : '',
              ),
            )}
          </Section>

          <Section title={t('myWork.section.orders', { count: counts.openOrders })} testId="my-work-orders" empty={work.orders.length === 0 ? t('myWork.none.orders') : null}>
            {work.orders.map((o) => {
              const clock = nextDeadline(o.order, now);
              return row(
                `order-${o.order.id}`,
                'order',
                <>
                  <span className="mono nowrap">{o.order.orderNumber}</span>
                  <span className="nowrap my-work-customer">{o.customerName}</span>
                  <span className="nowrap">{t(`orderType.${o.order.type}`)}</span>
                  <span className={`badge status status-${o.order.status}`}>{t(`orderStatus.${o.order.status}`)}</span>
                  {clock ? (
                    clock.remainingMs < 0 ? (
                      <span className="badge overdue nowrap" data-testid="my-work-sla" data-overdue="true">
                        {t(`overdue.${clock.stage}`)} {formatOverdueBy(t, -clock.remainingMs)}
                      </span>
                    ) : (
                      <span className="badge muted nowrap" data-testid="my-work-sla" data-overdue="false">
                        {t(`overdue.left.${clock.stage}`, { duration: formatOverdueBy(t, clock.remainingMs) })}
                      </span>
                    )
                  ) : (
                    <span />
                  )}
                  <span className="nowrap muted">{t('myWork.activityAt', { kind: t(`myWork.lastEvent.${o.lastEventKind ?? 'none'}`), time: formatDateTime(o.lastActivityAt) })}</span>
                  <span className="my-work-note muted">
                    {o.order.duplicateReason ? <DuplicateReviewBadge review={o.order.duplicateReview} /> : null}
                    {o.order.fault}
                  </span>
                </>,
                { 'data-order-number': o.order.orderNumber },
              );
            })}
          </Section>

          <Section title={t('myWork.section.followUps', { count: counts.followUpsDue })} testId="my-work-follow-ups" empty={work.followUps.length === 0 ? t('myWork.none.followUps') : null}>
            {work.followUps.map((f) =>
              row(
                `followUp-${f.followUp.id}`,
                'followUp',
                <>
                  <span className="mono nowrap">{f.orderNumber}</span>
                  <span className="nowrap my-work-customer">{f.customerName}</span>
                  <span className={`badge nowrap ${Date.parse(f.followUp.dueAt) < now.getTime() ? 'overdue' : 'muted'}`}>
                    {f.callBack ? t('myWork.callBackAt', { time: formatDateTime(f.followUp.dueAt) }) : t('myWork.dueAt', { time: formatDateTime(f.followUp.dueAt) })}
                  </span>
                  <span className="nowrap muted">{f.followUp.attempts > 0 ? t('myWork.attempts', { count: f.followUp.attempts }) : ''}</span>
                  <span className="my-work-note muted">{f.followUp.remarks}</span>
                </>,
                { 'data-order-number': f.orderNumber },
              ),
            )}
          </Section>

          <Section
            title={t('myWork.section.campaignCallBacks', { count: counts.campaignCallBacks })}
            testId="my-work-campaign-call-backs"
            empty={work.campaignCallBacks.length === 0 ? t('myWork.none.campaignCallBacks') : null}
          >
            {work.campaignCallBacks.map((c) => {
              const at = c.target.callBackAt ?? '';
              const due = Date.parse(at) <= now.getTime();
              return row(
                `campaignCallBack-${c.target.id}`,
                'campaignCallBack',
                <>
                  <span className="nowrap">{c.campaignName}</span>
                  <span className="nowrap my-work-customer">{c.customerName}</span>
                  <span className={`badge nowrap ${due ? 'overdue' : 'muted'}`} data-testid="my-work-call-back-at" data-due={String(due)}>
                    {t('myWork.callBackAt', { time: formatDateTime(at) })}
                  </span>
                  <span className="mono nowrap muted">{formatPhone(c.target.phone)}</span>
                  <span className="my-work-note muted">{c.target.outcomeNotes}</span>
                </>,
                { 'data-target-id': c.target.id },
              );
            })}
          </Section>

          <Section title={t('myWork.section.complaints', { count: counts.complaints })} testId="my-work-complaints" empty={work.complaints.length === 0 ? t('myWork.none.complaints') : null}>
            {work.complaints.map(({ complaint, customerName, deadline }) => {
              const overdue = deadline !== null && Date.parse(deadline.dueAt) < now.getTime();
              return row(
                `complaint-${complaint.id}`,
                'complaint',
                <>
                  <span className="nowrap my-work-customer">{customerName}</span>
                  <span className="nowrap">{t(`complaints.categoryName.${complaint.category}`)}</span>
                  <span className="badge badge-neutral nowrap">{t(`complaints.statusName.${complaint.status}`)}</span>
                  {deadline ? (
                    <span className={`badge nowrap ${overdue ? 'overdue' : 'muted'}`} data-testid="my-work-deadline" data-overdue={String(overdue)}>
                      {t(deadline.kind === 'acknowledge' ? 'complaints.acknowledgeBy' : 'complaints.resolveBy', { due: formatDateTime(deadline.dueAt) })}
                    </span>
                  ) : (
                    <span />
                  )}
                  <span className="my-work-note muted">{complaint.customerWords}</span>
                </>,
                { 'data-complaint-id': complaint.id },
              );
            })}
          </Section>

          {work.partsRequests.length > 0 ? (
            <Section title={t('myWork.section.partsRequests', { count: work.partsRequests.length })} testId="my-work-parts" empty={null}>
              {work.partsRequests.map((p) =>
                row(
                  `parts-${p.id}`,
                  'partsRequest',
                  <>
                    <span className="mono nowrap">{p.orderNumber}</span>
                    <span className="nowrap my-work-customer">{p.customerName}</span>
                    <span className="mono nowrap">
                      {p.partNumber} × {p.quantity}
                    </span>
                    <span className="badge badge-neutral nowrap">{t(`partsRequests.statusName.${p.status}`)}</span>
                    <span className="nowrap muted">{formatDateTime(p.updatedAt)}</span>
                  </>,
                  { 'data-order-number': p.orderNumber },
                ),
              )}
            </Section>
          ) : null}

          {work.conflicts.length > 0 ? (
            <Section title={t('myWork.section.conflicts', { count: work.conflicts.length })} testId="my-work-conflicts" empty={null}>
              {work.conflicts.map((c) =>
                row(
                  `conflict-${c.id}`,
                  'conflict',
                  <>
                    <span className="nowrap">{t('myWork.conflictField', { entity: t(`entity.${c.entity}`), field: t(`fieldNames.${c.field}`, { defaultValue: c.field }) })}</span>
                    <span className="nowrap muted">{formatDateTime(c.createdAt)}</span>
                  </>,
                ),
              )}
            </Section>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Section({ title, testId, empty, children }: { title: string; testId: string; empty: string | null; children: ReactNode }) {
  return (
    <div className="my-work-section" data-testid={testId} role="group" aria-label={title}>
      <h3>{title}</h3>
      {empty ? <p className="muted my-work-empty">{empty}</p> : children}
    </div>
  );
}

/** The header's My work: the counts at a glance, a badge for what arrived; a click (or Alt+1) shows it. */
export function MyWorkButton() {
  const { t } = useTranslation();
  const { myWork } = useStores();
  const counts = useAppStore('myWork', (s) => s.work?.counts ?? null);
  const notices = useAppStore('myWork', (s) => s.notices.length);
  const newHandovers = counts?.newHandovers ?? 0;
  const badge = Math.max(notices, newHandovers);
  return (
    <button
      type="button"
      className="button button-quiet my-work-button"
      data-testid="my-work-open"
      data-new-handovers={newHandovers}
      data-notices={notices}
      title={
        counts
          ? t('myWork.countsTitle', { orders: counts.openOrders, overdue: counts.overdueOrders, handovers: counts.newHandovers, followUps: counts.followUpsDue, campaignCallBacks: counts.campaignCallBacks, complaints: counts.complaints, conflicts: counts.conflicts })
          : t('myWork.buttonTitle')
      }
      onClick={() => void myWork.getState().show({ focus: true })}
    >
      {t('myWork.button')}
      {counts ? (
        <span className="my-work-counts" data-testid="my-work-counts" data-orders={counts.openOrders} data-overdue={counts.overdueOrders} data-follow-ups={counts.followUpsDue} data-campaign-call-backs={counts.campaignCallBacks} data-complaints={counts.complaints}>
          <span className="my-work-count">{t('myWork.count.orders', { count: counts.openOrders })}</span>
          {counts.overdueOrders > 0 ? <span className="my-work-count is-overdue">{t('myWork.count.overdue', { count: counts.overdueOrders })}</span> : null}
          <span className="my-work-count">{t('myWork.count.followUps', { count: counts.followUpsDue })}</span>
          {/* Shown only when there are some: the header stays short on the usual day (1366 px, English too). */}
          {counts.campaignCallBacks > 0 ? <span className="my-work-count">{t('myWork.count.campaignCallBacks', { count: counts.campaignCallBacks })}</span> : null}
          <span className="my-work-count">{t('myWork.count.complaints', { count: counts.complaints })}</span>
        </span>
      ) : null}
      {badge > 0 ? (
        <span className="my-work-badge" data-testid="my-work-badge">
          {t('myWork.newBadge', { count: badge })}
        </span>
      ) : null}
    </button>
  );
}

/** An order made as a possible duplicate: awaiting the supervisor, or their decision with its reason (shared/domain/duplicateReview.ts). */
function DuplicateReviewBadge({ review }: { review: ServiceOrder['duplicateReview'] }) {
  const { t } = useTranslation();
  const decision = review?.decision ?? 'awaiting';
  const text = review ? t(`duplicateReview.decided.${review.decision}`, { reason: review.reason }) : t('duplicateReview.awaiting');
  return (
    <span className={`badge nowrap duplicate-review duplicate-review-${decision}`} data-testid="my-work-duplicate-review" data-decision={decision} title={text}>
      {text}
    </span>
  );
}
