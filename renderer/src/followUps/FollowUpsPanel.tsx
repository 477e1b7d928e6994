import '../forms/forms.css';
import './followUps.css';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FollowUpOutcome, type FollowUp } from '../../../shared/domain/followUp.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { PanelButton } from '../app/PanelButton.js';
import { PanelDialog } from '../app/PanelDialog.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useNow } from '../app/useNow.js';
import { useReturnFocus } from '../app/useReturnFocus.js';
import { toggleWorkPanel } from '../app/workPanelToggle.js';
import { fieldErrorId } from '../forms/FieldError.js';
import type { FieldProblem } from '../forms/fieldErrors.js';
import { formatDateTime, formatPhone } from '../i18n/format.js';
import { ClickToDial } from '../softphone/ClickToDial.js';
import { followUpEntries, type FollowUpEntry, type FollowUpField } from './followUpsStore.js';

const FORM_ID = 'follow-up-result';
const MINUTE_MS = 60_000;
const SCORES = [1, 2, 3, 4, 5] as const;

/** A digit key 1–5 as a satisfaction score, else null. */
function scoreOfKey(key: string): number | null {
  const n = Number(key);
  return key.length === 1 && Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

/**
 * The branch's open follow-up tasks (Alt+G; not Alt+F, which browsers keep for their menu): soonest
 * due first, overdue marked. ↑↓ choose, Enter opens the customer's card at the order, 1–5 records
 * the result with that satisfaction; each task has a dial button. The result form takes 1–5,
 * remarks, Ctrl+Enter saves. Esc closes and gives the focus back.
 */
export function FollowUpsPanel() {
  const { t } = useTranslation();
  const { followUps: store } = useStores();
  const phase = useAppStore('followUps', (s) => s.phase);
  const recordingId = useAppStore('followUps', (s) => s.recordingId);
  const loadError = useAppStore('followUps', (s) => s.loadError);
  const count = useAppStore('followUps', (s) => s.followUps.length);
  useReturnFocus();

  return (
    <PanelDialog
      name="follow-ups"
      className="follow-ups-panel"
      heading={t('followUps.heading', { count })}
      closeLabel={t('followUps.close')}
      onClose={() => store.getState().closePanel()}
      busy={phase === 'loading'}
    >
      {loadError ? <ErrorText error={loadError} headline={t('followUps.loadError')} testId="follow-ups-error" /> : null}
      {recordingId ? <FollowUpResultForm followUpId={recordingId} /> : <FollowUpList />}
    </PanelDialog>
  );
}

function FollowUpList() {
  const { t } = useTranslation();
  const { followUps: store } = useStores();
  const phase = useAppStore('followUps', (s) => s.phase);
  const followUps = useAppStore('followUps', (s) => s.followUps);
  const cards = useAppStore('followUps', (s) => s.cards);
  const selected = useAppStore('followUps', (s) => s.selected);
  const now = useNow(MINUTE_MS);
  const entries = followUpEntries(followUps, cards, new Date(now));
  const listRef = useRef<HTMLUListElement>(null);

  // The list takes the keys (↑↓ Enter 1–5) as soon as it is shown.
  useEffect(() => {
    listRef.current?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const entry = entries[selected];
    const score = scoreOfKey(event.key);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      store.getState().move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter' && entry && event.target === event.currentTarget) {
      event.preventDefault();
      store.getState().openOrder(entry.followUp.id);
    } else if (score !== null && entry && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      store.getState().startResult(entry.followUp.id, score);
    }
  };

  return (
    <>
      <p className="muted">{t('followUps.hint')}</p>
      {phase === 'loading' && entries.length === 0 ? <p className="muted">{t('followUps.loading')}</p> : null}
      {phase === 'loaded' && entries.length === 0 ? (
        <p className="muted" data-testid="follow-ups-none">
          {t('followUps.none')}
        </p>
      ) : null}
      <ul ref={listRef} className="overdue-list" role="listbox" aria-label={t('followUps.listLabel')} tabIndex={0} onKeyDown={onKeyDown} data-testid="follow-ups-list">
        {entries.map((entry, i) => (
          <FollowUpRow key={entry.followUp.id} entry={entry} selected={i === selected} />
        ))}
      </ul>
    </>
  );
}

function FollowUpRow({ entry, selected }: { entry: FollowUpEntry; selected: boolean }) {
  const { t } = useTranslation();
  const { followUps: store } = useStores();
  const { followUp, customer, order, overdue } = entry;
  return (
    <li role="option" aria-selected={selected} className="follow-up-row" data-testid="follow-up-entry" data-follow-up-id={followUp.id} data-overdue={overdue}>
      <button
        type="button"
        className={`overdue-entry${selected ? ' selected' : ''}`}
        data-testid="follow-up-open"
        tabIndex={-1}
        title={t('followUps.openTitle', { number: order?.orderNumber ?? '' })}
        onClick={() => store.getState().openOrder(followUp.id)}
      >
        <FollowUpSummary followUp={followUp} customerName={customer?.name ?? null} orderNumber={order?.orderNumber ?? null} overdue={overdue} />
      </button>
      <span className="follow-up-actions">
        {customer ? <ClickToDial phone={customer.phone} customerId={customer.id} testId="follow-up-dial" onDial={() => store.getState().dial(followUp.id)} /> : null}
        <button type="button" className="button button-small" data-testid="follow-up-record" tabIndex={-1} onClick={() => store.getState().startResult(followUp.id)}>
          {t('followUps.record')}
        </button>
      </span>
    </li>
  );
}

function FollowUpSummary({ followUp, customerName, orderNumber, overdue }: { followUp: FollowUp; customerName: string | null; orderNumber: string | null; overdue: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <strong data-testid="follow-up-customer">{customerName ?? t('followUps.unknownCustomer')}</strong>
      {orderNumber ? <span className="mono nowrap">{orderNumber}</span> : null}
      {overdue ? (
        <span className="badge overdue" data-testid="follow-up-overdue">
          {t('followUps.overdue')}
        </span>
      ) : null}
      <span className="muted nowrap">{t('followUps.due', { due: formatDateTime(followUp.dueAt) })}</span>
    </>
  );
}

/** One field's problem in words: the rule for that field, translated (the service's words as its title). */
function ResultFieldError({ field, problem }: { field: FollowUpField; problem: FieldProblem | undefined }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <span className="field-error" id={fieldErrorId(FORM_ID, field)} role="alert" data-testid="field-error" data-field={field} title={problem.message}>
      {t(`followUps.rule.${field}`)}
    </span>
  );
}

