import { CampaignsPanel } from '../campaigns/CampaignsPanel.js';
import { FollowUpsPanel } from '../followUps/FollowUpsPanel.js';
import { KnowledgePanel } from '../knowledge/KnowledgePanel.js';
import { useAppStore } from './stores.js';

/** The knowledge, campaign and follow-up panels (opened by Alt+B, Alt+W, Alt+G; Esc closes them). */
export function WorkPanels() {
  const knowledgeOpen = useAppStore('knowledge', (s) => s.panelOpen);
  const campaignsOpen = useAppStore('campaigns', (s) => s.panelOpen);
  const followUpsOpen = useAppStore('followUps', (s) => s.panelOpen);

  return (
    <>
      {knowledgeOpen ? <KnowledgePanel /> : null}
      {campaignsOpen ? <CampaignsPanel /> : null}
      {followUpsOpen ? <FollowUpsPanel /> : null}
    </>
  );
}
