import { createContext, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * Where an order row's small forms (dispatch, handover, completion, cancellation) open: a full-width
 * line under the row, so the row's buttons stay on one line and a form never overflows the card.
 */
export const OrderFormSlot = createContext<HTMLElement | null>(null);

/** `form` in the row's form line when there is one, else where it stands. */
export function InOrderFormSlot({ children }: { children: ReactNode }) {
  const slot = useContext(OrderFormSlot);
  return slot ? createPortal(children, slot) : <>{children}</>;
}
