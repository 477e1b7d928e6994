import '../forms/forms.css';
import '../customer/customer.css';
import type { InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { GridTable } from '../app/GridTable.js';
import { useAppStore, useStores } from '../app/stores.js';
import { fieldErrorId } from '../forms/FieldError.js';
import type { FieldProblem } from '../forms/fieldErrors.js';
import { useDiscardGuard } from '../forms/useDiscardGuard.js';
import { formatDateTime } from '../i18n/format.js';
import { partsRefusal, type PartsField } from './partsRequestsStore.js';

const FORM_ID = 'parts-request-form';

/** The order row's way to its parts requests (Alt+S: those of the newest open order). */
export function PartsRequestsButton({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const { partsRequests } = useStores();
  const showing = useAppStore('partsRequests', (s) => s.order?.id === order.id);
  return (
    <button
      type="button"
      className="button button-small"
      data-testid="parts-requests-button"
      data-order-number={order.orderNumber}
      aria-expanded={showing}
      title={t('partsRequests.buttonTitle', { number: order.orderNumber })}
      onClick={() => (showing ? partsRequests.getState().close() : void partsRequests.getState().open(order))}
    >
      {t('partsRequests.button')}
    </button>
  );
}

/** One field's problem in words: the rule for that field (translated), or "required". */
function PartsFieldError({ field, problem }: { field: PartsField; problem: FieldProblem | undefined }) {
  const { t } = useTranslation();
  if (!problem) return null;
  const text = problem.kind === 'required' && field === 'partNumber' ? t('formErrors.required') : t(`partsRequests.rule.${field}`);
  return (
    <span className="field-error" id={fieldErrorId(FORM_ID, field)} role="alert" data-testid="field-error" data-field={field}>
      {text}
    </span>
  );
}

/** One field of the form: its label, the input (the store holds its text), and its problem in words, if any. */
function PartsInput({ field, testId, ...input }: { field: PartsField; testId: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const { t } = useTranslation();
  const { partsRequests } = useStores();
  const value = useAppStore('partsRequests', (s) => s[field]);
  const problem = useAppStore('partsRequests', (s) => s.fieldErrors[field]);
  return (
    <label>
      {t(`partsRequests.${field}`)}
      <input
        data-testid={testId}
        {...input}
        value={value}
        aria-invalid={Boolean(problem)}
        aria-describedby={problem ? fieldErrorId(FORM_ID, field) : undefined}
        onChange={(e) => partsRequests.getState().set({ [field]: e.target.value })}
      />
      <PartsFieldError field={field} problem={problem} />
    </label>
  );
}

/**
 * Under the orders: the chosen order's parts requests with their status, and a form to request a
 * part (part number, quantity, note). Enter submits, Esc closes and returns to the order's button.
 */
export function PartsRequestsPanel({ orders }: { orders: readonly ServiceOrder[] }) {
  const { t } = useTranslation();
  const { partsRequests } = useStores();
  const state = useAppStore('partsRequests', (s) => s);
  const order = state.order && orders.find((o) => o.id === state.order?.id);
  const close = () => {
    partsRequests.getState().close();
    if (order) document.querySelector<HTMLElement>(`[data-testid="parts-requests-button"][data-order-number="${order.orderNumber}"]`)?.focus();
  };
  // The quantity starts at 1: only a part number or a note counts as typed.
  const guard = useDiscardGuard(state.partNumber.trim() !== '' || state.note.trim() !== '', close);
  if (!order) return null;
  const refusal = partsRefusal(order);

  return (
    <section
      className="card-subsection parts-requests"
      data-testid="parts-requests"
      data-order-number={order.orderNumber}
      aria-labelledby="parts-requests-heading"
      onKeyDown={(e) => {
        guard.onKeyDown(e);
        if (e.key === 'Escape') e.preventDefault();
      }}
    >
      <div className="section-head">
        <h4 id="parts-requests-heading">{t('partsRequests.heading', { number: order.orderNumber })}</h4>
        <button type="button" className="button button-quiet button-small" data-testid="parts-requests-close" onClick={close}>
          {t('partsRequests.close')}
        </button>
      </div>
      {state.loadError ? <ErrorText error={state.loadError} testId="parts-requests-error" /> : null}
      {state.phase === 'loaded' && state.requests.length === 0 ? (
        <p className="muted" data-testid="parts-requests-none">
          {t('partsRequests.none')}
        </p>
      ) : null}
      {state.requests.length > 0 ? (
        <GridTable headings={[t('partsRequests.partNumber'), t('partsRequests.quantity'), t('partsRequests.status'), t('partsRequests.note'), t('partsRequests.requestedAt')]}>
          {state.requests.map((r) => (
            <tr key={r.id} data-testid="parts-request-row" data-status={r.status} data-part-number={r.partNumber}>
              <td className="mono">{r.partNumber}</td>
              <td>{r.quantity}</td>
              <td>
                <span className={`badge parts-${r.status}`}>{t(`partsRequests.statusName.${r.status}`)}</span>
                {r.version === 0 ? <span className="muted"> {t('partsRequests.notSynced')}</span> : null}
              </td>
              <td>{r.note}</td>
              <td className="nowrap">{formatDateTime(r.createdAt)}</td>
            </tr>
          ))}
        </GridTable>
      ) : null}
      {refusal ? (
        <p className="muted" data-testid="parts-requests-closed">
          {t('partsRequests.orderClosed', { status: t(`orderStatus.${order.status}`) })}
        </p>
      ) : (
        <form
          id={FORM_ID}
          data-testid={FORM_ID}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void partsRequests.getState().submit();
          }}
        >
          <PartsInput field="partNumber" testId="parts-part-number" autoFocus />
          <PartsInput field="quantity" testId="parts-quantity" type="number" inputMode="numeric" min={1} max={99} />
          <PartsInput field="note" testId="parts-note" maxLength={500} />
          {state.error ? <ErrorText error={state.error} testId="parts-request-submit-error" /> : null}
          {guard.prompt}
          <button type="submit" className="button button-primary button-small" data-testid="parts-request-submit" disabled={state.pending}>
            {t('partsRequests.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
