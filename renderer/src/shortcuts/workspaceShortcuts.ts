import { normalisePhone } from '../../../shared/phone.js';
import type { AppStores } from '../app/stores.js';
import { toggleWorkPanel, WORK_PANELS } from '../app/workPanelToggle.js';
import { isOpenOrder, sortOrders } from '../customer/customerCardStore.js';
import { hasDesk } from '../desk/DeskPanel.js';
import { mayHoldOrders } from '../../../shared/domain/roles.js';
import { DTMF_KEYS, isDtmfTone } from '../softphone/phoneEngine.js';
import type { KeyTarget, Shortcut, ShortcutDescription } from './shortcutRegistry.js';

/** What shortcuts do to the page besides the stores: focus, read a box, the overlay. */
export interface ShortcutScreen {
  focusSearch(): void;
  isSearchBox(target: KeyTarget): boolean;
  /** Focuses the first box of a form or section on screen, by its data-testid. */
  focusFirstIn(testId: string): void;
  /** Focuses the element with this data-testid. */
  focus(testId: string): void;
  /** Scrolls the section with this data-testid to the top of its pane and focuses `focusTestId` in it. */
  reveal(sectionTestId: string, focusTestId: string): void;
  /** The value of the input with this data-testid ('' when absent). */
  valueOf(testId: string): string;
  overlayOpen(): boolean;
  toggleOverlay(): void;
  closeOverlay(): void;
}

const alt = (letter: string) => ({ code: `Key${letter}`, alt: true });

/**
 * Every keyboard shortcut of the workspace, first match first: the overlay and modal panels
 * before the rest, so Esc closes the topmost thing on screen. Keys handled inside one form or list
 * (Enter, ↑↓, Ctrl+Enter…) stay with that form and are listed in FORM_KEYS.
 */
