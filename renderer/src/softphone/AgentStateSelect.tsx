import { useTranslation } from 'react-i18next';
import { useAppStore, useStores } from '../app/stores.js';
import { NOT_READY_REASONS, type NotReadyReason } from './softphoneStore.js';

export function AgentStateSelect() {
  const { t } = useTranslation();
  const stores = useStores();
  const agentState = useAppStore('softphone', (s) => s.agentState);
  const reason = useAppStore('softphone', (s) => s.notReadyReason);
  const busy = agentState === 'on_call' || agentState === 'wrap_up';
  const value = agentState === 'not_ready' && reason ? `not_ready:${reason}` : agentState;
  const onChange = (next: string) => {
    const [state, why] = next.split(':') as [string, string | undefined];
    // Ready for calls: ask once (a user gesture) whether a ringing call may show a desktop notification.
    if (state === 'ready' && typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => {});
    if (state === 'ready' || state === 'offline') void stores.softphone.getState().setAgentState(state);
    else if (state === 'not_ready') void stores.softphone.getState().setAgentState('not_ready', (why as NotReadyReason | undefined) ?? null);
  };
  return (
    <label className="agent-state">
      <span className="visually-hidden">{t('softphone.agentStateLabel')}</span>
      <select data-testid="agent-state" data-state={agentState} data-reason={reason ?? ''} value={value} disabled={busy} onChange={(e) => onChange(e.target.value)}>
        <option value="ready">{t('agentState.ready')}</option>
        <option value="not_ready">{t('agentState.not_ready')}</option>
        {NOT_READY_REASONS.map((r) => (
          <option key={r} value={`not_ready:${r}`}>
            {t('agentState.not_ready')} · {t(`notReady.${r}`)}
          </option>
        ))}
        {reason === 'missed_call' ? (
          <option value="not_ready:missed_call" disabled>
            {t('agentState.not_ready')} · {t('notReady.missed_call')}
          </option>
        ) : null}
        <option value="offline">{t('agentState.offline')}</option>
        {busy ? (
          <option value={agentState} disabled>
            {t(`agentState.${agentState}`)}
          </option>
        ) : null}
      </select>
    </label>
  );
}
