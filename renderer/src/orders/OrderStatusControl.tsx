import './orders.css';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceOrder, ServiceOrderStatus } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { statusChoices } from './orderStatusStore.js';

/** Keys that move a closed select's choice: the choice then waits for Enter instead of taking effect. */
const NAVIGATION_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * The status menu of one order row: only the state machine's next statuses. Chosen with the mouse
 * it takes effect at once; moved through with the arrow keys it waits for Enter (Esc drops it), so
 * browsing the list never changes an order. Cancelling asks first.
 */
export function OrderStatusControl({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const { orderStatus } = useStores();
  const busy = useAppStore('orderStatus', (s) => Boolean(s.busy[order.id]));
  const error = useAppStore('orderStatus', (s) => s.errors[order.id]);
  const confirming = useAppStore('orderStatus', (s) => (s.confirming?.orderId === order.id ? s.confirming : null));
  const [choice, setChoice] = useState<ServiceOrderStatus | ''>('');
  const byKeyboard = useRef(false);
  const selectRef = useRef<HTMLSelectElement>(null);
  const choices = statusChoices(order.status);

  const commit = (status: ServiceOrderStatus) => {
    setChoice('');
    void orderStatus.getState().request(order, status);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLSelectElement>) => {
    if (event.key === 'Enter' && choice) {
      event.preventDefault();
      commit(choice);
    } else if (event.key === 'Escape' && choice) {
      event.preventDefault(); // the focus stays here; a second Esc goes back to the search box
      setChoice('');
    } else if (NAVIGATION_KEYS.has(event.key) || (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey)) {
      byKeyboard.current = true;
    }
  };

  return (
    <div className="order-actions">
      {choices.length > 0 ? (
        <span className="status-change">
          <select
            ref={selectRef}
            className="status-select"
            data-testid="order-status-select"
            aria-label={t('orderActions.changeLabel', { number: order.orderNumber })}
            value={choice}
            disabled={busy}
            onKeyDown={onKeyDown}
            onBlur={() => {
              byKeyboard.current = false;
              setChoice('');
            }}
            onChange={(e) => {
              const value = e.target.value as ServiceOrderStatus | '';
              const keyboard = byKeyboard.current;
              byKeyboard.current = false;
              setChoice(value);
              if (value && !keyboard) commit(value);
            }}
          >
            <option value="">{busy ? t('orderActions.changing') : t('orderActions.change')}</option>
            {choices.map((status) => (
              <option key={status} value={status} data-status={status}>
                {t(`orderStatus.${status}`)}
              </option>
            ))}
          </select>
          {choice ? <span className="muted key-hint">{t('orderActions.keyboardHint')}</span> : null}
        </span>
      ) : null}
      {confirming ? (
        <div
          className="confirm-box"
          role="alertdialog"
          aria-label={t('orderActions.confirmCancel', { number: order.orderNumber })}
          data-testid="order-cancel-confirmation"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            orderStatus.getState().dismiss();
            selectRef.current?.focus();
          }}
        >
          <span>{t('orderActions.confirmCancel', { number: order.orderNumber })}</span>
          <span className="confirm-buttons">
            <button type="button" className="button button-danger button-small" data-testid="order-cancel-confirm" autoFocus onClick={() => void orderStatus.getState().confirm(order)}>
              {t('orderActions.confirmYes')}
            </button>
            <button
              type="button"
              className="button button-small"
              data-testid="order-cancel-keep"
              onClick={() => {
                orderStatus.getState().dismiss();
                selectRef.current?.focus();
              }}
            >
              {t('orderActions.confirmNo')}
            </button>
          </span>
        </div>
      ) : null}
      {error ? (
        <ErrorText error={error} testId="order-error" className="order-error" />
      ) : null}
    </div>
  );
}
