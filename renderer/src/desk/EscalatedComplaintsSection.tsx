import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { complaintNextDeadline } from '../../../shared/domain/complaint.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { formatDateTime } from '../i18n/format.js';

/**
 * The supervisor's escalated complaints (the desk, Alt+Y): the branch's open complaints the
 * backend escalated past the agent, headquarters' first, then the soonest deadline. Each row's
 * button (Tab, Enter) opens the customer's card at the complaint, where its next step is taken.
 */
export function EscalatedComplaintsSection() {
  const { t } = useTranslation();
  const { escalatedComplaints: store } = useStores();
  const phase = useAppStore('escalatedComplaints', (s) => s.phase);
  const rows = useAppStore('escalatedComplaints', (s) => s.rows);
  const error = useAppStore('escalatedComplaints', (s) => s.error);

  useEffect(() => {
    void store.getState().load();
  }, [store]);

  const now = new Date();
  return (
    <section className="panel-section" data-testid="escalated-complaints" aria-busy={phase === 'loading'}>
      <h3>{t('escalatedComplaints.heading', { count: rows.length })}</h3>
      {error ? <ErrorText error={error} testId="escalated-complaints-error" /> : null}
      {rows.length === 0 && phase === 'loaded' ? <p className="muted">{t('escalatedComplaints.none')}</p> : null}
      {rows.length > 0 ? (
        <table className="grid">
          <thead>
            <tr>
              {(['escalation', 'customer', 'category', 'status', 'deadline', 'action'] as const).map((column) => (
                <th key={column}>{t(`escalatedComplaints.columns.${column}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const { complaint } = row;
              const deadline = complaintNextDeadline(complaint, now);
              return (
                <tr key={complaint.id} data-testid="escalated-complaint" data-complaint-id={complaint.id} data-escalation={complaint.escalation}>
                  <td className="nowrap">
                    <span className={`badge escalation-${complaint.escalation}`}>{t(`complaints.escalationName.${complaint.escalation}`)}</span>
                  </td>
                  <td className="nowrap">{row.customerName ?? t('escalatedComplaints.unknownCustomer')}</td>
                  <td className="nowrap">
                    {t(`complaints.categoryName.${complaint.category}`)} · {t(`complaints.severityName.${complaint.severity}`)}
                  </td>
                  <td className="nowrap">{t(`complaints.statusName.${complaint.status}`)}</td>
                  <td className="nowrap" data-overdue={deadline?.overdue ?? false}>
                    {deadline ? formatDateTime(deadline.dueAt) : '—'}
                    {deadline?.overdue ? <span className="badge overdue"> {t('complaints.overdue')}</span> : null}
                  </td>
                  <td className="nowrap">
                    <button type="button" className="button button-small" data-testid="escalated-complaint-open" onClick={() => store.getState().open(row)}>
                      {t('escalatedComplaints.open')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
