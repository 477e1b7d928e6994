import './workspace.css';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/workstationApi.js';
import { LanguageSwitch } from '../app/LanguageSwitch.js';
import { PanelButton } from '../app/PanelButton.js';
import { useAppStore, useStores } from '../app/stores.js';
import { toggleWorkPanel } from '../app/workPanelToggle.js';
import { DeskButton, hasDesk } from '../desk/DeskPanel.js';
import { FollowUpsButton } from '../followUps/FollowUpsPanel.js';
import { MyWorkButton } from '../myWork/MyWorkView.js';
import { OverdueOrdersButton } from '../orders/OverdueOrdersPanel.js';
import { ShiftHandoverButton } from '../orders/ShiftHandoverDialog.js';
import { mayHoldOrders } from '../../../shared/domain/roles.js';

export function Header({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const stores = useStores();
  const seat = useAppStore('seat', (s) => s.info);
  const { agent, branch, offline, cacheRecovery } = session;

  return (
    <header className="app-header">
      <span className="brand">{t('app.title')}</span>
      <span className="header-agent">
        <span data-testid="agent-name" className="agent-name">
          {agent.displayName}
        </span>
        {agent.role !== 'agent' ? (
          <span className="badge badge-neutral" data-testid="agent-role">
            {t(`header.role.${agent.role}`)}
          </span>
        ) : null}
        <span className="muted" data-testid="agent-branch">
          {t('header.branch', { name: branch.name, code: branch.code })}
        </span>
        {seat ? <span className="muted">{t('header.seat', { seat: seat.seatCode })}</span> : null}
        {offline ? (
          <span className="badge badge-warn" data-testid="offline-login-note" title={t('header.offlineLoginTitle')}>
            {t('header.offlineLogin')}
          </span>
        ) : null}
        {cacheRecovery ? (
          <span
            className={`badge ${cacheRecovery.outcome === 'kept' ? 'badge-warn' : 'badge-neutral'}`}
            role="status"
            tabIndex={0}
            data-testid="cache-recovery-note"
            data-outcome={cacheRecovery.outcome}
            title={t(`header.cacheRecovery.${cacheRecovery.outcome}Title`, { count: cacheRecovery.outcome === 'kept' ? cacheRecovery.waiting : cacheRecovery.pushed, folder: cacheRecovery.keptAt ?? '' })}
          >
            {t(`header.cacheRecovery.${cacheRecovery.outcome}`, { count: cacheRecovery.outcome === 'kept' ? cacheRecovery.waiting : cacheRecovery.pushed, folder: cacheRecovery.keptAt ?? '' })}
          </span>
        ) : null}
      </span>
      <span className="header-actions">
        <MyWorkButton />
        <KnowledgeButton />
        <CampaignsButton />
        <FollowUpsButton />
        <OverdueOrdersButton />
        {mayHoldOrders(agent.role) ? <ShiftHandoverButton /> : null}
        {hasDesk(agent) ? <DeskButton /> : null}
        <LanguageSwitch />
        <button type="button" className="button button-quiet" data-testid="logout" onClick={() => void stores.session.getState().logout()}>
          {t('header.logout')}
        </button>
      </span>
    </header>
  );
}

/** The knowledge base for the mouse (Alt+B for the keyboard); one of it and the campaigns shows at a time. */
function KnowledgeButton() {
  const { t } = useTranslation();
  const stores = useStores();
  return <PanelButton panel="knowledge" testId="knowledge-open" title={t('knowledge.buttonTitle')} label={t('knowledge.button')} onClick={() => toggleWorkPanel(stores, 'knowledge')} />;
}

/** Outbound campaigns for the mouse (Alt+W for the keyboard). */
function CampaignsButton() {
  const { t } = useTranslation();
  const stores = useStores();
  return <PanelButton panel="campaigns" testId="campaigns-open" title={t('campaigns.buttonTitle')} label={t('campaigns.button')} onClick={() => toggleWorkPanel(stores, 'campaigns')} />;
}
