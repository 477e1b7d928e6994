import { useEffect } from 'react';
import { CampaignsPanel } from '../campaigns/CampaignsPanel.js';
import { FollowUpsPanel } from '../followUps/FollowUpsPanel.js';
import { isOpenOrder, sortOrders } from '../customer/customerCardStore.js';
import { KnowledgePanel } from '../knowledge/KnowledgePanel.js';
import { useAppStore, useStores } from './stores.js';
import { toggleWorkPanel, WORK_PANELS } from './workPanelToggle.js';

/**
 * The knowledge and campaign panels, and the keys of the work beside the card: Alt+B knowledge
 * base, Alt+W outbound campaigns, Alt+G follow-up tasks, Alt+I new product on the open card, Alt+S parts requests of its
 * newest open order. Esc closes an open panel (before the workspace's own Esc moves the focus).
 */
export function WorkPanels() {
  const stores = useStores();
  const knowledgeOpen = useAppStore('knowledge', (s) => s.panelOpen);
  const campaignsOpen = useAppStore('campaigns', (s) => s.panelOpen);
  const followUpsOpen = useAppStore('followUps', (s) => s.panelOpen);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.key === 'Escape') {
        const open = WORK_PANELS.find((panel) => stores[panel].getState().panelOpen);
        if (!open) return;
        event.preventDefault();
        stores[open].getState().closePanel();
        return;
      }
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const action = shortcut(event.code);
      if (action) {
        event.preventDefault();
        action();
      }
    };
    // By physical key, as the workspace's: Alt+letter may type another character on some layouts.
    const shortcut = (code: string): (() => void) | null => {
      const { phase, card } = stores.card.getState();
      switch (code) {
        case 'KeyB':
          return () => toggleWorkPanel(stores, 'knowledge');
        case 'KeyW':
          return () => toggleWorkPanel(stores, 'campaigns');
        // (not Alt+F: browsers open their menu with it)
        case 'KeyG':
          return () => toggleWorkPanel(stores, 'followUps');
        case 'KeyI':
          if (phase !== 'loaded' || !card) return null;
          return () => {
            if (stores.newProduct.getState().customerId === card.customer.id) focusFirst('new-product-form');
            else stores.newProduct.getState().start(card.customer.id);
          };
        case 'KeyS': {
          const order = phase === 'loaded' && card ? sortOrders(card.orders).find(isOpenOrder) : undefined;
          if (!order) return null;
          return () => {
            if (stores.partsRequests.getState().order?.id === order.id) focusFirst('parts-requests');
            else void stores.partsRequests.getState().open(order);
          };
        }
        default:
          return null;
      }
    };
    // Capture: Esc reaches this before the workspace sends the focus to the search box.
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [stores]);

  return (
    <>
      {knowledgeOpen ? <KnowledgePanel /> : null}
      {campaignsOpen ? <CampaignsPanel /> : null}
      {followUpsOpen ? <FollowUpsPanel /> : null}
    </>
  );
}

function focusFirst(testId: string): void {
  document.querySelector<HTMLElement>(`[data-testid="${testId}"] :is(input, select, textarea)`)?.focus();
}
