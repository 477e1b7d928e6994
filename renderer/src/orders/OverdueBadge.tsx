import { useTranslation } from 'react-i18next';
import { nextDeadline } from '../../../shared/domain/orderSla.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { useNow } from '../app/useNow.js';
import { formatDateTime } from '../i18n/format.js';
import { formatOverdueBy } from './OverdueOrdersPanel.js';

/**
 * The order's service-level countdown (shared/domain/orderSla.ts), re-evaluated every minute: the
 * timer due soonest, as time left or, once past, as an overdue flag. Nothing once no timer runs.
 */
export function OverdueBadge({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const clock = nextDeadline(order, new Date(now));
  if (!clock) return null;
  if (clock.remainingMs < 0) {
    return (
      <span className="badge overdue" data-testid="order-overdue" data-kind={clock.stage} title={t(`overdue.${clock.stage}Title`, { due: formatDateTime(clock.dueAt) })}>
        {t(`overdue.${clock.stage}`)}
      </span>
    );
  }
  // The duration never breaks inside ("9 小时 24 分钟"); a narrow status column puts it under the
  // stage's words instead, in either language's word order.
  const duration = formatOverdueBy(t, clock.remainingMs);
  const text = t(`overdue.left.${clock.stage}`, { duration });
  const at = text.indexOf(duration);
  return (
    <span className="sla-countdown muted" data-testid="order-countdown" data-kind={clock.stage} title={t('overdue.leftTitle', { due: formatDateTime(clock.dueAt) })}>
      {at < 0 ? (
        text
      ) : (
        <>
          {text.slice(0, at)}
          <span className="nowrap">{duration}</span>
          {text.slice(at + duration.length)}
        </>
      )}
    </span>
  );
}
