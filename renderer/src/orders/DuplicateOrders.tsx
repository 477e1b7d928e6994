import './orders.css';
import { useTranslation } from 'react-i18next';
import type { DuplicateOrder } from '../../../shared/domain/duplicateOrders.js';
import { formatDate } from '../i18n/format.js';

/** The open orders a new one may duplicate, each with why, shown in the new-order form before it is saved. */
export function DuplicateOrders({ duplicates }: { duplicates: readonly DuplicateOrder[] }) {
  const { t } = useTranslation();
  if (duplicates.length === 0) return null;
  return (
    <div className="form-warning" role="status" data-testid="order-duplicate-warning">
      <p>{t('duplicateOrders.heading', { count: duplicates.length })}</p>
      <ul className="duplicate-orders">
        {duplicates.map(({ order, reason }) => (
          <li key={order.id} data-testid="order-duplicate" data-order-id={order.id} data-reason={reason}>
            {t('duplicateOrders.row', {
              number: order.orderNumber,
              type: t(`orderType.${order.type}`),
              status: t(`orderStatus.${order.status}`),
              date: formatDate(order.createdAt),
              reason: t(`duplicateOrders.reason.${reason}`),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
