import './sync.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useNow } from '../app/useNow.js';
import { formatAgo, formatClock, formatDateTime } from '../i18n/format.js';
import { SyncProblemsBadge } from './SyncProblemsPanel.js';
import { syncErrorText } from './WaitingChangesPanel.js';

/** The always-visible bottom line: connection, last sync, pending uploads, initial-sync progress, errors. */
export function StatusLine() {
  const { t, i18n } = useTranslation();
  const { sync, syncProblems } = useStores();
  const status = useAppStore('sync', (s) => s.status);
  const callError = useAppStore('sync', (s) => s.callError);
  const now = useNow(15_000);
  useEffect(() => sync.getState().start(), [sync]);
  useEffect(() => syncProblems.getState().start(), [syncProblems]);

  if (!status) {
    return (
      <footer className="status-line" data-testid="status-line" role="status">
        <span className="muted">{t('status.unknown')}</span>
        {callError ? <ErrorText error={callError} className="status-error" testId="sync-call-error" /> : null}
        <span className="status-spacer" />
        <SyncProblemsBadge />
      </footer>
    );
  }

  const { online, syncing, lastSyncAt, pending, progress, lastError, lastErrorCode } = status;
  const openWaiting = () => void sync.getState().openWaiting();
  // Offline is said once, in the connection's place, with what waits; a lost link is no error.
  const showError = lastError !== null && lastErrorCode !== 'backend_unreachable';
  return (
    <footer className="status-line" data-testid="status-line" role="status">
      {online ? (
        <span className="connection connection-online" data-testid="connection-state" data-state="online">
          <span className="dot" aria-hidden="true" />
          {t('status.online')}
        </span>
      ) : (
        <button
          type="button"
          className="connection connection-offline badge-button"
          data-testid="connection-state"
          data-state="offline"
          title={`${t('status.offlineTitle')} ${t('status.waitingTitle')}`}
          onClick={openWaiting}
        >
          <span className="dot" aria-hidden="true" />
          <span data-testid="pending-count" data-count={pending}>
            {pending > 0 ? t('status.offlineWaiting', { count: pending }) : t('status.offlineNothingWaiting')}
          </span>
        </button>
      )}
      <span data-testid="last-sync" data-at={lastSyncAt ?? ''} title={lastSyncAt ? formatDateTime(lastSyncAt) : undefined}>
        {lastSyncAt
          ? t('status.lastSync', { time: formatClock(lastSyncAt), ago: formatAgo(t, lastSyncAt, now) })
          : t('status.neverSynced')}
      </span>
      {online ? (
        pending > 0 ? (
          <button type="button" className="badge-button status-pending" data-testid="pending-count" data-count={pending} title={t('status.waitingTitle')} onClick={openWaiting}>
            {t('status.pending', { count: pending })}
          </button>
        ) : (
          <span data-testid="pending-count" data-count={0}>
            {t('status.pending', { count: 0 })}
          </span>
        )
      ) : null}
      <SyncProblemsBadge />
      {progress ? (
        <span className="sync-progress" data-testid="sync-progress" data-done={progress.done} data-total={progress.total}>
          <progress max={progress.total || undefined} value={progress.total ? progress.done : undefined} />
          <span>
            {t('status.progress', { done: progress.done.toLocaleString(i18n.language), total: progress.total.toLocaleString(i18n.language) })}
          </span>
        </span>
      ) : null}
      {syncing && !progress ? <span className="muted">{t('status.syncing')}</span> : null}
      {showError ? (
        <button type="button" className="badge-button status-error" data-testid="sync-error" data-code={lastErrorCode ?? ''} title={t('status.waitingTitle')} onClick={openWaiting}>
          {t('status.lastError', { reason: syncErrorText(t, lastErrorCode) })}
        </button>
      ) : null}
      {callError ? <ErrorText error={callError} className="status-error" testId="sync-call-error" /> : null}
      <span className="status-spacer" />
      <button
        type="button"
        className="button button-quiet button-small"
        data-testid="sync-now"
        disabled={syncing}
        onClick={() => void sync.getState().syncNow()}
      >
        {t('status.syncNow')}
      </button>
    </footer>
  );
}
