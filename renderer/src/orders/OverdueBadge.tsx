import { useTranslation } from 'react-i18next';
import { orderOverdue } from '../../../shared/domain/orderSla.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { useNow } from '../app/useNow.js';
import { formatDateTime } from '../i18n/format.js';

/** The order's service-level flags (shared/domain/orderSla.ts), re-evaluated every minute. */
export function OverdueBadge({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const flags = orderOverdue(order, new Date(now));
  if (flags.dispatchOverdue) {
    return (
      <span className="badge overdue" data-testid="order-overdue" data-kind="dispatch" title={t('overdue.dispatchTitle', { due: formatDateTime(flags.dispatchDueAt) })}>
        {t('overdue.dispatch')}
      </span>
    );
  }
  if (flags.onSiteOverdue && flags.onSiteDueAt) {
    return (
      <span className="badge overdue" data-testid="order-overdue" data-kind="onSite" title={t('overdue.onSiteTitle', { due: formatDateTime(flags.onSiteDueAt) })}>
        {t('overdue.onSite')}
      </span>
    );
  }
  return null;
}