function FollowUpResultForm({ followUpId }: { followUpId: string }) {
  const { t } = useTranslation();
  const { followUps: store } = useStores();
  const followUp = useAppStore('followUps', (s) => s.followUps.find((f) => f.id === followUpId) ?? null);
  const card = useAppStore('followUps', (s) => (followUp ? (s.cards[followUp.customerId] ?? null) : null));
  const satisfaction = useAppStore('followUps', (s) => s.satisfaction);
  const outcome = useAppStore('followUps', (s) => s.outcome);
  const callBackAt = useAppStore('followUps', (s) => s.callBackAt);
  const remarks = useAppStore('followUps', (s) => s.remarks);
  const fieldErrors = useAppStore('followUps', (s) => s.fieldErrors);
  const error = useAppStore('followUps', (s) => s.error);
  const pending = useAppStore('followUps', (s) => s.pending);
  const now = useNow(MINUTE_MS);
  const firstRef = useRef<HTMLInputElement>(null);
  const remarksRef = useRef<HTMLTextAreaElement>(null);

  // A score chosen with 1–5 in the list: on to the remarks; else the scores first.
  useEffect(() => {
    if (store.getState().satisfaction !== null) remarksRef.current?.focus();
    else firstRef.current?.focus();
  }, [followUpId, store]);

  if (!followUp) return null;
  const order = card?.orders.find((o) => o.id === followUp.orderId) ?? null;
  const save = () => void store.getState().submit();

  return (
    <form
      data-testid="follow-up-result"
      data-follow-up-id={followUp.id}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={(e) => {
        const score = scoreOfKey(e.key);
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          save();
        } else if (score !== null && !e.ctrlKey && !e.altKey && !e.metaKey && !(e.target instanceof HTMLTextAreaElement)) {
          e.preventDefault();
          store.getState().set({ satisfaction: score });
        }
      }}
    >
      <p className="follow-up-summary">
        <FollowUpSummary followUp={followUp} customerName={card?.customer.name ?? null} orderNumber={order?.orderNumber ?? null} overdue={Date.parse(followUp.dueAt) < now} />{' '}
        {card ? (
          <>
            <span className="mono">{formatPhone(card.customer.phone)}</span>{' '}
            <ClickToDial phone={card.customer.phone} customerId={card.customer.id} testId="follow-up-dial" onDial={() => store.getState().dial(followUp.id)} />
          </>
        ) : null}
      </p>
      <fieldset className="follow-up-outcomes">
        <legend>{t('followUps.outcome')}</legend>
        {FollowUpOutcome.options.map((choice) => (
          <label key={choice}>
            <input
              type="radio"
              name="follow-up-outcome"
              value={choice}
              data-testid={`follow-up-outcome-${choice}`}
              checked={outcome === choice}
              onChange={() => store.getState().set({ outcome: choice })}
            />
            {t(`followUps.outcomeName.${choice}`)}
          </label>
        ))}
      </fieldset>
      {outcome === 'call_back' ? (
        <label className="field">
          <span className="field-label">{t('followUps.callBackAt')}</span>
          <input
            type="datetime-local"
            data-testid="follow-up-call-back-at"
            value={callBackAt}
            aria-invalid={fieldErrors.callBackAt ? true : undefined}
            aria-describedby={fieldErrors.callBackAt ? fieldErrorId(FORM_ID, 'callBackAt') : undefined}
            onChange={(e) => store.getState().set({ callBackAt: e.target.value })}
          />
          <ResultFieldError field="callBackAt" problem={fieldErrors.callBackAt} />
        </label>
      ) : null}
      <fieldset hidden={outcome !== 'done'} aria-describedby={fieldErrors.satisfaction ? fieldErrorId(FORM_ID, 'satisfaction') : undefined}>
        <legend>{t('followUps.satisfaction')}</legend>
        {SCORES.map((score, i) => (
          <label key={score}>
            <input
              ref={i === 0 ? firstRef : undefined}
              type="radio"
              name="follow-up-satisfaction"
              value={score}
              data-testid={`follow-up-satisfaction-${score}`}
              checked={satisfaction === score}
              onChange={() => store.getState().set({ satisfaction: score })}
            />
            {t(`followUps.score.s${score}`)}
          </label>
        ))}
        <ResultFieldError field="satisfaction" problem={fieldErrors.satisfaction} />
      </fieldset>
      <label className="field">
        <span className="field-label">{t('followUps.remarks')}</span>
        <textarea
          ref={remarksRef}
          data-testid="follow-up-remarks"
          rows={3}
          value={remarks}
          aria-invalid={fieldErrors.remarks ? true : undefined}
          aria-describedby={fieldErrors.remarks ? fieldErrorId(FORM_ID, 'remarks') : undefined}
          onChange={(e) => store.getState().set({ remarks: e.target.value })}
        />
        <ResultFieldError field="remarks" problem={fieldErrors.remarks} />
      </label>
      {error ? <ErrorText error={error} testId="follow-up-result-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="follow-up-save" disabled={pending} title={t('followUps.saveTitle')}>
          {pending ? t('followUps.saving') : t('followUps.save')}
        </button>
        <button type="button" className="button" data-testid="follow-up-back" onClick={() => store.getState().cancelResult()}>
          {t('followUps.back')}
        </button>
      </div>
    </form>
  );
}

