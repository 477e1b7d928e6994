import './orders.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isLowScore, type FollowUp } from '../../../shared/domain/followUp.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { SessionInfo } from '../../../shared/workstationApi.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { formatClock, formatDate, formatDateTime } from '../i18n/format.js';
import type { TimelineEntry } from './orderTimelineStore.js';

const shortId = (id: string) => id.slice(0, 8);

/** Names of the agents the timeline may mention: the branch's, by id. */
type AgentNames = ReadonlyMap<string, string>;

/** An agent as the timeline names them: the signed-in agent as "you", the branch's by name, anyone else by a short id. */
function agentName(t: TFunction, session: SessionInfo | null, agents: AgentNames, id: string | null): string {
  if (id === null) return t('timeline.unknown');
  if (session?.agent.id === id) return t('timeline.you', { name: session.agent.displayName });
  return agents.get(id) ?? t('timeline.agent', { id: shortId(id) });
}

/** An appointment window: "2026-11-24 09:00–12:00", the end's date only when it differs. */
function formatWindow(start: string, end: string): string {
  return formatDate(start) === formatDate(end) ? `${formatDateTime(start)}–${formatClock(end)}` : `${formatDateTime(start)} – ${formatDateTime(end)}`;
}

function describe(t: TFunction, entry: TimelineEntry, session: SessionInfo | null, agents: AgentNames, outletNames: Record<string, string>): string {
  const status = (s: TimelineEntry['toStatus']) => (s ? t(`orderStatus.${s}`) : t('timeline.unknown'));
  switch (entry.kind) {
    case 'created':
      return t('timeline.created', { status: status(entry.toStatus) });
    case 'status_changed':
      return t('timeline.statusChanged', { from: status(entry.fromStatus), to: status(entry.toStatus) });
    case 'owner_changed':
      return t('timeline.ownerChanged', { from: agentName(t, session, agents, entry.fromOwnerAgentId), to: agentName(t, session, agents, entry.toOwnerAgentId) });
    case 'dispatched': {
      const outlet = entry.outletId ? (outletNames[entry.outletId] ?? t('timeline.outlet', { id: shortId(entry.outletId) })) : t('timeline.unknown');
      const window = entry.appointmentStart && entry.appointmentEnd ? formatWindow(entry.appointmentStart, entry.appointmentEnd) : t('timeline.unknown');
      return t('timeline.dispatched', { outlet, window });
    }
    case 'duplicate_approved':
      return t('timeline.duplicateApproved', { by: agentName(t, session, agents, entry.agentId), reason: entry.note ?? '' });
    case 'duplicate_rejected':
      return t('timeline.duplicateRejected', { by: agentName(t, session, agents, entry.agentId), reason: entry.note ?? '' });
  }
}

/** A fee in yuan as the agent reads it. */
function formatFee(t: TFunction, fee: number): string {
  return t('timeline.records.feeAmount', { amount: fee.toFixed(2) });
}

/**
 * What the order's steps recorded, above its history: the fee consent and the duplicate reason of
 * its creation, the completion (resolution, parts, fee, technician), the cancel reason, and the
 * follow-up (calls, outcome, score and remark).
 */
