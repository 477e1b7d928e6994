import './shiftHandover.css';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../app/ErrorText.js';
import { PanelDialog } from '../app/PanelDialog.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useReturnFocus } from '../app/useReturnFocus.js';
import { HandoverReceivers, HandoverText, moveBetweenOrderChecks } from './HandoverReceivers.js';

/** The header's way to the shift handover (F8 for the keyboard). */
export function ShiftHandoverButton() {
  const { t } = useTranslation();
  const { shiftHandover } = useStores();
  const open = useAppStore('shiftHandover', (s) => s.panelOpen);
  return (
    <button type="button" className="button button-quiet" data-testid="shift-handover-open" title={t('shiftHandover.openTitle')} aria-expanded={open} onClick={() => shiftHandover.getState().togglePanel()}>
      {t('shiftHandover.open')}
    </button>
  );
}

const moveBetweenOrders = moveBetweenOrderChecks('handover-order-check');

/**
 * Shift handover (F8): my open orders, all ticked, to one or several agents of the branch, with a
 * note for all and optionally one per order. Ctrl+Enter (or Enter outside the note box) hands them
 * over; Esc cancels. Then a summary: how many went to whom, and whether they are uploaded yet.
 */
export function ShiftHandoverDialog() {
  const { t } = useTranslation();
  const { shiftHandover } = useStores();
  const state = useAppStore('shiftHandover', (s) => s);
  const { phase, orders, receivers, selected, toAgentIds, distribution, note, orderNotes, error, result, upload } = state;
  const store = () => shiftHandover.getState();
  const firstReceiver = useRef<HTMLInputElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  useReturnFocus();

  useEffect(() => {
    if (phase === 'ready') firstReceiver.current?.focus();
    if (phase === 'done') closeButton.current?.focus();
  }, [phase]);

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    const target = event.target as HTMLElement;
    const inNoteBox = target instanceof HTMLTextAreaElement;
    if (target instanceof HTMLButtonElement && !event.ctrlKey) return;
    if (inNoteBox && !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    void store().submit();
  };

  const names = result?.receivers.filter((r) => r.count > 0).map((r) => r.displayName).join(t('shiftHandover.namesSeparator')) ?? '';
  const selectedCount = selected.length;

  return (
    <PanelDialog
      name="shift-handover"
      className={phase === 'done' ? 'shift-handover-panel handover-finished' : 'shift-handover-panel'}
      heading={t('shiftHandover.heading')}
      closeLabel={phase === 'done' ? t('shiftHandover.close') : t('shiftHandover.cancel')}
      onClose={() => store().closePanel()}
      busy={phase === 'loading' || phase === 'working'}
    >
      {phase === 'loading' ? <p className="muted">{t('shiftHandover.loading')}</p> : null}
      {phase === 'done' && result ? (
        <div className="handover-summary" data-testid="shift-handover-result" role="status">
          <p className="handover-summary-head">{t('shiftHandover.done', { count: result.assignments.length, names })}</p>
          <ul className="handover-summary-list">
            {result.receivers.map((r) => (
              <li key={r.agentId} data-testid="shift-handover-result-receiver">
                {t('shiftHandover.perReceiver', { name: r.displayName, count: r.count })}
              </li>
            ))}
          </ul>
          <p className="muted" data-testid="shift-handover-upload" data-state={upload?.state}>
            {upload?.state === 'uploading' ? t('shiftHandover.uploading') : upload?.state === 'uploaded' ? t('shiftHandover.uploaded') : upload?.state === 'offline' ? t('shiftHandover.offline', { pending: upload.pending }) : null}
          </p>
          <button ref={closeButton} type="button" className="button" data-testid="shift-handover-done" onClick={() => store().closePanel()}>
            {t('shiftHandover.close')}
          </button>
        </div>
      ) : null}
      {phase === 'ready' || phase === 'working' ? (
        <form
          className="handover-form"
          data-testid="shift-handover-form"
          onKeyDown={onKeyDown}
          onSubmit={(event) => {
            event.preventDefault();
            void store().submit();
          }}
        >
          <div className="handover-side">
            <HandoverReceivers
              testIdPrefix="handover"
              legend={t('shiftHandover.receivers')}
              receivers={receivers}
              toAgentIds={toAgentIds}
              distribution={distribution}
              onToggleReceiver={(id) => store().toggleReceiver(id)}
              onDistribution={(option) => store().setDistribution(option)}
              firstReceiver={firstReceiver}
            />
            <HandoverText id="handover-note" testId="handover-note" label={t('shiftHandover.note')} placeholder={t('shiftHandover.notePlaceholder')} value={note} onChange={(text) => store().setNote(text)} />
            {error ? <ErrorText error={error} testId="shift-handover-error" /> : null}
            <button type="submit" className="button button-primary" data-testid="shift-handover-submit" disabled={phase === 'working' || selectedCount === 0}>
              {phase === 'working' ? t('shiftHandover.working', { count: selectedCount }) : t('shiftHandover.submit', { count: selectedCount })}
            </button>
            <span className="muted handover-keys">{t('shiftHandover.keysHint')}</span>
          </div>
          <section className="handover-orders" aria-labelledby="handover-orders-heading">
            <div className="handover-orders-head">
              <h3 id="handover-orders-heading" data-testid="handover-orders-count">
                {t('shiftHandover.orders', { selected: selectedCount, count: orders.length })}
              </h3>
              <button type="button" className="button button-quiet button-small" data-testid="handover-select-all" onClick={() => store().selectAll(true)}>
                {t('shiftHandover.selectAll')}
              </button>
              <button type="button" className="button button-quiet button-small" data-testid="handover-select-none" onClick={() => store().selectAll(false)}>
                {t('shiftHandover.selectNone')}
              </button>
            </div>
            {orders.length === 0 ? (
              <p className="muted" data-testid="handover-no-orders">
                {t('shiftHandover.noOrders')}
              </p>
            ) : (
              <ol className="handover-order-list" onKeyDown={moveBetweenOrders}>
                {orders.map(({ order, customerName }) => (
                  <li key={order.id} className="handover-order" data-testid="handover-order" data-order-number={order.orderNumber}>
                    <label className="handover-check">
                      <input type="checkbox" data-testid="handover-order-check" checked={selected.includes(order.id)} onChange={() => store().toggleOrder(order.id)} />
                      <span className="handover-order-label">
                        {t('shiftHandover.orderLabel', { number: order.orderNumber, customer: customerName ?? t('shiftHandover.noCustomer'), status: t(`orderStatus.${order.status}`) })}
                      </span>
                    </label>
                    <input
                      type="text"
                      className="handover-order-note"
                      data-testid="handover-order-note"
                      aria-label={t('shiftHandover.orderNoteLabel', { number: order.orderNumber })}
                      placeholder={t('shiftHandover.orderNote')}
                      value={orderNotes[order.id] ?? ''}
                      disabled={!selected.includes(order.id)}
                      onChange={(event) => store().setOrderNote(order.id, event.target.value)}
                    />
                  </li>
                ))}
              </ol>
            )}
          </section>
        </form>
      ) : null}
    </PanelDialog>
  );
}
