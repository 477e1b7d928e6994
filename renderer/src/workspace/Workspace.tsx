import './workspace.css';
import { useRef } from 'react';
import { useAppStore, useStores } from '../app/stores.js';
import { WorkPanels } from '../app/WorkPanels.js';
import { CustomerPane } from '../customer/CustomerCardView.js';
import { SearchPane } from '../search/SearchPane.js';
import { ShortcutsOverlay } from '../shortcuts/ShortcutsOverlay.js';
import { useShortcuts } from '../shortcuts/useShortcuts.js';
import { Softphone } from '../softphone/Softphone.js';
import { MyWorkNotices } from '../myWork/MyWorkNotices.js';
import { OverdueOrdersPanel } from '../orders/OverdueOrdersPanel.js';
import { ShiftHandoverDialog } from '../orders/ShiftHandoverDialog.js';
import { StatusLine } from '../sync/StatusLine.js';
import { SyncProblemsPanel } from '../sync/SyncProblemsPanel.js';
import { WaitingChangesPanel } from '../sync/WaitingChangesPanel.js';
import { Header } from './Header.js';

/**
 * After login: header, search on the left, the customer card on the right, the status line below, and
 * the panels over them. Every key of the workspace is declared in shortcuts/workspaceShortcuts.ts
 * and listed by the shortcut overlay (? or F1).
 */
export function Workspace() {
  const stores = useStores();
  const session = useAppStore('session', (s) => s.session);
  const problemsOpen = useAppStore('syncProblems', (s) => s.panelOpen);
  const overdueOpen = useAppStore('overdue', (s) => s.panelOpen);
  const handoverOpen = useAppStore('shiftHandover', (s) => s.panelOpen);
  const waitingOpen = useAppStore('sync', (s) => s.waitingOpen);
  const searchRef = useRef<HTMLInputElement>(null);

  const { registry, overlayOpen, closeOverlay } = useShortcuts(stores);

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
      <MyWorkNotices />
      {problemsOpen ? <SyncProblemsPanel /> : null}
      {overdueOpen ? <OverdueOrdersPanel /> : null}
      {waitingOpen ? <WaitingChangesPanel /> : null}
      {handoverOpen ? <ShiftHandoverDialog /> : null}
      {overlayOpen ? <ShortcutsOverlay shortcuts={registry.shortcuts} onClose={closeOverlay} /> : null}
    </div>
  );
}
