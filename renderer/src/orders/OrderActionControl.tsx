import './orders.css';
import { useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { InOrderFormSlot } from './orderFormSlot.js';

/** Each action's store. */
const STORES = { dispatch: 'orderDispatch', handover: 'orderOwner' } as const;

export interface OrderActionControlProps {
  /** Which action: its store, its texts (`<action>.heading`, `.submit`, `.cancel`) and data-testids (`order-<action>`, `<action>-form`, `-submit`, `-error`). */
  action: keyof typeof STORES;
  order: ServiceOrder;
  /** The wrapper's class. */
  className: string;
  /** The opening button's text. */
  buttonLabel: string;
  /** Nothing to choose yet (or no choice at all): the submit button is off. */
  submitDisabled: boolean;
  /** The form's fields. */
  children: ReactNode;
  /** What the form says first (e.g. the current outlet and appointment of a re-dispatch). */
  lead?: ReactNode;
}

/**
 * One action on one order (dispatch, handover): a button opening a small form in the row's form
 * line (orderFormSlot.tsx). Enter
 * submits (in a <select> too), Esc closes; either way the focus goes back to the button.
 */
export function OrderActionControl({ action, order, className, buttonLabel, submitDisabled, children, lead }: OrderActionControlProps) {
  const { t } = useTranslation();
  const storeKey = STORES[action];
  const store = useStores()[storeKey];
  const isOpen = useAppStore(storeKey, (s) => s.orderId === order.id);
  const pending = useAppStore(storeKey, (s) => s.pending);
  const error = useAppStore(storeKey, (s) => s.error);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const close = () => {
    store.getState().close();
    buttonRef.current?.focus();
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // Truthy once the action went through (the form has closed).
    if (await store.getState().submit()) buttonRef.current?.focus();
  };

  return (
    <span className={className}>
      <button ref={buttonRef} type="button" className="button button-small" data-testid={`order-${action}`} aria-expanded={isOpen} onClick={() => (isOpen ? close() : void store.getState().open(order))}>
        {buttonLabel}
      </button>
      {isOpen ? (
        <InOrderFormSlot>
        <form
          className="dispatch-form"
          data-testid={`${action}-form`}
          aria-label={t(`${action}.heading`, { number: order.orderNumber })}
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
          {lead}
          {children}
          <button type="submit" className="button button-primary button-small" data-testid={`${action}-submit`} disabled={submitDisabled}>
            {t(`${action}.submit`)}
          </button>
          <button type="button" className="button button-small" onClick={close}>
            {t(`${action}.cancel`)}
          </button>
          {error ? <ErrorText error={error} testId={`${action}-error`} /> : null}
        </form>
        </InOrderFormSlot>
      ) : null}
    </span>
  );
}
