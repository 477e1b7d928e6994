import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createAppStores, type AppStores } from '../../renderer/src/app/stores.js';
import { createI18n } from '../../renderer/src/i18n/i18n.js';
import { resources } from '../../renderer/src/i18n/i18n.js';
import { ShortcutsOverlay } from '../../renderer/src/shortcuts/ShortcutsOverlay.js';
import { ShortcutRegistry, type KeyPress, type KeyTarget } from '../../renderer/src/shortcuts/shortcutRegistry.js';
import { FORM_KEYS, workspaceShortcuts, type ShortcutScreen } from '../../renderer/src/shortcuts/workspaceShortcuts.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { card, CUSTOMER_ID, order, product, session } from './fixtures.js';
import { FakeEngine, SIP_ACCOUNT } from './softphoneFakes.js';

/** Stand-ins for what has focus: the registry is told which of them are text boxes. */
const PAGE = { name: 'page' };
const TEXT_BOX = { name: 'a text box' };
const SEARCH_BOX = { name: 'the search box' };

/** The page's side of the shortcuts, recorded. */
class FakeScreen implements ShortcutScreen {
  readonly log: string[] = [];
  overlay = false;
  transferBox = '';
  focusSearch() {
    this.log.push('focus search');
  }
  isSearchBox(target: KeyTarget) {
    return target === (SEARCH_BOX as unknown);
  }
  focusFirstIn(testId: string) {
    this.log.push(`focus first in ${testId}`);
  }
  focus(testId: string) {
    this.log.push(`focus ${testId}`);
  }
  reveal(sectionTestId: string, focusTestId: string) {
    this.log.push(`reveal ${sectionTestId} at ${focusTestId}`);
  }
  valueOf(testId: string) {
    return testId === 'transfer-input' ? this.transferBox : '';
  }
  overlayOpen() {
    return this.overlay;
  }
  toggleOverlay() {
    this.overlay = !this.overlay;
  }
  closeOverlay() {
    this.overlay = false;
  }
}

interface Press {
  key?: string;
  code?: string;
  alt?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
  target?: object;
  handledBefore?: boolean;
  composing?: boolean;
}

function setup() {
  const engine = new FakeEngine();
  const bridge = new FakeBridge()
    .handle('softphone.account', () => SIP_ACCOUNT)
    .handle('softphone.audioDevices', () => ({ microphone: null, speaker: null, ringer: null }))
    .handle('customers.screenPop', () => ({ phone: null, card: null }))
    .handle('partsRequests.ofOrder', () => []);
  const stores = createAppStores(bridge, { createPhoneEngine: () => engine });
  stores.session.setState({ phase: 'logged_in', session: session() });
  const screen = new FakeScreen();
  const registry = new ShortcutRegistry(workspaceShortcuts(stores, screen), (target) => [TEXT_BOX, SEARCH_BOX].includes(target as never));
  /** Presses a key; answers whether a shortcut took it (and prevented its default). */
  const press = (p: Press): boolean => {
    let prevented = p.handledBefore ?? false;
    const event: KeyPress = {
      key: p.key ?? '',
      code: p.code ?? '',
      altKey: p.alt ?? false,
      ctrlKey: p.ctrl ?? false,
      metaKey: p.meta ?? false,
      shiftKey: p.shift ?? false,
      isComposing: p.composing ?? false,
      defaultPrevented: prevented,
      target: (p.target ?? PAGE) as unknown as EventTarget,
      preventDefault: () => {
        prevented = true;
      },
    };
    const ran = registry.handle(event);
    expect(prevented).toBe(ran || (p.handledBefore ?? false));
    return ran;
  };
  const alt = (letter: string, over: Press = {}) => press({ key: letter.toLowerCase(), code: `Key${letter}`, alt: true, ...over });
  return { stores, screen, registry, press, alt, engine };
}

function withCard(stores: AppStores) {
  const open = order({ id: '20000000-0000-4000-8000-000000000009', orderNumber: 'BJ01-07-20261120-0009', status: 'new' });
  stores.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: { ...card(), products: [product()], orders: [open] } });
  return open;
}

