import './orders.css';
import { useRef, type FormEvent, type ReactNode } from 'react';
import type { ErrorInfo } from '../bridge/errors.js';
import { ErrorText } from '../app/ErrorText.js';

export interface OrderActionControlProps {
  /** The wrapper's class. */
  className: string;
  isOpen: boolean;
  pending: boolean;
  error: ErrorInfo | null;
  /** Nothing to choose yet (or no choice at all): the submit button is off. */
  submitDisabled: boolean;
  open(): void;
  close(): void;
  /** Truthy once the action went through (the form has closed). */
  submit(): Promise<unknown>;
  /** The opening button's text and data-testid. */
  button: { label: string; testId: string };
  /** The form's accessible name and data-testid. */
  form: { label: string; testId: string };
  /** The submit and cancel buttons' texts, the submit button's and the error's data-testids. */
  submitLabel: string;
  cancelLabel: string;
  submitTestId: string;
  errorTestId: string;
  /** The form's fields. */
  children: ReactNode;
}

/**
 * One action on one order (dispatch, handover): a button opening a small form after it. Enter
 * submits (in a <select> too), Esc closes; either way the focus goes back to the button.
 */
export function OrderActionControl(props: OrderActionControlProps) {
  const { isOpen, pending, error } = props;
  const buttonRef = useRef<HTMLButtonElement>(null);

  const close = () => {
    props.close();
    buttonRef.current?.focus();
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (await props.submit()) buttonRef.current?.focus();
  };

  return (
    <span className={props.className}>
      <button ref={buttonRef} type="button" className="button button-small" data-testid={props.button.testId} aria-expanded={isOpen} onClick={() => (isOpen ? close() : props.open())}>
        {props.button.label}
      </button>
      {isOpen ? (
        <form
          className="dispatch-form"
          data-testid={props.form.testId}
          aria-label={props.form.label}
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
          {props.children}
          <button type="submit" className="button button-primary button-small" data-testid={props.submitTestId} disabled={props.submitDisabled}>
            {props.submitLabel}
          </button>
          <button type="button" className="button button-small" onClick={close}>
            {props.cancelLabel}
          </button>
          {error ? <ErrorText error={error} testId={props.errorTestId} /> : null}
        </form>
      ) : null}
    </span>
  );
}
