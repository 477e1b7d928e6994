import './orders.css';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ErrorText } from '../app/ErrorText.js';
import { PanelButton } from '../app/PanelButton.js';
import { PanelDialog } from '../app/PanelDialog.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useNow } from '../app/useNow.js';
import { formatDateTime } from '../i18n/format.js';
import { overdueEntries } from './overdueOrdersStore.js';

const MINUTE_MS = 60_000;

/** How long a timer has been overdue, to the minute: "45 min", "3 h 5 min", "2 d 4 h". */
export function formatOverdueBy(t: TFunction, ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / MINUTE_MS));
  if (minutes < 60) return t('overdueList.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('overdueList.hoursMinutes', { hours, minutes: minutes % 60 });
  return t('overdueList.daysHours', { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** Up/Down move between the entries, Home/End to the first and last. */
function moveFocus(event: KeyboardEvent<HTMLElement>): void {
  const buttons = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-testid="overdue-entry"]')];
  const at = buttons.indexOf(document.activeElement as HTMLElement);
  const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
  if (next === undefined || buttons.length === 0) return;
  event.preventDefault();
  buttons[Math.min(Math.max(next, 0), buttons.length - 1)]?.focus();
}

/**
 * The branch's overdue orders (Alt+U): which timer ran out (dispatch, accept, on site, complete) and by how long,
 * longest first. Enter (or a click) on an entry opens the customer's card at that order; Esc closes.
 */
export function OverdueOrdersPanel() {
  const { t } = useTranslation();
  const { overdue } = useStores();
  const phase = useAppStore('overdue', (s) => s.phase);
  const orders = useAppStore('overdue', (s) => s.orders);
  const error = useAppStore('overdue', (s) => s.error);
  const now = useNow(MINUTE_MS);
  const entries = overdueEntries(orders, new Date(now));
  const listRef = useRef<HTMLOListElement>(null);

  // Orders become overdue as time passes, not only when data changes: ask the seat again each minute.
  useEffect(() => {
    const timer = setInterval(() => void overdue.getState().refresh(), MINUTE_MS);
    return () => clearInterval(timer);
  }, [overdue]);

  // The focus goes to the first entry once the list is there (the close button until then).
  const hasEntries = entries.length > 0;
  useEffect(() => {
    if (hasEntries) listRef.current?.querySelector<HTMLElement>('[data-testid="overdue-entry"]')?.focus();
  }, [hasEntries]);

  return (
    <PanelDialog
      name="overdue"
      className="overdue-panel"
      heading={t('overdueList.heading', { count: entries.length })}
      closeLabel={t('overdueList.close')}
      onClose={() => overdue.getState().closePanel()}
      busy={phase === 'loading'}
      autoFocusClose
    >
      <p className="muted">{t('overdueList.hint')}</p>
      {phase === 'loading' && !hasEntries ? <p className="muted">{t('overdueList.loading')}</p> : null}
      {phase === 'error' && error ? <ErrorText error={error} headline={t('overdueList.loadError')} testId="overdue-error" /> : null}
      {phase === 'loaded' && !hasEntries ? <p className="muted" data-testid="overdue-none">{t('overdueList.none')}</p> : null}
      {hasEntries ? (
        <ol ref={listRef} className="overdue-list" onKeyDown={moveFocus}>
          {entries.map(({ order, timer, dueAt, overdueMs }) => (
            <li key={order.id}>
              <button
                type="button"
                className="overdue-entry"
                data-testid="overdue-entry"
                data-order-number={order.orderNumber}
                data-timer={timer}
                title={t('overdueList.openTitle', { number: order.orderNumber })}
                onClick={() => overdue.getState().openOrder(order)}
              >
                <span className="mono nowrap">{order.orderNumber}</span>
                <span className="nowrap">{t(`orderType.${order.type}`)}</span>
                <span className={`badge status status-${order.status}`}>{t(`orderStatus.${order.status}`)}</span>
                <span className="badge overdue" data-testid="overdue-timer">
                  {t(`overdue.${timer}`)}
                </span>
                <strong className="nowrap" data-testid="overdue-by">
                  {t('overdueList.by', { duration: formatOverdueBy(t, overdueMs) })}
                </strong>
                <span className="muted nowrap">{t('overdueList.due', { due: formatDateTime(dueAt) })}</span>
                {order.fault ? <span className="fault muted">{order.fault}</span> : null}
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      <LowScores />
    </PanelDialog>
  );
}

/** The supervisor's flags under the overdue orders: follow-ups scored 1–2, with the remark; Enter opens the customer. */
function LowScores() {
  const { t } = useTranslation();
  const { overdue } = useStores();
  const supervisor = useAppStore('session', (s) => s.session?.agent.role === 'supervisor');
  const lowScores = useAppStore('overdue', (s) => s.lowScores);
  if (!supervisor) return null;
  return (
    <section className="low-scores" data-testid="low-scores" aria-labelledby="low-scores-heading">
      <h3 id="low-scores-heading">{t('followUps.lowScores')}</h3>
      {lowScores.length === 0 ? <p className="muted">{t('followUps.lowScoresNone')}</p> : null}
      <ol className="overdue-list">
        {lowScores.map((followUp) => (
          <li key={followUp.id}>
            <button type="button" className="overdue-entry" data-testid="low-score-entry" data-follow-up-id={followUp.id} onClick={() => overdue.getState().openLowScore(followUp)}>
              <span className="badge overdue">{t('followUps.scoreOf', { score: followUp.satisfaction })}</span>
              <span className="muted nowrap">{followUp.doneAt ? formatDateTime(followUp.doneAt) : ''}</span>
              <span className="fault">{followUp.remarks}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The header's way to the list for the mouse (Alt+U for the keyboard). */
export function OverdueOrdersButton() {
  const { t } = useTranslation();
  const { overdue, syncProblems } = useStores();
  return (
    <PanelButton
      panel="overdue"
      testId="overdue-open"
      title={t('overdueList.buttonTitle')}
      label={t('overdueList.button')}
      onClick={() => {
        syncProblems.getState().closePanel();
        overdue.getState().togglePanel();
      }}
    />
  );
}
