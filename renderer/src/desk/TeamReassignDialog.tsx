import '../orders/shiftHandover.css';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../app/ErrorText.js';
import { PanelDialog } from '../app/PanelDialog.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useReturnFocus } from '../app/useReturnFocus.js';
import { HandoverReceivers, HandoverText, moveBetweenOrderChecks } from '../orders/HandoverReceivers.js';

const moveBetweenOrders = moveBetweenOrderChecks('reassign-order-check');

/**
 * The board's reassign dialog (a supervisor, on an agent's row): the agent's open orders — tick
 * one, several, or all of them (an agent leaving) — to one or several agents of the branch, shared
 * out as in the shift handover, with a reason the receivers read in My work. The focus starts on
 * the oldest order (↑↓ between orders, Space ticks), Tab goes on to the receivers, the distribution
 * and the reason; Ctrl+Enter (or Enter outside the reason box) reassigns; Esc cancels.
 */
export function TeamReassignDialog({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const { teamReassign } = useStores();
  const state = useAppStore('teamReassign', (s) => s);
  const { phase, agent, orders, receivers, selected, toAgentIds, distribution, reason, error, result, upload } = state;
  const store = () => teamReassign.getState();
  const firstOrder = useRef<HTMLInputElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  // One tab stop for the whole order list (↑↓ move in it), so Tab goes on to the receivers.
  const [roving, setRoving] = useState(0);
  useReturnFocus();

  useEffect(() => {
    if (phase === 'ready') firstOrder.current?.focus();
    if (phase === 'done') closeButton.current?.focus();
  }, [phase]);

  const close = () => {
    if (store().phase === 'done') onDone();
    store().close();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'Enter' || event.nativeEvent.isComposing || phase !== 'ready') return;
    const target = event.target as HTMLElement;
    if (target instanceof HTMLButtonElement && !event.ctrlKey) return;
    if (target instanceof HTMLTextAreaElement && !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    void store().submit();
  };

  const selectedCount = selected.length;
  const who = agent ? t('teamReassign.agent', { name: agent.displayName, login: agent.login }) : '';

  return (
    <div onKeyDown={onKeyDown}>
      <PanelDialog
        name="team-reassign"
        className={phase === 'done' ? 'shift-handover-panel handover-finished' : 'shift-handover-panel'}
        heading={t('teamReassign.heading', { agent: who })}
        closeLabel={phase === 'done' ? t('shiftHandover.close') : t('shiftHandover.cancel')}
        onClose={close}
        busy={phase === 'loading' || phase === 'working'}
      >
        {phase === 'loading' ? <p className="muted">{t('teamReassign.loading')}</p> : null}
        {phase === 'done' && result ? (
          <div className="handover-summary" data-testid="team-reassign-result" role="status">
            <p className="handover-summary-head">{t('teamReassign.done', { count: result.assignments.length, agent: who })}</p>
            <ul className="handover-summary-list">
              {result.receivers.map((r) => (
                <li key={r.agentId} data-testid="team-reassign-result-receiver">
                  {t('shiftHandover.perReceiver', { name: r.displayName, count: r.count })}
                </li>
              ))}
            </ul>
            <p className="muted" data-testid="team-reassign-upload" data-state={upload?.state}>
              {upload?.state === 'uploading' ? t('shiftHandover.uploading') : upload?.state === 'uploaded' ? t('shiftHandover.uploaded') : upload?.state === 'offline' ? t('shiftHandover.offline', { pending: upload.pending }) : null}
            </p>
            <button ref={closeButton} type="button" className="button" data-testid="team-reassign-done" onClick={close}>
              {t('shiftHandover.close')}
            </button>
          </div>
        ) : null}
        {phase === 'ready' || phase === 'working' ? (
          <form
            className="handover-form team-reassign-form"
            data-testid="team-reassign-form"
            onSubmit={(event) => {
              event.preventDefault();
              void store().submit();
            }}
          >
            <section className="handover-orders" aria-labelledby="reassign-orders-heading">
              <div className="handover-orders-head">
                <h3 id="reassign-orders-heading" data-testid="reassign-orders-count">
                  {t('teamReassign.orders', { selected: selectedCount, count: orders.length })}
                </h3>
                <button type="button" className="button button-quiet button-small" data-testid="reassign-select-all" onClick={() => store().selectAll(true)}>
                  {t('teamReassign.selectAll')}
                </button>
                <button type="button" className="button button-quiet button-small" data-testid="reassign-select-none" onClick={() => store().selectAll(false)}>
                  {t('shiftHandover.selectNone')}
                </button>
              </div>
              {orders.length === 0 ? (
                <p className="muted" data-testid="reassign-no-orders">
                  {t('teamReassign.noOrders', { agent: who })}
                </p>
              ) : (
                <ol className="handover-order-list" onKeyDown={moveBetweenOrders}>
                  {orders.map(({ order, customerName }, index) => (
                    <li key={order.id} className="handover-order" data-testid="reassign-order" data-order-number={order.orderNumber}>
                      <label className="handover-check">
                        <input
                          ref={index === 0 ? firstOrder : undefined}
                          type="checkbox"
                          tabIndex={index === Math.min(roving, orders.length - 1) ? 0 : -1}
                          onFocus={() => setRoving(index)}
                          data-testid="reassign-order-check"
                          checked={selected.includes(order.id)}
                          onChange={() => store().toggleOrder(order.id)}
                        />
                        <span className="handover-order-label">
                          {t('shiftHandover.orderLabel', { number: order.orderNumber, customer: customerName ?? t('shiftHandover.noCustomer'), status: t(`orderStatus.${order.status}`) })}
                        </span>
                      </label>
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <div className="handover-side">
              <HandoverReceivers
                testIdPrefix="reassign"
                legend={t('teamReassign.receivers')}
                receivers={receivers}
                toAgentIds={toAgentIds}
                distribution={distribution}
                onToggleReceiver={(id) => store().toggleReceiver(id)}
                onDistribution={(option) => store().setDistribution(option)}
              />
              <HandoverText
                id="reassign-reason"
                testId="reassign-reason"
                label={t('teamReassign.reason')}
                placeholder={t('teamReassign.reasonPlaceholder')}
                value={reason}
                required
                onChange={(text) => store().setReason(text)}
              />
              {error ? <ErrorText error={error} testId="team-reassign-error" /> : null}
              <button type="submit" className="button button-primary" data-testid="team-reassign-submit" disabled={phase === 'working' || selectedCount === 0}>
                {phase === 'working' ? t('teamReassign.working', { count: selectedCount }) : t('teamReassign.submit', { count: selectedCount })}
              </button>
              <span className="muted handover-keys">{t('teamReassign.keysHint')}</span>
            </div>
          </form>
        ) : null}
      </PanelDialog>
    </div>
  );
}
