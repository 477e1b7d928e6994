import type { Page } from 'playwright-core';

/** A state shown on a page, and when (Date.now() in the page: both pages run in one browser on one machine). */
export interface ShownState {
  login: string;
  state: string;
  reason: string;
  at: number;
}

/**
 * An init script for the supervisor's page: records when each agent's row of the team board shows a
 * new state (or reason), so that a test measures how long after the agent's change the board showed it.
 */
export function recordBoardChanges(): void {
  const seen = new Map<string, string>();
  const changes: ShownState[] = [];
  (window as unknown as { shownStates: ShownState[] }).shownStates = changes;
  const scan = () => {
    for (const row of document.querySelectorAll('[data-testid="team-row"]')) {
      const login = row.getAttribute('data-login') ?? '';
      const shown = `${row.getAttribute('data-state') ?? ''}:${row.getAttribute('data-reason') ?? ''}`;
      if (seen.get(login) === shown) continue;
      seen.set(login, shown);
      changes.push({ login, state: row.getAttribute('data-state') ?? '', reason: row.getAttribute('data-reason') ?? '', at: Date.now() });
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-reason'] });
}

/**
 * An init script for an agent's page: records when the agent's own screen shows a new state: the
 * incoming call while it rings, else the phone's state select.
 */
export function recordOwnStates(): void {
  const changes: ShownState[] = [];
  (window as unknown as { shownStates: ShownState[] }).shownStates = changes;
  let last = '';
  const scan = () => {
    const state = document.querySelector('[data-testid="incoming-call"]')
      ? 'ringing'
      : (document.querySelector('[data-testid="agent-state"]')?.getAttribute('data-state') ?? '');
    if (!state || state === last) return;
    last = state;
    changes.push({ login: '', state, reason: '', at: Date.now() });
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
}

/** What a page recorded with recordBoardChanges or recordOwnStates. */
export const shownStates = (page: Page): Promise<ShownState[]> => page.evaluate(() => (window as unknown as { shownStates: ShownState[] }).shownStates);
