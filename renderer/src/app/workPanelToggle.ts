import type { AppStores } from './stores.js';

/** The panels beside the card, of which one shows at a time. */
export const WORK_PANELS = ['knowledge', 'campaigns', 'followUps', 'desk'] as const;
export type WorkPanel = (typeof WORK_PANELS)[number];

/** Opens or closes one work panel; opening it closes the others. */
export function toggleWorkPanel(stores: AppStores, panel: WorkPanel): void {
  for (const other of WORK_PANELS) if (other !== panel) stores[other].getState().closePanel();
  stores[panel].getState().togglePanel();
}
