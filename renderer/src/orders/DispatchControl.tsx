import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { duplicateDispatchHold } from '../../../shared/domain/duplicateReview.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { useAppStore, useStores } from '../app/stores.js';
import { refusalText } from '../i18n/errorMessages.js';
import { formatClock, formatDateTime } from '../i18n/format.js';
import { OrderActionControl } from './OrderActionControl.js';
import { canDispatch } from './orderDispatchStore.js';

/**
 * Dispatch of one order: a button (new orders; re-dispatch while the outlet has not accepted)
 * opening a small form — outlet from the suggestions (nearest, least loaded first, load shown) and
 * the appointment window; a re-dispatch shows the current outlet and appointment first. Enter dispatches, Esc closes and gives the focus back to the button.
 */
export function DispatchControl({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const { orderDispatch } = useStores();
  const options = useAppStore('orderDispatch', (s) => s.options);
  const outletId = useAppStore('orderDispatch', (s) => s.outletId);
  const start = useAppStore('orderDispatch', (s) => s.start);
  const end = useAppStore('orderDispatch', (s) => s.end);
  const pending = useAppStore('orderDispatch', (s) => s.pending);
  const takeoverAsked = useAppStore('orderDispatch', (s) => s.takeoverAsked);
  const formId = `dispatch${useId().replace(/[^\w-]/g, '')}`;
  if (!canDispatch(order)) return null;
  // A possible duplicate waits for the supervisor (or was rejected): said where the button would be.
  const held = duplicateDispatchHold(order);
  if (held) {
    const text = order.duplicateReview ? t(`duplicateReview.decided.${order.duplicateReview.decision}`, { reason: order.duplicateReview.reason }) : t('duplicateReview.awaiting');
    return (
      <span className="badge nowrap duplicate-review" data-testid="dispatch-held" data-code={held.code} title={refusalText(t, held)}>
        {text}
      </span>
    );
  }

  return (
    <OrderActionControl
      action="dispatch"
      order={order}
      className="dispatch-control"
      buttonLabel={order.status === 'new' ? t('dispatch.open') : t('dispatch.reopen')}
      submitDisabled={pending || options.length === 0}
      lead={
        <>
          {order.outletId && order.appointmentStart && order.appointmentEnd ? (
            <span className="dispatch-current" data-testid="dispatch-current">
              {t('dispatch.current', {
                outlet: options.find((o) => o.id === order.outletId)?.name ?? t('dispatch.unknownOutlet'),
                window: `${formatDateTime(order.appointmentStart)}–${formatClock(order.appointmentEnd)}`,
              })}
            </span>
          ) : null}
          {takeoverAsked ? (
            <span className="confirm-box" role="alert" data-testid="dispatch-takeover">
              {t('orderActions.takeoverQuestion', { number: order.orderNumber })}
              <button type="button" className="button button-primary button-small" data-testid="dispatch-takeover-confirm" onClick={() => void orderDispatch.getState().submit(true)}>
                {t('orderActions.takeoverYes')}
              </button>
            </span>
          ) : null}
        </>
      }
    >
      <label className="field-label" htmlFor={`${formId}-outlet`}>
        {t('dispatch.outlet')}
      </label>
      <select
        id={`${formId}-outlet`}
        data-testid="dispatch-outlet"
        autoFocus
        value={outletId}
        onChange={(e) => orderDispatch.getState().set({ outletId: e.target.value })}
      >
        {options.length === 0 ? <option value="">{pending ? t('dispatch.loading') : t('dispatch.noOutlet')}</option> : null}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {t('dispatch.outletOption', { name: o.name, load: o.load })}
          </option>
        ))}
      </select>
      <label className="field-label" htmlFor={`${formId}-start`}>
        {t('dispatch.start')}
      </label>
      <input id={`${formId}-start`} data-testid="dispatch-start" type="datetime-local" value={start} onChange={(e) => orderDispatch.getState().set({ start: e.target.value })} />
      <label className="field-label" htmlFor={`${formId}-end`}>
        {t('dispatch.end')}
      </label>
      <input id={`${formId}-end`} data-testid="dispatch-end" type="datetime-local" value={end} onChange={(e) => orderDispatch.getState().set({ end: e.target.value })} />
    </OrderActionControl>
  );
}