/** The header's way to the tasks for the mouse (Alt+G for the keyboard). */
export function FollowUpsButton() {
  const { t } = useTranslation();
  const stores = useStores();
  return <PanelButton panel="followUps" testId="follow-ups-open" title={t('followUps.buttonTitle')} label={t('followUps.button')} onClick={() => toggleWorkPanel(stores, 'followUps')} />;
}

/** On the customer card: the customer's follow-ups still to call, with their due dates. */
export function CustomerFollowUps({ customerId, orders }: { customerId: string; orders: readonly ServiceOrder[] }) {
  const { t } = useTranslation();
  const { followUps: store } = useStores();
  const followUps = useAppStore('followUps', (s) => s.followUps);
  const now = useNow(MINUTE_MS);
  const mine = followUps.filter((f) => f.customerId === customerId);
  if (mine.length === 0) return null;
  return (
    <section className="card-section" data-testid="customer-follow-ups">
      <h3>{t('followUps.onCard', { count: mine.length })}</h3>
      <ul className="follow-up-list">
        {mine.map((f) => {
          const overdue = Date.parse(f.dueAt) < now;
          return (
            <li key={f.id} data-testid="customer-follow-up" data-follow-up-id={f.id} data-order-id={f.orderId} data-overdue={overdue}>
              <span className="mono nowrap">{orders.find((o) => o.id === f.orderId)?.orderNumber ?? ''}</span>{' '}
              <span className="nowrap">{t('followUps.due', { due: formatDateTime(f.dueAt) })}</span>{' '}
              {overdue ? <span className="badge overdue">{t('followUps.overdue')}</span> : null}{' '}
              <button
                type="button"
                className="button button-small"
                data-testid="customer-follow-up-record"
                onClick={() => {
                  void store.getState().openPanel();
                  store.getState().startResult(f.id);
                }}
              >
                {t('followUps.record')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
