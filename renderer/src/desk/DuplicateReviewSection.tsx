import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateDecision } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { listboxKeys } from '../app/listboxKeys.js';
import { useAppStore, useStores } from '../app/stores.js';
import { refusalOf } from '../i18n/errorMessages.js';
import { formatDateTime } from '../i18n/format.js';

/**
 * The supervisor's duplicate orders awaiting a decision (the desk, Alt+Y; shared/domain/duplicateReview.ts):
 * the branch's open orders an agent made although open ones may cover them, with the agent's
 * reason. ↑↓ in the list choose one, Enter (or Tab) goes to the reason, which is required; then
 * Approve or Reject. Read from and written to the seat's cache: works offline, pushed by the sync.
 */
export function DuplicateReviewSection() {
  const { t } = useTranslation();
  const { duplicateReview: store } = useStores();
  const phase = useAppStore('duplicateReview', (s) => s.phase);
  const rows = useAppStore('duplicateReview', (s) => s.rows);
  const selectedId = useAppStore('duplicateReview', (s) => s.selectedId);
  const reason = useAppStore('duplicateReview', (s) => s.reason);
  const pending = useAppStore('duplicateReview', (s) => s.pending);
  const error = useAppStore('duplicateReview', (s) => s.error);
  const decided = useAppStore('duplicateReview', (s) => s.decided);
  const listRef = useRef<HTMLUListElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const reasonId = useId();

  useEffect(() => {
    void store.getState().load();
  }, [store]);

  const selected = rows.find((r) => r.order.id === selectedId) ?? null;
  const focusReason = () => reasonRef.current?.focus();
  const decide = async (decision: DuplicateDecision) => {
    if (await store.getState().decide(decision)) listRef.current?.focus();
    else reasonRef.current?.focus();
  };

  return (
    <section className="panel-section duplicate-review" data-testid="duplicate-review" aria-busy={phase === 'loading'}>
      <h3>{t('duplicateReview.heading', { count: rows.length })}</h3>
      {decided ? (
        <p className="muted" role="status" data-testid="duplicate-review-decided" data-decision={decided.decision}>
          {t(decided.decision === 'approved' ? 'duplicateReview.approvedNotice' : 'duplicateReview.rejectedNotice', { number: decided.orderNumber })}
        </p>
      ) : null}
      {rows.length === 0 && phase === 'loaded' ? <p className="muted">{t('duplicateReview.none')}</p> : null}
      {phase === 'error' && error && rows.length === 0 ? <ErrorText error={error} testId="duplicate-review-error" /> : null}
      {rows.length > 0 ? (
        <>
          <p className="muted keyboard-hint">{t('duplicateReview.hint')}</p>
          <ul
            ref={listRef}
            className="duplicate-review-list"
            role="listbox"
            tabIndex={0}
            aria-label={t('duplicateReview.heading', { count: rows.length })}
            aria-activedescendant={selected ? `duplicate-${selected.order.id}` : undefined}
            data-testid="duplicate-review-list"
            onKeyDown={(event) => listboxKeys((delta) => store.getState().move(delta), focusReason)(event)}
          >
            {rows.map((row) => (
              <li
                key={row.order.id}
                id={`duplicate-${row.order.id}`}
                role="option"
                aria-selected={row.order.id === selectedId}
                className={row.order.id === selectedId ? 'duplicate-review-row is-selected' : 'duplicate-review-row'}
                data-testid="duplicate-review-row"
                data-order-id={row.order.id}
                onClick={() => store.getState().select(row.order.id)}
              >
                <span className="mono nowrap">{row.order.orderNumber}</span>
                <span className="nowrap" title={t('duplicateReview.columns.customer')}>
                  {row.customerName ?? t('duplicateReview.unknown')}
                </span>
                <span className="nowrap" title={t('duplicateReview.columns.owner')}>
                  {row.ownerName ?? t('duplicateReview.unknown')}
                </span>
                <span className="nowrap muted" title={t('duplicateReview.columns.created')}>
                  {formatDateTime(row.order.createdAt)}
                </span>
                <span className="duplicate-review-agent-reason" title={t('duplicateReview.columns.agentReason')}>
                  {row.order.duplicateReason}
                </span>
              </li>
            ))}
          </ul>
          {selected ? (
            <form
              className="duplicate-review-decision"
              onSubmit={(event) => {
                event.preventDefault();
                void decide('approved');
              }}
            >
              <label htmlFor={reasonId}>{t('duplicateReview.reasonLabel', { number: selected.order.orderNumber })}</label>
              <textarea
                id={reasonId}
                ref={reasonRef}
                rows={2}
                maxLength={500}
                aria-required="true"
                aria-invalid={error ? true : undefined}
                placeholder={t('duplicateReview.reasonPlaceholder')}
                data-testid="duplicate-review-reason"
                value={reason}
                onChange={(e) => store.getState().setReason(e.target.value)}
              />
              {error ? <ErrorText error={error} headline={refusalOf(error.details) ? undefined : t('duplicateReview.decideError')} testId="duplicate-review-error" /> : null}
              <div className="form-actions">
                <button type="submit" className="button button-small" data-testid="duplicate-review-approve" disabled={pending}>
                  {t('duplicateReview.approve')}
                </button>
                <button type="button" className="button button-small button-danger" data-testid="duplicate-review-reject" disabled={pending} onClick={() => void decide('rejected')}>
                  {t('duplicateReview.reject')}
                </button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
