import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CHOSEN_NOT_READY_REASONS, ChosenNotReadyReason, UNREACHABLE_AFTER_MS, unreachableSince } from '../../../shared/domain/agentPresence.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useNow } from '../app/useNow.js';
import { formatDuration } from '../softphone/callDisplay.js';
import { shownState, sortedRows, type TeamBoardSortKey } from './teamBoardStore.js';
import { TeamReassignDialog } from './TeamReassignDialog.js';

const pad = (n: number) => String(n).padStart(2, '0');
/** Local wall-clock time with seconds: "14:05:09". */
function clockWithSeconds(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

type ColumnLabel = 'agent' | 'state' | 'inState' | 'call' | 'customer' | 'orders' | 'today' | 'lowScores' | 'action';
const COLUMNS: ReadonlyArray<{ key: TeamBoardSortKey | null; label: ColumnLabel }> = [
  { key: 'agent', label: 'agent' },
  { key: 'state', label: 'state' },
  { key: 'inState', label: 'inState' },
  { key: 'call', label: 'call' },
  { key: null, label: 'customer' },
  { key: null, label: 'orders' },
  { key: null, label: 'today' },
  { key: null, label: 'lowScores' },
  { key: null, label: 'action' },
];

/**
 * The live team board at the top of a supervisor's (or headquarters') desk: each agent's state and
 * time in it, the current call's duration and customer, "unreachable since …" for a silent seat
 * (the one rule, judged on the backend's clock as it ticks). Column headings sort (Enter; again:
 * reversed). A supervisor puts an agent to not ready with a reason; the agent's phone follows; and
 * reassigns one or all of an agent's open orders (TeamReassignDialog). Each row also counts the
 * agent's low-score follow-ups of this week (shared/domain/agentPresence.ts, AgentWorkload).
 */
export function TeamBoardSection({ leadsTeam }: { leadsTeam: boolean }) {
  const { t } = useTranslation();
  const { teamBoard: store, teamReassign: reassign } = useStores();
  const reassigning = useAppStore('teamReassign', (s) => s.phase !== 'closed');
  const phase = useAppStore('teamBoard', (s) => s.phase);
  const rows = useAppStore('teamBoard', (s) => s.rows);
  const offset = useAppStore('teamBoard', (s) => s.clockOffsetMs);
  const error = useAppStore('teamBoard', (s) => s.error);
  const sort = useAppStore('teamBoard', (s) => s.sort);
  const putting = useAppStore('teamBoard', (s) => s.puttingNotReady);
  const reason = useAppStore('teamBoard', (s) => s.reason);
  const sending = useAppStore('teamBoard', (s) => s.sending);
  const sendError = useAppStore('teamBoard', (s) => s.sendError);
  const lastSent = useAppStore('teamBoard', (s) => s.lastSent);
  const now = useNow(1000) + offset;

  useEffect(() => {
    void store.getState().load();
    // Live events keep it current; reading it again now and then covers any missed while the seat's stream reconnected.
    const again = setInterval(() => void store.getState().load(), UNREACHABLE_AFTER_MS);
    return () => clearInterval(again);
  }, [store]);

  const shown = sortedRows(rows, sort, now);
  const sentTo = lastSent ? rows.find((r) => r.agent.id === lastSent.agentId) : undefined;

  return (
    <section className="panel-section team-board" data-testid="team-board" aria-busy={phase === 'loading'}>
      <h3>{t('teamBoard.heading', { count: rows.length })}</h3>
      {error ? <ErrorText error={error} headline={t('teamBoard.loadError')} testId="team-board-error" /> : null}
      {sendError ? <ErrorText error={sendError} headline={t('teamBoard.sendError')} testId="team-board-send-error" /> : null}
      {lastSent && sentTo ? (
        <p className="muted" role="status" data-testid="team-board-sent">
          {t('teamBoard.sent', { name: sentTo.agent.displayName, reason: t(`notReady.${lastSent.reason}`) })}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <div className="team-board-scroll">
          <table className="grid team-board-table">
            <thead>
              <tr>
                {COLUMNS.map(({ key, label }) => (
                  <th key={label} className={label === 'inState' || label === 'call' ? 'number' : undefined} aria-sort={key && sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                    {key ? (
                      <button type="button" className="sort-heading" data-testid={`team-sort-${key}`} onClick={() => store.getState().sortBy(key)}>
                        {t(`teamBoard.columns.${label}`)}
                        <span aria-hidden="true">{sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                      </button>
                    ) : (
                      t(`teamBoard.columns.${label}`)
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => {
                const { presence } = row;
                const state = shownState(row, now);
                const lost = presence ? unreachableSince(presence, new Date(now)) : null;
                return (
                  <tr key={row.agent.id} data-testid="team-row" data-login={row.agent.login} data-state={state} data-reason={presence?.reason ?? ''}>
                    <td className="nowrap">
                      {row.agent.displayName} <span className="muted mono">{row.agent.login}</span>
                    </td>
                    <td className="nowrap" data-testid="team-state">
                      <span className={`presence-badge presence-${state}`}>
                        {lost
                          ? t('teamBoard.unreachableSince', { time: clockWithSeconds(lost) })
                          : t(`teamBoard.states.${state}`) + (presence?.state === 'not_ready' && presence.reason ? ` · ${t(`notReady.${presence.reason}`)}` : '')}
                      </span>
                      {lost && presence ? <span className="muted"> ({t(`teamBoard.states.${presence.state}`)})</span> : null}
                    </td>
                    <td className="number" data-testid="team-in-state">
                      {presence && !lost ? formatDuration(now - Date.parse(presence.since)) : '—'}
                    </td>
                    <td className="number" data-testid="team-call">
                      {presence?.call && !lost ? formatDuration(now - Date.parse(presence.call.startedAt)) : '—'}
                    </td>
                    <td className="team-customer" data-testid="team-customer">
                      {presence?.call ? (presence.call.customerName ?? t('teamBoard.unknownCustomer')) : ''}
                    </td>
                    <td className="nowrap" data-testid="team-orders" data-open={row.workload?.openOrders ?? ''} data-overdue={row.workload?.overdueOrders ?? ''}>
                      {row.workload ? t('teamBoard.workloadOrders', { open: row.workload.openOrders, overdue: row.workload.overdueOrders }) : '—'}
                    </td>
                    <td className="nowrap" data-testid="team-today" data-answered={row.workload?.today?.answered ?? ''} data-missed={row.workload?.today?.missed ?? ''}>
                      {!row.workload
                        ? '—'
                        : row.workload.today
                          ? t('teamBoard.workloadToday', {
                              answered: row.workload.today.answered,
                              missed: row.workload.today.missed,
                              aht: row.workload.today.answered > 0 ? formatDuration((1000 * row.workload.today.handleSeconds) / row.workload.today.answered) : '—',
                            })
                          : t('teamBoard.workloadTodayUnknown')}
                    </td>
                    <td className="number" data-testid="team-low-scores" data-low-scores={row.workload?.lowScoresThisWeek ?? ''} title={t('teamBoard.lowScoresTitle')}>
                      {row.workload?.lowScoresThisWeek ?? t('teamBoard.lowScoresUnknown')}
                    </td>
                    <td className="nowrap team-actions">
                      {leadsTeam ? (
                        <button
                          type="button"
                          className="button button-small"
                          data-testid="team-reassign"
                          disabled={row.workload?.openOrders === 0}
                          title={t('teamBoard.reassignTitle', { name: row.agent.displayName })}
                          onClick={() => void reassign.getState().open(row.agent.id)}
                        >
                          {t('teamBoard.reassign')}
                        </button>
                      ) : null}
                      {!leadsTeam ? null : putting === row.agent.id ? (
                        <form
                          className="team-not-ready"
                          onSubmit={(event) => {
                            event.preventDefault();
                            void store.getState().confirmNotReady();
                          }}
                          onKeyDown={(event) => {
                            if (event.key === 'Escape') {
                              event.stopPropagation();
                              store.getState().cancelNotReady();
                            }
                          }}
                        >
                          <select
                            autoFocus
                            data-testid="team-not-ready-reason"
                            aria-label={t('teamBoard.reason')}
                            value={reason}
                            onChange={(e) => store.getState().setReason(ChosenNotReadyReason.parse(e.target.value))}
                          >
                            {CHOSEN_NOT_READY_REASONS.map((r) => (
                              <option key={r} value={r}>
                                {t(`notReady.${r}`)}
                              </option>
                            ))}
                          </select>
                          <button type="submit" className="button button-primary button-small" data-testid="team-not-ready-confirm" disabled={sending}>
                            {t('teamBoard.confirm')}
                          </button>
                          <button type="button" className="button button-quiet button-small" onClick={() => store.getState().cancelNotReady()}>
                            {t('teamBoard.cancel')}
                          </button>
                        </form>
                      ) : (
                        <button
                          type="button"
                          className="button button-small"
                          data-testid="team-not-ready"
                          disabled={!presence || lost !== null || presence.state === 'offline'}
                          title={t('teamBoard.putNotReadyTitle', { name: row.agent.displayName })}
                          onClick={() => store.getState().startNotReady(row.agent.id)}
                        >
                          {t('teamBoard.putNotReady')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : phase === 'loaded' ? (
        <p className="muted">{t('teamBoard.empty')}</p>
      ) : null}
      {reassigning ? <TeamReassignDialog onDone={() => void store.getState().load()} /> : null}
    </section>
  );
}