function OrderRecords({ order, followUp }: { order: ServiceOrder; followUp: FollowUp | null }) {
  const { t } = useTranslation();
  const rows: Array<[string, string, string]> = [];
  if (order.feeConsent) rows.push(['fee-consent', t('timeline.records.feeConsent'), t('timeline.records.feeConsentText', { fee: formatFee(t, order.feeConsent.estimate), at: formatDateTime(order.feeConsent.consentedAt) })]);
  if (order.duplicateReason) rows.push(['duplicate-reason', t('timeline.records.duplicateReason'), order.duplicateReason]);
  if (order.duplicateReason && !order.duplicateReview) rows.push(['duplicate-review', t('timeline.records.duplicateReview'), t('duplicateReview.awaiting')]);
  if (order.duplicateReview) rows.push(['duplicate-review', t('timeline.records.duplicateReview'), t(`duplicateReview.decided.${order.duplicateReview.decision}`, { reason: order.duplicateReview.reason })]);
  if (order.completion) {
    const { resolution, parts, fee, technician } = order.completion;
    const partsText = parts.length > 0 ? parts.map((p) => t('timeline.records.part', { name: p.name, quantity: p.quantity })).join(t('timeline.records.separator')) : t('timeline.records.noParts');
    rows.push(['completion', t('timeline.records.completion'), t('timeline.records.completionText', { resolution, parts: partsText, fee: formatFee(t, fee), technician })]);
  }
  if (order.cancelReason) rows.push(['cancel-reason', t('timeline.records.cancelReason'), order.cancelReason]);
  if (followUp && followUp.lastOutcome) {
    const outcome = t(`followUps.outcomeName.${followUp.lastOutcome}`);
    const score = followUp.satisfaction !== null ? t('followUps.scoreOf', { score: followUp.satisfaction }) : '';
    const text = [outcome, score, followUp.remarks, t('timeline.records.attempts', { count: followUp.attempts })].filter(Boolean).join(t('timeline.records.separator'));
    rows.push(['follow-up', t('timeline.records.followUp'), text]);
  }
  if (rows.length === 0) return null;
  return (
    <dl className="order-records" data-testid="order-records">
      {rows.map(([key, label, text]) => (
        <div key={key} className={key === 'follow-up' && followUp && isLowScore(followUp) ? 'order-record order-record-low' : 'order-record'} data-testid={`order-record-${key}`}>
          <dt>{label}</dt>
          <dd>{text}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The row's order number, as the button that shows (or hides) the order's history below the orders. */
export function OrderTimelineButton({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const { orderTimeline } = useStores();
  const shown = useAppStore('orderTimeline', (s) => s.orderId === order.id);
  return (
    <button
      type="button"
      className="order-number-button mono"
      data-testid="order-timeline-button"
      data-order-id={order.id}
      title={t('timeline.buttonTitle', { number: order.orderNumber })}
      aria-expanded={shown}
      onClick={() => (shown ? orderTimeline.getState().close() : void orderTimeline.getState().open(order))}
    >
      {order.orderNumber}
    </button>
  );
}

function focusTimelineButton(orderId: string): void {
  document.querySelector<HTMLElement>(`[data-testid="order-timeline-button"][data-order-id="${orderId}"]`)?.focus();
}

/**
 * The open order's history on the card, newest first: created, status changes, dispatch (outlet,
 * appointment window), owner handovers, and this seat's changes still waiting to sync, marked so.
 * It takes the focus when it opens; Esc (or Close) hides it and gives the focus back to the row.
 */
export function OrderTimelinePanel({ orders }: { orders: readonly ServiceOrder[] }) {
  const { t } = useTranslation();
  const { orderTimeline, orderOwner } = useStores();
  const orderId = useAppStore('orderTimeline', (s) => s.orderId);
  const orderNumber = useAppStore('orderTimeline', (s) => s.orderNumber);
  const phase = useAppStore('orderTimeline', (s) => s.phase);
  const entries = useAppStore('orderTimeline', (s) => s.entries);
  const followUp = useAppStore('orderTimeline', (s) => s.followUp);
  const outletNames = useAppStore('orderTimeline', (s) => s.outletNames);
  const error = useAppStore('orderTimeline', (s) => s.error);
  const session = useAppStore('session', (s) => s.session);
  const agentList = useAppStore('orderOwner', (s) => s.agents);
  const agents: AgentNames = new Map(agentList.map((a) => [a.id, a.displayName]));
  const sectionRef = useRef<HTMLElement>(null);
  const onThisCard = orderId !== null && orders.some((o) => o.id === orderId);

  useEffect(() => {
    if (onThisCard) sectionRef.current?.focus();
  }, [onThisCard, orderId]);
  // Owners are named from the branch's agents; unknown ones (list not readable) show by id.
  useEffect(() => {
    if (onThisCard) orderOwner.getState().loadAgents().catch(() => undefined);
  }, [onThisCard, orderOwner]);

  const order = orders.find((o) => o.id === orderId);
  if (!onThisCard || orderId === null || !order) return null;
  const close = () => {
    orderTimeline.getState().close();
    focusTimelineButton(orderId);
  };

  return (
    <section
      ref={sectionRef}
      className="order-timeline"
      data-testid="order-timeline"
      data-order-id={orderId}
      aria-labelledby="order-timeline-heading"
      aria-busy={phase === 'loading'}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        close();
      }}
    >
      <header className="section-head">
        <h3 id="order-timeline-heading">{t('timeline.heading', { number: orderNumber ?? '' })}</h3>
        <span className="card-hint muted">{t('timeline.keyboardHint')}</span>
        <button type="button" className="button button-quiet button-small" data-testid="order-timeline-close" onClick={close}>
          {t('timeline.close')}
        </button>
      </header>
      <OrderRecords order={order} followUp={followUp} />
      {phase === 'loading' ? <p className="muted">{t('timeline.loading')}</p> : null}
      {phase === 'error' && error ? <ErrorText error={error} headline={t('timeline.loadError')} testId="order-timeline-error" /> : null}
      {phase === 'loaded' && entries.length === 0 ? <p className="muted">{t('timeline.empty')}</p> : null}
      {entries.length > 0 ? (
        <ol className="timeline-list">
          {entries.map((entry) => (
            <li key={entry.key} className={`timeline-entry${entry.pending ? ' timeline-pending' : ''}${entry.note ? ' timeline-with-note' : ''}`} data-testid="timeline-entry" data-kind={entry.kind} data-pending={entry.pending}>
              <time className="timeline-time nowrap" dateTime={entry.at}>
                {formatDateTime(entry.at)}
              </time>
              <span className="timeline-what">{describe(t, entry, session, agents, outletNames)}</span>
              {entry.kind === 'owner_changed' && entry.note ? (
                <span className="timeline-note" data-testid="timeline-handover-note">
                  {t('timeline.ownerNote', { note: entry.note })}
                </span>
              ) : null}
              {entry.pending ? (
                <span className="badge timeline-unsynced" data-testid="timeline-unsynced" title={t('timeline.pendingTitle')}>
                  {t('timeline.pending')}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