export function workspaceShortcuts(stores: AppStores, screen: ShortcutScreen): Shortcut[] {
  const phone = () => stores.softphone.getState();
  const loadedCard = () => {
    const { phase, card } = stores.card.getState();
    return phase === 'loaded' ? card : null;
  };
  const newestOpenOrder = () => {
    const card = loadedCard();
    return card ? sortOrders(card.orders).find(isOpenOrder) : undefined;
  };
  const cardForForm = () => (stores.newCustomer.getState().open ? null : loadedCard());
  /**
   * Alt+letter opening a form for what is on screen (the card, its newest open order), only while
   * there is one; pressed again while the form is open for it: back to its first box, the draft kept.
   */
  const formShortcut = <T>(shortcut: {
    id: string;
    letter: string;
    description: ShortcutDescription;
    target: () => T | null | undefined;
    /** The form's (or section's) data-testid. */
    form: string;
    openFor(target: T): boolean;
    start(target: T): void;
  }): Shortcut => ({
    id: shortcut.id,
    scope: 'workspace',
    label: `Alt+${shortcut.letter}`,
    description: shortcut.description,
    chord: alt(shortcut.letter),
    when: () => shortcut.target() != null,
    run: () => {
      const target = shortcut.target();
      if (target == null) return;
      if (shortcut.openFor(target)) screen.focusFirstIn(shortcut.form);
      else shortcut.start(target);
    },
  });

  return [
    // Help
    { id: 'overlay-close', scope: 'help', label: 'Esc', description: 'closeOverlay', chord: { key: 'Escape', anyModifiers: true }, evenIfHandled: true, when: () => screen.overlayOpen(), run: () => screen.closeOverlay() },
    { id: 'overlay', scope: 'help', label: '?', description: 'overlay', chord: { key: '?' }, outsideTextBoxes: true, run: () => screen.toggleOverlay() },
    { id: 'overlay-f1', scope: 'help', label: 'F1', description: 'overlay', chord: { key: 'F1' }, run: () => screen.toggleOverlay() },

    // Panels over the workspace: Esc closes the open one, whatever box the focus is in.
    {
      id: 'panel-close',
      scope: 'panels',
      label: 'Esc',
      description: 'closePanel',
      chord: { key: 'Escape', anyModifiers: true },
      evenIfHandled: true,
      when: () => WORK_PANELS.some((panel) => stores[panel].getState().panelOpen),
      run: () => {
        const open = WORK_PANELS.find((panel) => stores[panel].getState().panelOpen);
        if (open) stores[open].getState().closePanel();
      },
    },
    // 交班: a dialog over everything, so its Esc comes before the work panels'.
    {
      id: 'shift-handover-close',
      scope: 'panels',
      label: 'Esc',
      description: 'closeShiftHandover',
      chord: { key: 'Escape', anyModifiers: true },
      evenIfHandled: true,
      when: () => stores.shiftHandover.getState().panelOpen,
      run: () => stores.shiftHandover.getState().closePanel(),
    },
    // (every Alt+letter is taken or kept by browsers: a function key)
    {
      id: 'shift-handover',
      scope: 'panels',
      label: 'F8',
      description: 'shiftHandover',
      chord: { key: 'F8' },
      when: () => mayHoldOrders(stores.session.getState().session?.agent.role ?? 'agent'),
      run: () => stores.shiftHandover.getState().togglePanel(),
    },
    // Every letter is taken (and Alt+D, Alt+F are the browser's): 1, the first screen.
    { id: 'my-work', scope: 'panels', label: 'Alt+1', description: 'myWork', chord: { code: 'Digit1', alt: true }, run: () => void stores.myWork.getState().show({ focus: true }) },
    { id: 'knowledge', scope: 'panels', label: 'Alt+B', description: 'knowledge', chord: alt('B'), run: () => toggleWorkPanel(stores, 'knowledge') },
    { id: 'campaigns', scope: 'panels', label: 'Alt+W', description: 'campaigns', chord: alt('W'), run: () => toggleWorkPanel(stores, 'campaigns') },
    // (not Alt+F: browsers open their menu with it)
    { id: 'follow-ups', scope: 'panels', label: 'Alt+G', description: 'followUps', chord: alt('G'), run: () => toggleWorkPanel(stores, 'followUps') },
    // 业绩 (yèjì): the figures of a supervisor, a parts desk or headquarters.
    { id: 'desk', scope: 'panels', label: 'Alt+Y', description: 'desk', chord: alt('Y'), when: () => hasDesk(stores.session.getState().session?.agent), run: () => toggleWorkPanel(stores, 'desk') },
    {
      id: 'overdue',
      scope: 'panels',
      label: 'Alt+U',
      description: 'overdue',
      chord: alt('U'),
      run: () => {
        stores.syncProblems.getState().closePanel();
        stores.overdue.getState().togglePanel();
      },
    },
    {
      id: 'sync-problems',
      scope: 'panels',
      label: 'Alt+P',
      description: 'syncProblems',
      chord: alt('P'),
      run: () => {
        stores.overdue.getState().closePanel();
        stores.syncProblems.getState().togglePanel();
      },
    },

    // The workspace: search, the card's forms
    { id: 'search-ctrl-k', scope: 'workspace', label: 'Ctrl+K', description: 'search', chord: { key: 'k', ctrl: true }, run: () => screen.focusSearch() },
    { id: 'search-slash', scope: 'workspace', label: '/', description: 'search', chord: { key: '/' }, outsideTextBoxes: true, run: () => screen.focusSearch() },
    {
      id: 'sync-problems-close',
      scope: 'workspace',
      label: 'Esc',
      description: 'closeSyncProblems',
      chord: { key: 'Escape', anyModifiers: true },
      when: () => stores.syncProblems.getState().panelOpen,
      run: () => {
        stores.syncProblems.getState().closePanel();
        screen.focusSearch();
      },
    },
    {
      id: 'waiting-changes-close',
      scope: 'workspace',
      label: 'Esc',
      description: 'closeWaitingChanges',
      chord: { key: 'Escape', anyModifiers: true },
      when: () => stores.sync.getState().waitingOpen,
      run: () => {
        stores.sync.getState().closeWaiting();
        screen.focusSearch();
      },
    },
    {
      id: 'overdue-close',
      scope: 'workspace',
      label: 'Esc',
      description: 'closeOverdue',
      chord: { key: 'Escape', anyModifiers: true },
      when: () => stores.overdue.getState().panelOpen,
      run: () => {
        stores.overdue.getState().closePanel();
        screen.focusSearch();
      },
    },
    {
      id: 'back-to-search',
      scope: 'workspace',
      label: 'Esc',
      description: 'backToSearch',
      chord: { key: 'Escape', anyModifiers: true },
      when: (press) => !screen.isSearchBox(press.target),
      run: () => screen.focusSearch(),
    },
    {
      id: 'new-customer',
      scope: 'workspace',
      label: 'Alt+N',
      description: 'newCustomer',
      chord: alt('N'),
      run: () => {
        // Pressed again while the form is open: back to its first box, the draft kept.
        if (stores.newCustomer.getState().open) return screen.focusFirstIn('new-customer-form');
        // A full number in the search box is most likely the caller's: fill it in.
        const query = stores.search.getState().query.trim();
        stores.newCustomer.getState().start(normalisePhone(query) ? { phone: query } : {});
      },
    },
    formShortcut({ id: 'edit-customer', letter: 'E', description: 'editCustomer', target: cardForForm, form: 'edit-customer-form', openFor: (card) => stores.editCustomer.getState().customerId === card.customer.id, start: (card) => stores.editCustomer.getState().start(card.customer) }),
    formShortcut({ id: 'new-order', letter: 'O', description: 'newOrder', target: cardForForm, form: 'new-order-form', openFor: (card) => stores.newOrder.getState().customerId === card.customer.id, start: (card) => stores.newOrder.getState().start(card.customer.id, card.products.map((p) => p.id)) }),
    formShortcut({ id: 'new-product', letter: 'I', description: 'newProduct', target: loadedCard, form: 'new-product-form', openFor: (card) => stores.newProduct.getState().customerId === card.customer.id, start: (card) => stores.newProduct.getState().start(card.customer.id) }),
    // (not Alt+C: the dial box has it)
    formShortcut({ id: 'new-complaint', letter: 'Q', description: 'newComplaint', target: loadedCard, form: 'complaint-form', openFor: () => stores.complaints.getState().form !== null, start: () => stores.complaints.getState().startForm() }),
    // (every Alt+letter is taken: a function key, like the handover's F8)
    { id: 'contact-history', scope: 'workspace', label: 'F9', description: 'contactHistory', chord: { key: 'F9' }, when: () => loadedCard() != null, run: () => screen.reveal('contact-history', 'history-filter-all') },
    { id: 'new-note', scope: 'workspace', label: 'Alt+Z', description: 'newNote', chord: alt('Z'), when: () => loadedCard() != null, run: () => screen.focus('note-text') },
    formShortcut({ id: 'parts-requests', letter: 'S', description: 'partsRequests', target: newestOpenOrder, form: 'parts-requests', openFor: (order) => stores.partsRequests.getState().order?.id === order.id, start: (order) => void stores.partsRequests.getState().open(order) }),

    // The softphone
    { id: 'answer', scope: 'softphone', label: 'Alt+A', description: 'answer', chord: alt('A'), run: () => void phone().answer() },
    { id: 'reject', scope: 'softphone', label: 'Alt+R', description: 'reject', chord: alt('R'), run: () => phone().reject() },
    { id: 'hangup', scope: 'softphone', label: 'Alt+H', description: 'hangup', chord: alt('H'), run: () => void phone().hangup() },
    { id: 'mute', scope: 'softphone', label: 'Alt+M', description: 'mute', chord: alt('M'), run: () => phone().toggleMute() },
    { id: 'hold', scope: 'softphone', label: 'Alt+L', description: 'hold', chord: alt('L'), run: () => void phone().toggleHold() },
    // (not Alt+D: browsers keep that for the address bar)
    { id: 'dial-box', scope: 'softphone', label: 'Alt+C', description: 'dialBox', chord: alt('C'), run: () => screen.focus('dial-input') },
    { id: 'transfer-box', scope: 'softphone', label: 'Alt+T', description: 'transferBox', chord: alt('T'), run: () => screen.focus('transfer-input') },
    { id: 'consult', scope: 'softphone', label: 'Alt+K', description: 'consult', chord: alt('K'), run: () => void phone().startConsult(screen.valueOf('transfer-input')) },
    { id: 'complete-transfer', scope: 'softphone', label: 'Alt+J', description: 'completeTransfer', chord: alt('J'), run: () => void phone().completeConsult() },
    { id: 'cancel-consult', scope: 'softphone', label: 'Alt+X', description: 'cancelConsult', chord: alt('X'), run: () => void phone().cancelConsult() },
    { id: 'audio-devices', scope: 'softphone', label: 'Alt+V', description: 'audioDevices', chord: alt('V'), run: () => phone().toggleDevicesPanel() },
    {
      id: 'dtmf',
      scope: 'softphone',
      label: '0–9 * #',
      description: 'dtmf',
      chord: { key: DTMF_KEYS },
      outsideTextBoxes: true,
      when: () => phone().call?.phase === 'established',
      run: (press) => {
        if (isDtmfTone(press.key)) void phone().sendDtmf(press.key);
      },
    },
  ];
}

/** Keys that one form or list handles itself, shown in the overlay beside the shortcuts. */
export const FORM_KEYS: readonly { id: string; label: string; description: ShortcutDescription }[] = [
  { id: 'list-move', label: '↑ ↓', description: 'listMove' },
  { id: 'list-open', label: 'Enter', description: 'listOpen' },
  { id: 'form-submit', label: 'Enter', description: 'formSubmit' },
  { id: 'region-pick', label: '↑ ↓ Enter', description: 'regionPick' },
  { id: 'form-save-ctrl-enter', label: 'Ctrl+Enter', description: 'formSaveCtrlEnter' },
  { id: 'satisfaction', label: '1–5', description: 'satisfaction' },
  { id: 'form-cancel', label: 'Esc', description: 'formCancel' },
];
