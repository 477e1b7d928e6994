import './sync.css';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { PendingChange } from '../../../shared/workstationApi.js';
import { ErrorText } from '../app/ErrorText.js';
import { PanelDialog } from '../app/PanelDialog.js';
import { useAppStore, useStores } from '../app/stores.js';
import { TechnicalDetails } from '../app/TechnicalDetails.js';
import { formatDateTime } from '../i18n/format.js';
import { fieldLabel, recordText } from './SyncProblemsPanel.js';
import { WAITING_LIST_LIMIT } from './syncStatusStore.js';

/** Why the last sync did not finish, in the agent's words; the seat's own words behind a click. */
export function syncErrorText(t: TFunction, code: string | null): string {
  switch (code) {
    case 'backend_unreachable':
    case 'session_expired':
    case 'backend_refused':
    case 'backend_failed':
    case 'seat_failed':
      return t(`status.syncError.${code}`);
    default:
      return t('status.syncError.unknown');
  }
}

/**
 * The changes made on this seat that wait to upload (offline, or before the next push), oldest
 * first, each as the agent knows it: what was done to which record, which fields, when.
 */
export function WaitingChangesPanel() {
  const { t } = useTranslation();
  const { sync } = useStores();
  const waiting = useAppStore('sync', (s) => s.waiting);
  const error = useAppStore('sync', (s) => s.waitingError);
  const status = useAppStore('sync', (s) => s.status);
  const pending = status?.pending ?? waiting.length;

  return (
    <PanelDialog name="waiting-changes" heading={t('pendingChanges.heading')} closeLabel={t('pendingChanges.close')} onClose={() => sync.getState().closeWaiting()} autoFocusClose>
      {status?.lastError ? (
        <div className="waiting-sync-error" data-testid="waiting-sync-error" data-code={status.lastErrorCode ?? ''}>
          <strong>{syncErrorText(t, status.lastErrorCode)}</strong>
          <TechnicalDetails text={status.lastError} />
        </div>
      ) : null}
      {error ? <ErrorText error={error} headline={t('pendingChanges.loadError')} testId="waiting-changes-error" /> : null}
      {waiting.length === 0 && !error ? <p className="muted">{t('pendingChanges.none')}</p> : null}
      {waiting.length > 0 ? (
        <>
          <p className="muted">{t('pendingChanges.hint')}</p>
          <ul className="waiting-list" data-testid="waiting-changes">
            {waiting.map((change) => (
              <WaitingChange key={change.mutationId} change={change} />
            ))}
          </ul>
          {pending > waiting.length ? <p className="muted">{t('pendingChanges.more', { count: WAITING_LIST_LIMIT })}</p> : null}
        </>
      ) : null}
    </PanelDialog>
  );
}

function WaitingChange({ change }: { change: PendingChange }) {
  const { t } = useTranslation();
  return (
    <li className="waiting-change" data-testid="waiting-change" data-entity={change.entity} data-op={change.op}>
      <div>
        <strong>{t(`syncOp.${change.op}`, { entity: t(`entity.${change.entity}`) })}</strong> <span className="record-name">{recordText(t, change.record)}</span>
      </div>
      {change.op === 'update' && change.fields.length > 0 ? (
        <div className="muted">{t('pendingChanges.fields', { fields: [...new Set(change.fields.map((f) => fieldLabel(t, f)))].join(t('pendingChanges.separator')) })}</div>
      ) : null}
      <div className="muted">
        {formatDateTime(change.createdAt)}
        {change.attempts > 0 ? ` · ${t('pendingChanges.attempts', { count: change.attempts })}` : null}
      </div>
    </li>
  );
}