async function inCall(s: ReturnType<typeof setup>) {
  await s.stores.softphone.getState().start();
  s.engine.registration('registered');
  await s.stores.softphone.getState().setAgentState('ready');
  const id = s.engine.incoming('13800138000');
  await flush();
  return id;
}

describe('keyboard shortcuts', () => {
  it('F9 shows the open customer’s contact history, on its first chip; with no card it does nothing', () => {
    const s = setup();
    expect(s.press({ key: 'F9' })).toBe(false);
    withCard(s.stores);
    expect(s.press({ key: 'F9', target: TEXT_BOX })).toBe(true);
    expect(s.screen.log).toEqual(['reveal contact-history at history-filter-all']);
  });

  it('/ and Ctrl+K go to the search box; / only outside text boxes, Ctrl+K (or ⌘K) from anywhere', () => {
    const { press, screen } = setup();
    expect(press({ key: '/' })).toBe(true);
    expect(press({ key: '/', target: TEXT_BOX })).toBe(false);
    expect(press({ key: 'k', ctrl: true, target: TEXT_BOX })).toBe(true);
    expect(press({ key: 'K', meta: true })).toBe(true);
    expect(press({ key: 'k', ctrl: true, shift: true })).toBe(false);
    expect(press({ key: 'k', ctrl: true, alt: true })).toBe(false);
    expect(screen.log).toEqual(['focus search', 'focus search', 'focus search']);
  });

  it('Esc: back to the search box from anywhere else, but not over a box that used it', () => {
    const { press, screen } = setup();
    expect(press({ key: 'Escape', target: TEXT_BOX })).toBe(true);
    expect(press({ key: 'Escape', target: SEARCH_BOX })).toBe(false);
    expect(press({ key: 'Escape', handledBefore: true })).toBe(false);
    expect(screen.log).toEqual(['focus search']);
  });

  it('Alt+B, Alt+W, Alt+G open one work panel at a time; Esc closes it even when a box used the key, and only it', () => {
    const { stores, press, alt, screen } = setup();
    expect(alt('B')).toBe(true);
    expect(stores.knowledge.getState().panelOpen).toBe(true);
    expect(alt('W')).toBe(true);
    expect(stores.knowledge.getState().panelOpen).toBe(false);
    expect(stores.campaigns.getState().panelOpen).toBe(true);
    expect(alt('G')).toBe(true);
    expect(stores.campaigns.getState().panelOpen).toBe(false);
    expect(stores.followUps.getState().panelOpen).toBe(true);
    stores.syncProblems.setState({ panelOpen: true });
    expect(press({ key: 'Escape', target: SEARCH_BOX, handledBefore: true })).toBe(true);
    expect(stores.followUps.getState().panelOpen).toBe(false);
    expect(stores.syncProblems.getState().panelOpen).toBe(true); // the next Esc's
    expect(screen.log).toEqual([]);
    expect(alt('G')).toBe(true);
    expect(alt('G')).toBe(true); // again: closes it
    expect(stores.followUps.getState().panelOpen).toBe(false);
    expect(alt('B', { shift: true })).toBe(false);
  });

  it('Alt+P and Alt+U toggle sync problems and overdue orders, one closing the other; Esc closes them and goes to the search box', () => {
    const { stores, press, alt, screen } = setup();
    expect(alt('P')).toBe(true);
    expect(stores.syncProblems.getState().panelOpen).toBe(true);
    expect(alt('U')).toBe(true);
    expect(stores.syncProblems.getState().panelOpen).toBe(false);
    expect(stores.overdue.getState().panelOpen).toBe(true);
    expect(press({ key: 'Escape', handledBefore: true })).toBe(false); // a box used it: the panel stays
    expect(press({ key: 'Escape', target: SEARCH_BOX })).toBe(true);
    expect(stores.overdue.getState().panelOpen).toBe(false);
    expect(alt('P')).toBe(true);
    expect(press({ key: 'Escape', shift: true })).toBe(true);
    expect(stores.syncProblems.getState().panelOpen).toBe(false);
    expect(screen.log).toEqual(['focus search', 'focus search']);
  });

  it('Alt+N opens the new-customer form with a full number from the search box, and again goes back to its first box', () => {
    const { stores, alt, screen } = setup();
    stores.search.setState({ query: '138 0013 8000' });
    expect(alt('N', { target: TEXT_BOX })).toBe(true);
    expect(stores.newCustomer.getState()).toMatchObject({ open: true });
    expect(stores.newCustomer.getState().draft.phone).toBe('138 0013 8000');
    expect(alt('N')).toBe(true);
    expect(screen.log).toEqual(['focus first in new-customer-form']);
  });

  it('Alt+E, Alt+O, Alt+I and Alt+S work on the open card (and do nothing without one)', async () => {
    const { stores, alt, screen, press } = setup();
    for (const letter of ['E', 'O', 'I', 'S']) expect(alt(letter), letter).toBe(false);
    const open = withCard(stores);
    expect(alt('E')).toBe(true);
    expect(stores.editCustomer.getState().customerId).toBe(CUSTOMER_ID);
    expect(alt('E')).toBe(true);
    expect(alt('O')).toBe(true);
    expect(stores.newOrder.getState()).toMatchObject({ customerId: CUSTOMER_ID, productId: product().id });
    expect(alt('O')).toBe(true);
    expect(alt('I')).toBe(true);
    expect(stores.newProduct.getState().customerId).toBe(CUSTOMER_ID);
    expect(alt('I')).toBe(true);
    expect(alt('S')).toBe(true);
    await flush();
    expect(stores.partsRequests.getState().order?.id).toBe(open.id);
    expect(alt('S')).toBe(true);
    expect(screen.log).toEqual(['focus first in edit-customer-form', 'focus first in new-order-form', 'focus first in new-product-form', 'focus first in parts-requests']);
    // The new-customer form open: no edit or new order of the card behind it.
    stores.editCustomer.getState().cancel();
    stores.newOrder.getState().cancel();
    stores.newCustomer.getState().start({});
    expect(alt('E')).toBe(false);
    expect(alt('O')).toBe(false);
    expect(press({ key: 'e', code: 'KeyE' })).toBe(false);
  });

  it('Alt+A answers, Alt+M mutes, Alt+L holds, digits send DTMF outside text boxes, Alt+H hangs up', async () => {
    const s = setup();
    const id = await inCall(s);
    expect(s.alt('A')).toBe(true);
    s.engine.emit({ type: 'established', id });
    expect(s.alt('M')).toBe(true);
    expect(s.alt('L')).toBe(true);
    await flush();
    expect(s.press({ key: '5' })).toBe(true);
    expect(s.press({ key: '#', shift: true })).toBe(true);
    expect(s.press({ key: '7', target: TEXT_BOX })).toBe(false);
    expect(s.press({ key: '7', ctrl: true })).toBe(false);
    expect(s.alt('H')).toBe(true);
    await flush();
    expect(s.engine.log.filter((l) => !l.startsWith('registered') && !l.startsWith('devices'))).toEqual([
      `ring ${id}`,
      `answer ${id}`,
      `mute ${id} true`,
      `hold ${id} true`,
      `dtmf ${id} 5`,
      `dtmf ${id} #`,
      `hangup ${id}`,
    ]);
  });

  it('digits are typing, not tones, without an established call', async () => {
    const s = setup();
    expect(s.press({ key: '5' })).toBe(false);
    await inCall(s); // ringing
    expect(s.press({ key: '5' })).toBe(false);
  });

  it('Alt+R rejects a ringing call', async () => {
    const s = setup();
    const id = await inCall(s);
    expect(s.alt('R')).toBe(true);
    expect(s.engine.log).toContain(`reject ${id} 486`);
  });

  it('Alt+C and Alt+T go to the dial and transfer boxes; Alt+K consults the number there, Alt+J transfers, Alt+X goes back', async () => {
    const s = setup();
    const id = await inCall(s);
    s.alt('A');
    s.engine.emit({ type: 'established', id });
    expect(s.alt('C')).toBe(true);
    expect(s.alt('T')).toBe(true);
    s.screen.transferBox = '8002';
    expect(s.alt('K')).toBe(true);
    await flush();
    const consult = s.stores.softphone.getState().consult;
    expect(consult?.remoteNumber).toBe('8002');
    s.engine.emit({ type: 'established', id: consult!.id });
    expect(s.alt('J')).toBe(true);
    await flush();
    expect(s.alt('X')).toBe(true);
    await flush();
    expect(s.screen.log).toEqual(['focus dial-input', 'focus transfer-input']);
    expect(s.engine.log).toEqual(expect.arrayContaining([`hold ${id} true`, 'dial 8002', `attended-transfer ${id} ${consult!.id}`, `hangup ${consult!.id}`]));
  });

  it('Alt+V opens and closes the audio devices', () => {
    const { stores, alt } = setup();
    expect(alt('V')).toBe(true);
    expect(stores.softphone.getState().devicesPanelOpen).toBe(true);
    expect(alt('V')).toBe(true);
    expect(stores.softphone.getState().devicesPanelOpen).toBe(false);
  });

  it('? (outside text boxes) and F1 (anywhere) open the overlay; Esc closes it before anything else', () => {
    const { stores, press, screen } = setup();
    expect(press({ key: '?', shift: true, target: TEXT_BOX })).toBe(false);
    expect(press({ key: '?', shift: true })).toBe(true);
    expect(screen.overlay).toBe(true);
    stores.knowledge.setState({ panelOpen: true });
    expect(press({ key: 'Escape' })).toBe(true);
    expect(screen.overlay).toBe(false);
    expect(stores.knowledge.getState().panelOpen).toBe(true);
    expect(press({ key: 'F1', target: TEXT_BOX })).toBe(true);
    expect(screen.overlay).toBe(true);
    expect(press({ key: 'F1' })).toBe(true);
    expect(screen.overlay).toBe(false);
    expect(screen.log).toEqual([]);
  });

  it('leave keys to the input method while it composes', () => {
    const { press, alt, stores } = setup();
    expect(press({ key: '/', composing: true })).toBe(false);
    expect(alt('B', { composing: true })).toBe(false);
    expect(stores.knowledge.getState().panelOpen).toBe(false);
  });
});

