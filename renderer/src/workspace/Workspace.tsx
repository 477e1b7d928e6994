import { useEffect, useRef } from 'react';
import { normalisePhone } from '../../../shared/phone.js';
import { useAppStore, useStores } from '../app/stores.js';
import { WorkPanels } from '../app/WorkPanels.js';
import { CustomerPane } from '../customer/CustomerCardView.js';
import { SearchPane } from '../search/SearchPane.js';
import { Softphone } from '../softphone/Softphone.js';
import { OverdueOrdersPanel } from '../orders/OverdueOrdersPanel.js';
import { StatusLine } from '../sync/StatusLine.js';
import { SyncProblemsPanel } from '../sync/SyncProblemsPanel.js';
import { Header } from './Header.js';

/** Focuses the first box of a form on screen, by its data-testid. */
function focusFirstIn(testId: string): void {
  document.querySelector<HTMLElement>(`[data-testid="${testId}"] :is(input, select, textarea)`)?.focus();
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * After login: header, search on the left, the customer card on the right, the status line below.
 * Keys: / or Ctrl+K search, Esc back to the search box, Alt+N new customer, Alt+E edit the
 * customer, Alt+O new service order, Alt+P sync problems, Alt+U the branch's overdue orders.
 */
export function Workspace() {
  const stores = useStores();
  const session = useAppStore('session', (s) => s.session);
  const problemsOpen = useAppStore('syncProblems', (s) => s.panelOpen);
  const overdueOpen = useAppStore('overdue', (s) => s.panelOpen);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const focusSearch = () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && key === 'k') {
        event.preventDefault();
        focusSearch();
      } else if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isEditable(event.target)) {
        event.preventDefault();
        focusSearch();
      } else if (event.key === 'Escape' && stores.syncProblems.getState().panelOpen) {
        // Esc closes the sync problems panel, wherever the focus is.
        event.preventDefault();
        stores.syncProblems.getState().closePanel();
        focusSearch();
      } else if (event.key === 'Escape' && stores.overdue.getState().panelOpen) {
        event.preventDefault();
        stores.overdue.getState().closePanel();
        focusSearch();
      } else if (event.key === 'Escape' && event.target !== searchRef.current) {
        event.preventDefault();
        focusSearch();
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
        // By physical key: Alt+letter may type another character on some layouts.
        const action = altShortcut(event.code);
        if (action) {
          event.preventDefault();
          action();
        }
      }
    };
    const altShortcut = (code: string): (() => void) | null => {
      const { card } = stores.card.getState();
      switch (code) {
        case 'KeyN':
          // Pressed again while the form is open: back to its first box, the draft kept.
          if (stores.newCustomer.getState().open) return () => focusFirstIn('new-customer-form');
          return () => {
            // A full number in the search box is most likely the caller's: fill it in.
            const query = stores.search.getState().query.trim();
            stores.newCustomer.getState().start(normalisePhone(query) ? { phone: query } : {});
          };
        case 'KeyE':
          if (!card || stores.card.getState().phase !== 'loaded' || stores.newCustomer.getState().open) return null;
          if (stores.editCustomer.getState().customerId === card.customer.id) return () => focusFirstIn('edit-customer-form');
          return () => stores.editCustomer.getState().start(card.customer);
        case 'KeyO':
          if (!card || stores.card.getState().phase !== 'loaded' || stores.newCustomer.getState().open) return null;
          if (stores.newOrder.getState().customerId === card.customer.id) return () => focusFirstIn('new-order-form');
          return () => stores.newOrder.getState().start(card.customer.id, card.products.map((p) => p.id));
        case 'KeyP':
          return () => {
            stores.overdue.getState().closePanel();
            stores.syncProblems.getState().togglePanel();
          };
        case 'KeyU':
          return () => {
            stores.syncProblems.getState().closePanel();
            stores.overdue.getState().togglePanel();
          };
        default:
          return null;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [stores]);

  if (!session) return null;
  return (
    <div className="workspace" data-testid="workspace">
      <Header session={session} />
      <Softphone />
      <main className="panes">
        <SearchPane inputRef={searchRef} />
        <CustomerPane />
      </main>
      <StatusLine />
      <WorkPanels />
      {problemsOpen ? <SyncProblemsPanel /> : null}
      {overdueOpen ? <OverdueOrdersPanel /> : null}
    </div>
  );
}
