import { CampaignsPanel } from '../campaigns/CampaignsPanel.js';
import { DeskPanel } from '../desk/DeskPanel.js';
import { FollowUpsPanel } from '../followUps/FollowUpsPanel.js';
import { KnowledgePanel } from '../knowledge/KnowledgePanel.js';
import { useAppStore } from './stores.js';

/** The knowledge, campaign, follow-up and desk panels (opened by Alt+B, Alt+W, Alt+G, Alt+Y; Esc closes them). */
export function WorkPanels() {
  const knowledgeOpen = useAppStore('knowledge', (s) => s.panelOpen);
  const campaignsOpen = useAppStore('campaigns', (s) => s.panelOpen);
  const followUpsOpen = useAppStore('followUps', (s) => s.panelOpen);
  const deskOpen = useAppStore('desk', (s) => s.panelOpen);

  return (
    <>
      {knowledgeOpen ? <KnowledgePanel /> : null}
      {campaignsOpen ? <CampaignsPanel /> : null}
      {followUpsOpen ? <FollowUpsPanel /> : null}
      {deskOpen ? <DeskPanel /> : null}
    </>
  );
}