describe('the shortcut overlay', () => {
  const { registry } = setup();
  const keys = resources['zh-CN'].translation.shortcuts.keys;

  for (const language of ['zh-CN', 'en'] as const) {
    it(`lists every registered key and what it does (${language})`, () => {
      const messages = resources[language].translation.shortcuts;
      const html = renderToStaticMarkup(
        <I18nextProvider i18n={createI18n(language)}>
          <ShortcutsOverlay shortcuts={registry.shortcuts} onClose={() => {}} />
        </I18nextProvider>,
      );
      const rows = [...registry.shortcuts, ...FORM_KEYS];
      expect(rows.length).toBeGreaterThan(35);
      const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
      for (const row of rows) {
        const shown = new RegExp(`data-shortcut="${row.id}"><dt><kbd>([^<]*)</kbd></dt><dd>([^<]*)</dd>`).exec(html);
        expect(shown, row.id).not.toBeNull();
        expect(shown![1]).toBe(escape(row.label));
        expect(shown![2]).toBe(escape(messages.keys[row.description]));
      }
      expect(html).toContain(messages.heading);
      for (const scope of ['help', 'panels', 'workspace', 'softphone', 'forms'] as const) expect(html).toContain(`>${messages.scope[scope]}</h3>`);
      // Every message of the overlay is one of its rows.
      for (const description of Object.keys(keys)) expect(rows.some((r) => r.description === description), description).toBe(true);
    });
  }

  it('shows every key the README lists under "Workspace keys" and "Softphone"', () => {
    const labels = new Set([...registry.shortcuts, ...FORM_KEYS].map((s) => s.label));
    for (const key of ['/', 'Ctrl+K', 'Esc', 'Alt+B', 'Alt+W', 'Alt+G', 'Alt+U', 'Alt+I', 'Alt+S', 'Alt+N', 'Alt+E', 'Alt+O', 'Alt+P', 'Ctrl+Enter', '1–5', '↑ ↓', 'Enter'])
      expect(labels, key).toContain(key);
    for (const key of ['Alt+A', 'Alt+R', 'Alt+H', 'Alt+M', 'Alt+L', 'Alt+C', 'Alt+T', 'Alt+K', 'Alt+J', 'Alt+X', 'Alt+V', '0–9 * #']) expect(labels, key).toContain(key);
  });
});
