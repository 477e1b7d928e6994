import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../app/ErrorText.js';
import { GridTable } from '../app/GridTable.js';
import { useAppStore, useStores } from '../app/stores.js';
import { formatDateTime } from '../i18n/format.js';

/**
 * The parts desk's queue at the top of its desk: its branch's requests waiting for a decision, with
 * the regional warehouse's stock of each part (enough: approving ships it; not: it goes to
 * headquarters' parts plan). Approve, or reject with a reason (Enter confirms).
 */
export function PartsDeskSection() {
  const { t } = useTranslation();
  const { partsDesk: store } = useStores();
  const phase = useAppStore('partsDesk', (s) => s.phase);
  const waiting = useAppStore('partsDesk', (s) => s.waiting);
  const error = useAppStore('partsDesk', (s) => s.error);
  const rejecting = useAppStore('partsDesk', (s) => s.rejecting);
  const reason = useAppStore('partsDesk', (s) => s.reason);
  const deciding = useAppStore('partsDesk', (s) => s.deciding);
  const decisionError = useAppStore('partsDesk', (s) => s.decisionError);
  const lastDecision = useAppStore('partsDesk', (s) => s.lastDecision);

  useEffect(() => {
    void store.getState().load();
  }, [store]);

  return (
    <section className="panel-section parts-desk" data-testid="parts-desk" aria-busy={phase === 'loading'}>
      <h3>{t('partsDesk.heading', { count: waiting.length })}</h3>
      {error ? <ErrorText error={error} headline={t('partsDesk.loadError')} testId="parts-desk-error" /> : null}
      {decisionError ? <ErrorText error={decisionError} headline={t('partsDesk.decisionError')} testId="parts-desk-decision-error" /> : null}
      {lastDecision ? (
        <p className="muted" role="status" data-testid="parts-desk-last" data-status={lastDecision.status}>
          {t(`partsDesk.decided.${lastDecision.status === 'approved' || lastDecision.status === 'planned' ? lastDecision.status : 'rejected'}`, { part: lastDecision.partNumber })}
        </p>
      ) : null}
      {phase === 'loaded' && waiting.length === 0 ? <p className="muted">{t('partsDesk.empty')}</p> : null}
      {waiting.length > 0 ? (
        <GridTable
          className="parts-desk-table"
          headings={[t('partsDesk.columns.order'), t('partsDesk.columns.part'), t('partsDesk.columns.quantity'), t('partsDesk.columns.note'), t('partsDesk.columns.requested'), t('partsDesk.columns.stock'), '']}
        >
          {waiting.map(({ request, orderNumber, onHand }) => (
            <tr key={request.id} data-testid="parts-desk-row" data-request-id={request.id}>
              <td className="nowrap">{orderNumber || '—'}</td>
              <td className="nowrap mono">{request.partNumber}</td>
              <td className="number">{request.quantity}</td>
              <td>{request.note}</td>
              <td className="nowrap">{formatDateTime(request.createdAt)}</td>
              <td className="nowrap" data-testid="parts-desk-stock" data-enough={onHand >= request.quantity}>
                {onHand >= request.quantity ? t('partsDesk.inStock', { count: onHand }) : t('partsDesk.toPlan', { count: onHand })}
              </td>
              <td className="nowrap">
                {rejecting === request.id ? (
                  <form
                    className="parts-desk-reject"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void store.getState().confirmReject();
                    }}
                  >
                    <input
                      autoFocus
                      data-testid="parts-desk-reason"
                      aria-label={t('partsDesk.reason')}
                      placeholder={t('partsDesk.reason')}
                      value={reason}
                      maxLength={500}
                      onChange={(e) => store.getState().setReason(e.target.value)}
                    />
                    <button type="submit" className="button button-small" data-testid="parts-desk-confirm-reject" disabled={deciding !== null || reason.trim() === ''}>
                      {t('partsDesk.confirmReject')}
                    </button>
                    <button type="button" className="button button-quiet button-small" onClick={() => store.getState().cancelReject()}>
                      {t('partsDesk.cancel')}
                    </button>
                  </form>
                ) : (
                  <>
                    <button type="button" className="button button-primary button-small" data-testid="parts-desk-approve" disabled={deciding !== null} onClick={() => void store.getState().approve(request.id)}>
                      {t('partsDesk.approve')}
                    </button>{' '}
                    <button type="button" className="button button-small" data-testid="parts-desk-reject" disabled={deciding !== null} onClick={() => store.getState().startReject(request.id)}>
                      {t('partsDesk.reject')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </GridTable>
      ) : null}
    </section>
  );
}
