import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/app/App.js';
import { createAppStores, type AppStores } from '../../renderer/src/app/stores.js';
import { createI18n, type Language } from '../../renderer/src/i18n/i18n.js';
import type { CustomerCard } from '../../shared/workstationApi.js';
import { FakeBridge } from './fakeBridge.js';
import { card, CUSTOMER_ID, CUSTOMER_ID_2, order, session, summary, syncStatus } from './fixtures.js';

/**
 * The screens rendered to HTML in Node (no DOM needed): what each state shows, in both languages,
 * with the data-testids the end-to-end tests rely on. Behaviour in a real browser is the e2e suite's.
 */
function render(stores: AppStores, language: Language = 'zh-CN'): string {
  // Server rendering reads each store's initial state (zustand's server snapshot): show the current one.
  for (const store of Object.values(stores) as AppStores[keyof AppStores][]) {
    (store as { getInitialState: () => unknown }).getInitialState = store.getState;
  }
  return renderToStaticMarkup(
    <I18nextProvider i18n={createI18n(language)}>
      <App stores={stores} />
    </I18nextProvider>,
  );
}

/** The opening tag of every element with this data-testid. */
function tags(html: string, testId: string): string[] {
  return [...html.matchAll(new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`, 'g'))].map((m) => m[0]);
}

/** The text inside the first element with this data-testid (tags stripped). */
function text(html: string, testId: string): string {
  const start = html.search(new RegExp(`<\\w+[^>]*data-testid="${testId}"`));
  if (start < 0) return '';
  const tag = /^<(\w+)/.exec(html.slice(start))?.[1] ?? '';
  // Find the matching close tag, counting nested elements of the same name.
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  re.lastIndex = start;
  let depth = 0;
  let end = html.length;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      end = m.index;
      break;
    }
  }
  return html.slice(start, end).replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

function stores(): AppStores {
  return createAppStores(new FakeBridge());
}

function loggedIn(offline = false): AppStores {
  const s = stores();
  s.session.setState({ phase: 'logged_in', session: session(offline) });
  return s;
}

const fullCard = (): CustomerCard => ({
  ...card(),
  customer: { ...card().customer, altPhone: '+861062345678', vipTier: 'platinum' },
  products: [
    {
      id: '10000000-0000-4000-8000-000000000001',
      version: 1,
      deleted: false,
      customerId: CUSTOMER_ID,
      branchId: card().customer.branchId,
      serialNumber: 'AC2023BJ000123',
      model: 'KFR-35GW',
      category: 'air_conditioner',
      purchaseDate: '2023-05-01',
      warrantyMonths: 72,
      warranty: { status: 'in_warranty', expiresOn: '2029-05-01' },
    },
    {
      id: '10000000-0000-4000-8000-000000000002',
      version: 1,
      deleted: false,
      customerId: CUSTOMER_ID,
      branchId: card().customer.branchId,
      serialNumber: 'MW2019BJ000777',
      model: 'M1-L213B',
      category: 'microwave',
      purchaseDate: '2019-03-10',
      warrantyMonths: 12,
      warranty: { status: 'out_of_warranty', expiresOn: '2020-03-10' },
    },
  ],
  orders: [
    order({ id: '20000000-0000-4000-8000-000000000001', orderNumber: 'BJ01-07-20240101-0001', status: 'closed', createdAt: '2024-01-01T02:00:00Z' }),
    order({
      id: '20000000-0000-4000-8000-000000000002',
      orderNumber: 'BJ01-07-20261120-0002',
      status: 'parts_pending',
      productId: '10000000-0000-4000-8000-000000000001',
      fault: '不制冷，外机有异响',
      createdAt: '2026-11-20T02:00:00Z',
    }),
  ],
});

describe('login screen', () => {
  it('has the form, its fields and a submit button; no error at first', () => {
    const s = stores();
    s.session.setState({ phase: 'logged_out' });
    const html = render(s);
    for (const id of ['login-form', 'login-user', 'login-password', 'login-submit', 'lang-switch']) expect(tags(html, id)).toHaveLength(1);
    expect(tags(html, 'login-error')).toHaveLength(0);
    expect(attr(tags(html, 'login-password')[0] ?? '', 'type')).toBe('password');
    expect(text(html, 'lang-switch')).toBe('English');
    expect(text(html, 'login-submit')).toBe('登录');
  });

  it('shows why the login failed, translated, with the service’s own message', () => {
    const s = stores();
    s.session.setState({ phase: 'logged_out', error: { code: 'offline_login_unavailable', message: 'backend unreachable; no cached login' } });
    const zh = render(s);
    expect(text(zh, 'login-error')).toContain('无法连接总部后台');
    expect(text(zh, 'login-error')).toContain('backend unreachable; no cached login');
    const en = render(s, 'en');
    expect(text(en, 'login-error')).toContain('Headquarters cannot be reached');
    expect(text(en, 'lang-switch')).toBe('中文');
  });

  it('disables the submit button while the login is pending', () => {
    const s = stores();
    s.session.setState({ phase: 'pending' });
    const html = render(s);
    expect(tags(html, 'login-submit')[0]).toContain('disabled');
    expect(text(html, 'login-submit')).toBe('正在登录…');
  });
});

describe('workspace', () => {
  it('shows the agent, the branch, the search box and the status line', () => {
    const s = loggedIn();
    s.sync.setState({ status: syncStatus({ pending: 3 }) });
    const html = render(s);
    for (const id of ['workspace', 'agent-name', 'logout', 'lang-switch', 'status-line', 'connection-state', 'last-sync', 'pending-count', 'search-input']) {
      expect(tags(html, id), id).toHaveLength(1);
    }
    expect(text(html, 'agent-name')).toBe('王丽');
    expect(text(html, 'agent-branch')).toBe('北京分部（BJ01）');
    expect(attr(tags(html, 'connection-state')[0] ?? '', 'data-state')).toBe('online');
    expect(text(html, 'connection-state')).toBe('在线');
    expect(text(html, 'pending-count')).toBe('待上传 3');
    expect(text(html, 'last-sync')).toMatch(/^最后同步 \d\d:\d\d（.+）$/);
    expect(tags(html, 'sync-progress')).toHaveLength(0);
    expect(tags(html, 'offline-login-note')).toHaveLength(0);
    expect(tags(html, 'search-input')[0]).toContain('autofocus');
  });

  it('says when the link is down, the initial sync’s progress, the last error and an offline login', () => {
    const s = loggedIn(true);
    s.sync.setState({
      status: syncStatus({ online: false, lastSyncAt: null, progress: { done: 1200, total: 5000 }, lastError: 'connect ECONNREFUSED 10.0.0.5:8080' }),
    });
    const html = render(s, 'en');
    expect(attr(tags(html, 'connection-state')[0] ?? '', 'data-state')).toBe('offline');
    expect(text(html, 'connection-state')).toBe('Offline');
    expect(text(html, 'last-sync')).toBe('Not synced yet');
    expect(text(html, 'sync-progress')).toBe('Initial sync 1,200 / 5,000');
    expect(html).toMatch(/<progress max="5000" value="1200">/);
    expect(text(html, 'sync-error')).toBe('Sync error: connect ECONNREFUSED 10.0.0.5:8080');
    expect(text(html, 'offline-login-note')).toBe('Offline sign-in');
  });

  it('lists search results with readable phone numbers, VIP tier and what matched', () => {
    const s = loggedIn();
    s.search.setState({
      query: '138',
      phase: 'done',
      resultsFor: '138',
      active: 1,
      results: [summary(), summary({ id: CUSTOMER_ID_2, name: '李娜', vipTier: 'none', phone: '+861062345678', matchedOn: 'address' })],
    });
    const html = render(s);
    const rows = tags(html, 'search-result');
    expect(rows.map((r) => attr(r, 'data-customer-id'))).toEqual([CUSTOMER_ID, CUSTOMER_ID_2]);
    expect(attr(rows[1] ?? '', 'aria-selected')).toBe('true');
    expect(html).toContain('+86 138 0013 8000');
    expect(html).toContain('+86 10 6234 5678');
    expect(html).toContain('金卡会员');
    expect(html).toContain('匹配：地址');
    expect(tags(html, 'search-empty')).toHaveLength(0);
  });

  it('says when nothing matched, and when the search failed', () => {
    const s = loggedIn();
    s.search.setState({ query: '999', phase: 'done', resultsFor: '999', results: [] });
    expect(text(render(s, 'en'), 'search-empty')).toBe('No customers match “999”');
    s.search.setState({ phase: 'error', resultsFor: null, error: { code: 'internal', message: 'cache closed' } });
    const html = render(s, 'en');
    expect(tags(html, 'search-empty')).toHaveLength(0);
    expect(text(html, 'search-error')).toContain('cache closed');
  });

  it('shows the customer card: phones, address, products with warranty, open orders first', () => {
    const s = loggedIn();
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: fullCard() });
    for (const lang of ['zh-CN', 'en'] as const) {
      const html = render(s, lang);
      expect(attr(tags(html, 'customer-card')[0] ?? '', 'data-customer-id')).toBe(CUSTOMER_ID);
      expect(text(html, 'customer-name')).toBe('张伟');
      expect(text(html, 'customer-phone')).toBe('+86 138 0013 8000');
      expect(text(html, 'customer-alt-phone')).toBe('+86 10 6234 5678');
      expect(tags(html, 'product-row').map((r) => attr(r, 'data-serial'))).toEqual(['AC2023BJ000123', 'MW2019BJ000777']);
      expect(tags(html, 'warranty-status').map((r) => attr(r, 'data-status'))).toEqual(['in_warranty', 'out_of_warranty']);
      expect(tags(html, 'order-row').map((r) => attr(r, 'data-status'))).toEqual(['parts_pending', 'closed']);
      const words = lang === 'en' ? ['In warranty', 'Out of warranty', 'expires 2029-05-01', 'Awaiting parts', 'Air conditioner', 'Platinum VIP', 'Repair'] : ['在保', '过保', '2029-05-01 到期', '待配件', '空调', '白金会员', '维修'];
      for (const word of words) expect(html, `${lang}: ${word}`).toContain(word);
    }
  });

  it('says when the customer is missing or the card failed to load', () => {
    const s = loggedIn();
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'missing' });
    expect(tags(render(s), 'customer-missing')).toHaveLength(1);
    s.card.setState({ phase: 'error', error: { code: 'internal', message: 'disk I/O error' } });
    expect(text(render(s), 'customer-error')).toContain('disk I/O error');
  });
});

describe('the renderer stays inside its CSP', () => {
  it('renders no inline style attributes', () => {
    const s = loggedIn();
    s.sync.setState({ status: syncStatus({ progress: { done: 1, total: 2 } }) });
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: fullCard() });
    expect(render(s)).not.toMatch(/\sstyle="/);
  });

  it('loads its script and stylesheet from files only', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    expect(html).not.toMatch(/<style|\sstyle=|\son\w+=/i);
    for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
      expect(script).toMatch(/\ssrc="/);
      expect(script).toMatch(/>\s*<\/script>$/);
    }
  });
});
