import { useId, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { canDispatch } from './orderDispatchStore.js';

/**
 * Dispatch of one order: a button (new orders; re-dispatch while the outlet has not accepted)
 * opening a small form — outlet from the suggestions (nearest, least loaded first, load shown) and
 * the appointment window. Enter dispatches, Esc closes and gives the focus back to the button.
 */
export function DispatchControl({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const { orderDispatch } = useStores();
  const openFor = useAppStore('orderDispatch', (s) => s.orderId);
  const options = useAppStore('orderDispatch', (s) => s.options);
  const outletId = useAppStore('orderDispatch', (s) => s.outletId);
  const start = useAppStore('orderDispatch', (s) => s.start);
  const end = useAppStore('orderDispatch', (s) => s.end);
  const error = useAppStore('orderDispatch', (s) => s.error);
  const pending = useAppStore('orderDispatch', (s) => s.pending);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const formId = `dispatch${useId().replace(/[^\w-]/g, '')}`;
  if (!canDispatch(order)) return null;
  const isOpen = openFor === order.id;

  const close = () => {
    orderDispatch.getState().close();
    buttonRef.current?.focus();
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (await orderDispatch.getState().submit()) buttonRef.current?.focus();
  };

  return (
    <span className="dispatch-control">
      <button
        ref={buttonRef}
        type="button"
        className="button button-small"
        data-testid="order-dispatch"
        aria-expanded={isOpen}
        onClick={() => (isOpen ? close() : void orderDispatch.getState().open(order))}
      >
        {order.status === 'new' ? t('dispatch.open') : t('dispatch.reopen')}
      </button>
      {isOpen ? (
        <form
          className="dispatch-form"
          data-testid="dispatch-form"
          aria-label={t('dispatch.heading', { number: order.orderNumber })}
          aria-busy={pending}
          noValidate
          onSubmit={(e) => void onSubmit(e)}
          onKeyDown={(e) => {
            // A <select> does not submit its form on Enter by itself: Enter there submits as in the other boxes.
            if (e.key === 'Enter' && e.target instanceof HTMLSelectElement) {
              e.preventDefault();
              e.currentTarget.requestSubmit();
            }
            if (e.key !== 'Escape') return;
            e.preventDefault();
            close();
          }}
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
          <button type="submit" className="button button-primary button-small" data-testid="dispatch-submit" disabled={pending || options.length === 0}>
            {t('dispatch.submit')}
          </button>
          <button type="button" className="button button-small" onClick={close}>
            {t('dispatch.cancel')}
          </button>
          {error ? <ErrorText error={error} testId="dispatch-error" /> : null}
        </form>
      ) : null}
    </span>
  );
}
