import '../forms/forms.css';
import '../complaints/complaints.css';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTE_MAX_CHARS } from '../../../shared/domain/note.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { fieldErrorId } from '../forms/FieldError.js';
import { formatDateTime } from '../i18n/format.js';

/**
 * The card's notes: the customer's and their orders' (each marked with its order), newest first,
 * found by words typed in the filter; and a box to add one, on the customer or one of the orders.
 * Notes are never edited: a correction is a new note.
 */
export function CustomerNotes({ orders }: { orders: readonly ServiceOrder[] }) {
  const { t } = useTranslation();
  const { notes: store } = useStores();
  const state = useAppStore('notes', (s) => s);
  const formId = `note${useId().replace(/[^\w-]/g, '')}`;
  const problem = state.fieldErrors.text;
  const orderNumber = (orderId: string | null) => (orderId ? orders.find((o) => o.id === orderId)?.orderNumber : undefined);
  return (
    <section className="card-section" data-testid="customer-notes" aria-labelledby={`${formId}-heading`}>
      <div className="section-head">
        <h3 id={`${formId}-heading`}>{t('notes.heading', { count: state.notes.length })}</h3>
        <input
          className="notes-filter"
          type="search"
          data-testid="notes-filter"
          aria-label={t('notes.filter')}
          placeholder={t('notes.filter')}
          value={state.query}
          maxLength={100}
          onChange={(e) => void store.getState().setQuery(e.target.value)}
        />
      </div>
      <form
        className="note-form"
        data-testid="note-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void store.getState().submit();
        }}
      >
        <div className={`field note-text${problem ? ' has-error' : ''}`}>
          <label className="field-label" htmlFor={`${formId}-text`}>
            {t('notes.text')} <span className="muted">{t('notes.counter', { count: state.text.trim().length, max: NOTE_MAX_CHARS })}</span>
          </label>
          <textarea
            id={`${formId}-text`}
            data-testid="note-text"
            rows={2}
            value={state.text}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? fieldErrorId(formId, 'text') : undefined}
            onChange={(e) => store.getState().set({ text: e.target.value })}
            onKeyDown={(e) => {
              // Enter adds the note; Shift+Enter starts a new line.
              if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return;
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }}
          />
          {problem ? (
            <span className="field-error" id={fieldErrorId(formId, 'text')} role="alert" data-testid="field-error" data-field="text" title={problem.message}>
              {t('notes.rule.text', { max: NOTE_MAX_CHARS })}
            </span>
          ) : null}
        </div>
        <select data-testid="note-order" aria-label={t('complaints.order')} value={state.orderId} onChange={(e) => store.getState().set({ orderId: e.target.value })}>
          <option value="">{t('complaints.noOrder')}</option>
          {orders.map((o) => (
            <option key={o.id} value={o.id}>
              {t('notes.onOrder', { number: o.orderNumber })}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-small" data-testid="note-submit" disabled={state.pending}>
          {t('notes.submit')}
        </button>
      </form>
      {state.error ? <ErrorText error={state.error} testId="note-error" /> : null}
      {state.loadError ? <ErrorText error={state.loadError} testId="notes-error" /> : null}
      {state.phase === 'loaded' && state.notes.length === 0 ? (
        <p className="muted" data-testid="notes-none">
          {state.query.trim() ? t('notes.noMatch', { query: state.query.trim() }) : t('notes.none')}
        </p>
      ) : null}
      <ul className="note-list">
        {state.notes.map((n) => (
          <li key={n.id} data-testid="note" data-note-id={n.id} data-order-id={n.orderId ?? ''}>
            <span className="muted nowrap">{formatDateTime(n.createdAt)}</span>
            <span className="nowrap" data-testid="note-author">
              {state.authors[n.authorId] ?? ''}
            </span>
            {orderNumber(n.orderId) ? <span className="badge mono">{t('notes.onOrder', { number: orderNumber(n.orderId) })}</span> : null}
            {n.version === 0 ? <span className="muted">{t('notes.notSynced')}</span> : null}
            <span className="note-body">{n.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
