import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAppStores, type AppStores } from '../../renderer/src/app/stores.js';
import type { CustomerCard } from '../../shared/workstationApi.js';
import { FakeBridge } from './fakeBridge.js';
import { AGENT_ID, card, conflict, CONFLICT_ID, CUSTOMER_ID, CUSTOMER_ID_2, deadLetter, order, product, PRODUCT_ID, PRODUCT_ID_2, session, summary, syncStatus } from './fixtures.js';
import { renderApp } from './renderApp.js';


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

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The markup of every element with this data-testid, its children included. */
function elements(html: string, testId: string): string[] {
  const out: string[] = [];
  const open = new RegExp(`<(\\w+)[^>]*data-testid="${testId}"[^>]*>`, 'g');
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const tag = m[1] ?? '';
    const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
    re.lastIndex = m.index;
    let depth = 0;
    let end = html.length;
    for (let n = re.exec(html); n; n = re.exec(html)) {
      if (n[0].endsWith('/>')) continue;
      depth += n[1] ? -1 : 1;
      if (depth === 0) {
        end = n.index + n[0].length;
        break;
      }
    }
    out.push(html.slice(m.index, end));
  }
  return out;
}

/** The values of the options of the first select with this data-testid. */
const optionValues = (html: string, testId: string) => [...(elements(html, testId)[0] ?? '').matchAll(/<option[^>]*value="([^"]*)"/g)].map((m) => m[1]);

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
    product(),
    product({
      id: PRODUCT_ID_2,
      serialNumber: 'MW2019BJ000777',
      model: 'M1-L213B',
      category: 'microwave',
      purchaseDate: '2019-03-10',
      warrantyMonths: 12,
      warranty: { status: 'out_of_warranty', expiresOn: '2020-03-10' },
    }),
  ],
  orders: [
    order({ id: '20000000-0000-4000-8000-000000000001', orderNumber: 'BJ01-07-20240101-0001', status: 'closed', createdAt: '2024-01-01T02:00:00Z' }),
    order({
      id: '20000000-0000-4000-8000-000000000002',
      orderNumber: 'BJ01-07-20261120-0002',
      status: 'parts_pending',
      productId: PRODUCT_ID,
      fault: '不制冷，外机有异响',
      createdAt: '2026-11-20T02:00:00Z',
    }),
  ],
});

describe('login screen', () => {
  it('has the form, its fields and a submit button; no error at first', () => {
    const s = stores();
    s.session.setState({ phase: 'logged_out' });
    const html = renderApp(s);
    for (const id of ['login-form', 'login-user', 'login-password', 'login-submit', 'lang-switch']) expect(tags(html, id)).toHaveLength(1);
    expect(tags(html, 'login-error')).toHaveLength(0);
    expect(attr(tags(html, 'login-password')[0] ?? '', 'type')).toBe('password');
    expect(text(html, 'lang-switch')).toBe('English');
    expect(text(html, 'login-submit')).toBe('登录');
  });

  it('shows why the login failed, translated, with the service’s own message', () => {
    const s = stores();
    s.session.setState({ phase: 'logged_out', error: { code: 'offline_login_unavailable', message: 'backend unreachable; no cached login' } });
    const zh = renderApp(s);
    expect(text(zh, 'login-error')).toContain('无法连接总部后台');
    expect(text(zh, 'login-error')).toContain('backend unreachable; no cached login');
    const en = renderApp(s, 'en');
    expect(text(en, 'login-error')).toContain('Headquarters cannot be reached');
    expect(text(en, 'lang-switch')).toBe('中文');
  });

  it('a lost cache key: says so in both languages, and offers starting afresh only where the seat allows it', () => {
    const s = stores();
    const lost = (canStartAfresh: boolean) => ({ code: 'cache_key_lost' as const, message: 'The seat cache /data/bj.agent1/cache.db can no longer be opened', details: { file: '/data/bj.agent1/cache.db', canStartAfresh } });
    s.session.setState({ phase: 'logged_out', error: lost(false) });
    const offline = renderApp(s);
    expect(text(offline, 'login-error')).toContain('本机已无法打开该工号的坐席缓存');
    expect(tags(offline, 'login-start-afresh')).toHaveLength(0);
    s.session.setState({ phase: 'logged_out', error: lost(true) });
    const zh = renderApp(s);
    expect(text(zh, 'login-start-afresh')).toBe('在本机重新开始');
    expect(text(zh, 'login-cache-afresh')).toContain('原样保留给运维人员');
    const en = renderApp(s, 'en');
    expect(text(en, 'login-error')).toContain('can no longer open this agent’s seat cache');
    expect(text(en, 'login-start-afresh')).toBe('Start afresh on this PC');
  });

  it('disables the submit button while the login is pending', () => {
    const s = stores();
    s.session.setState({ phase: 'pending' });
    const html = renderApp(s);
    expect(tags(html, 'login-submit')[0]).toContain('disabled');
    expect(text(html, 'login-submit')).toBe('正在登录…');
  });
});

describe('workspace', () => {
  it('shows the agent, the branch, the search box and the status line', () => {
    const s = loggedIn();
    s.sync.setState({ status: syncStatus({ pending: 3 }) });
    const html = renderApp(s);
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
      status: syncStatus({ online: false, lastSyncAt: null, progress: { done: 1200, total: 5000 }, lastError: 'connect ECONNREFUSED 10.0.0.5:8080', lastErrorCode: 'backend_unreachable' }),
    });
    const html = renderApp(s, 'en');
    expect(attr(tags(html, 'connection-state')[0] ?? '', 'data-state')).toBe('offline');
    expect(text(html, 'connection-state')).toBe('Offline · nothing waiting to upload');
    expect(text(html, 'last-sync')).toBe('Not synced yet');
    expect(text(html, 'sync-progress')).toBe('Initial sync 1,200 / 5,000');
    expect(html).toMatch(/<progress max="5000" value="1200">/);
    // A failure other than the lost link, in words; the seat's own words are in the waiting list's details.
    s.sync.setState({ status: syncStatus({ online: true, pending: 2, lastError: 'push: HTTP 500 internal', lastErrorCode: 'backend_failed' }) });
    const failing = renderApp(s, 'en');
    expect(text(failing, 'sync-error')).toBe('Sync not finished: Headquarters had an error; the seat tries again shortly');
    expect(failing).not.toContain('HTTP 500');
    expect(text(html, 'offline-login-note')).toBe('Offline sign-in');
  });

  it('notes a recovered seat cache in the header, in both languages', () => {
    const s = stores();
    s.session.setState({ phase: 'logged_in', session: { ...session(false), cacheRecovery: { outcome: 'pushed', pushed: 3, waiting: 0 } } });
    expect(text(renderApp(s), 'cache-recovery-note')).toBe('已找回 3 条修改');
    expect(text(renderApp(s, 'en'), 'cache-recovery-note')).toBe('3 changes recovered');
    s.session.setState({ phase: 'logged_in', session: { ...session(false), cacheRecovery: { outcome: 'kept', pushed: 0, waiting: 2 } } });
    const kept = renderApp(s, 'en');
    expect(attr(tags(kept, 'cache-recovery-note')[0] ?? '', 'data-outcome')).toBe('kept');
    expect(attr(tags(kept, 'cache-recovery-note')[0] ?? '', 'title')).toContain('2 changes could not be uploaded yet');
    s.session.setState({ phase: 'logged_in', session: { ...session(false), cacheRecovery: { outcome: 'set_aside', pushed: 0, waiting: 0, keptAt: 'C:\\Users\\li\\seat\\bj.agent1\\key-lost-1' } } });
    const zh = renderApp(s);
    expect(text(zh, 'cache-recovery-note')).toBe('旧缓存已留给运维人员');
    expect(attr(tags(zh, 'cache-recovery-note')[0] ?? '', 'title')).toContain('key-lost-1');
    expect(tags(renderApp(loggedIn()), 'cache-recovery-note')).toHaveLength(0);
  });

  it('offline: says "离线 · N 项待上传" instead of an error, and lists the waiting changes as agents know them', () => {
    const s = loggedIn();
    s.sync.setState({
      status: syncStatus({ online: false, pending: 3, lastError: 'backend http://10.0.0.5:8080 unreachable: fetch failed', lastErrorCode: 'backend_unreachable' }),
    });
    const zh = renderApp(s);
    expect(text(zh, 'connection-state')).toBe('离线 · 3 项待上传');
    expect(tags(zh, 'sync-error')).toHaveLength(0);
    expect(zh).not.toContain('fetch failed');
    s.sync.setState({
      waitingOpen: true,
      waiting: [
        { mutationId: 'a0000000-0000-4000-8000-000000000011', entity: 'customer', op: 'update', fields: ['address', 'vipTier'], createdAt: '2026-11-23T05:20:00.000Z', attempts: 2, record: { customerName: '张伟', orderNumber: null, product: null } },
        { mutationId: 'a0000000-0000-4000-8000-000000000012', entity: 'serviceOrder', op: 'create', fields: ['status'], createdAt: '2026-11-23T05:21:00.000Z', attempts: 0, record: { customerName: '张伟', orderNumber: 'BJ01-01-20261123-0003', product: null } },
      ],
    });
    const panel = elements(renderApp(s), 'waiting-changes-panel')[0] ?? '';
    const rows = elements(panel, 'waiting-change');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('修改客户');
    expect(rows[0]).toContain('涉及：地址、会员等级');
    expect(rows[0]).toMatch(/2026-11-23 \d\d:20 · 已尝试上传 2 次/);
    expect(rows[1]).toContain('新建服务工单');
    expect(rows[1]).toContain('BJ01-01-20261123-0003 · 张伟');
    // Why it waits, in words; the seat's own message behind a click.
    expect(text(panel, 'waiting-sync-error')).toContain('暂时连不上总部后台');
    expect(text(panel, 'technical-details')).toContain('fetch failed');
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
    const html = renderApp(s);
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
    expect(text(renderApp(s, 'en'), 'search-empty')).toBe('No customers match “999”');
    s.search.setState({ phase: 'error', resultsFor: null, error: { code: 'internal', message: 'cache closed' } });
    const html = renderApp(s, 'en');
    expect(tags(html, 'search-empty')).toHaveLength(0);
    expect(text(html, 'search-error')).toContain('cache closed');
  });

  it('shows the customer card: phones, address, products with warranty, open orders first', () => {
    const s = loggedIn();
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: fullCard() });
    for (const lang of ['zh-CN', 'en'] as const) {
      const html = renderApp(s, lang);
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
    expect(tags(renderApp(s), 'customer-missing')).toHaveLength(1);
    s.card.setState({ phase: 'error', error: { code: 'internal', message: 'disk I/O error' } });
    expect(text(renderApp(s), 'customer-error')).toContain('disk I/O error');
  });
});

describe('customer card: a region never picked', () => {
  it('is flagged on the address until the province and city are chosen', () => {
    const s = loggedIn();
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: card() });
    expect(tags(renderApp(s), 'region-to-pick-badge')).toHaveLength(0);
    const legacy = card();
    s.card.setState({ card: { ...legacy, customer: { ...legacy.customer, province: '火星', city: '奥林帕斯', provinceCode: null, cityCode: null, districtCode: null } } });
    expect(text(renderApp(s), 'region-to-pick-badge')).toBe('地区待选择');
    expect(text(renderApp(s, 'en'), 'region-to-pick-badge')).toBe('Region to choose');
  });
});

const FIELD_IDS = ['field-name', 'field-phone', 'field-alt-phone', 'field-vip-tier', 'field-province', 'field-city', 'field-district', 'field-address'];

describe('new customer', () => {
  it('has a button in the workspace, in both languages', () => {
    const s = loggedIn();
    expect(text(renderApp(s), 'new-customer-button')).toBe('新建客户');
    expect(text(renderApp(s, 'en'), 'new-customer-button')).toBe('New customer');
    expect(attr(tags(renderApp(s, 'en'), 'new-customer-button')[0] ?? '', 'title')).toContain('Alt+N');
  });

  it('offers a new customer with the number when a full phone number found nobody, and only then', () => {
    const s = loggedIn();
    s.search.setState({ query: '139 1111 2222', phase: 'done', resultsFor: '139 1111 2222', results: [] });
    const zh = renderApp(s);
    expect(tags(zh, 'search-empty')).toHaveLength(1);
    expect(attr(tags(zh, 'create-from-number')[0] ?? '', 'data-phone')).toBe('139 1111 2222');
    expect(text(zh, 'create-from-number')).toBe('用号码 139 1111 2222 新建客户');
    expect(text(renderApp(s, 'en'), 'create-from-number')).toBe('New customer with number 139 1111 2222');
    s.search.setState({ query: '1391111', resultsFor: '1391111' }); // a fragment
    expect(tags(renderApp(s), 'create-from-number')).toHaveLength(0);
    s.search.setState({ query: '张三', resultsFor: '张三' });
    expect(tags(renderApp(s), 'create-from-number')).toHaveLength(0);
    s.search.setState({ query: '13800138000', resultsFor: '13800138000', results: [summary()] });
    expect(tags(renderApp(s), 'create-from-number')).toHaveLength(0);
  });

  it('shows the form in place of the card: labelled fields, the number filled in, a submit button', () => {
    const s = loggedIn();
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: card() });
    s.newCustomer.getState().start({ phone: '13911112222' });
    for (const [lang, labels, submit] of [
      ['zh-CN', ['姓名', '电话', '备用电话', '会员等级', '省份', '城市', '区县', '详细地址'], '保存客户'],
      ['en', ['Name', 'Phone', 'Other phone', 'VIP tier', 'Province', 'City', 'District', 'Street address'], 'Save customer'],
    ] as const) {
      const html = renderApp(s, lang);
      expect(tags(html, 'customer-card')).toHaveLength(0);
      const form = elements(html, 'new-customer-form')[0] ?? '';
      for (const id of FIELD_IDS) expect(tags(form, id), id).toHaveLength(1);
      expect(attr(tags(form, 'field-phone')[0] ?? '', 'value')).toBe('13911112222');
      expect(attr(tags(form, 'field-phone')[0] ?? '', 'type')).toBe('tel');
      expect(tags(form, 'field-name')[0]).toContain('autofocus');
      for (const label of labels) expect(form, `${lang} ${label}`).toMatch(new RegExp(`<label[^>]*>${label}`));
      expect(text(form, 'new-customer-submit')).toBe(submit);
      expect(attr(tags(form, 'new-customer-submit')[0] ?? '', 'type')).toBe('submit');
      expect(optionValues(form, 'field-vip-tier')).toEqual(['none', 'silver', 'gold', 'platinum']);
      // The region is picked from the code table, by typing: comboboxes, the city's waiting for a province.
      for (const id of ['field-province', 'field-city', 'field-district']) expect(attr(tags(form, id)[0] ?? '', 'role'), id).toBe('combobox');
      expect(tags(form, 'field-city')[0]).toMatch(/disabled/);
      expect(tags(form, 'field-same-phone-reason')).toHaveLength(0);
      expect(tags(form, 'field-error')).toHaveLength(0);
    }
  });

  it('warns that the number is a customer\'s already, offers their card and asks for a reason (bug 4)', () => {
    const s = loggedIn();
    s.newCustomer.getState().start({ phone: '13800138000' });
    s.newCustomer.setState({ phoneHolder: { customerId: CUSTOMER_ID, name: '张伟' } });
    for (const [lang, warning, open] of [
      ['zh-CN', '号码已属于客户 张伟', '打开该客户'],
      ['en', 'This number belongs to 张伟', 'Open that customer'],
    ] as const) {
      const form = elements(renderApp(s, lang), 'new-customer-form')[0] ?? '';
      expect(text(form, 'phone-holder-warning')).toContain(warning);
      expect(text(form, 'phone-holder-open')).toBe(open);
      expect(tags(form, 'field-same-phone-reason')).toHaveLength(1);
    }
  });

  it('lets a supervisor set the VIP tier; an agent sees it read-only', () => {
    const s = loggedIn();
    s.newCustomer.getState().start({ phone: '13911112222' });
    const vipOf = () => tags(elements(renderApp(s), 'new-customer-form')[0] ?? '', 'field-vip-tier')[0] ?? '';
    expect(vipOf()).toMatch(/\sdisabled=""/);
    expect(attr(vipOf(), 'title')).toBe('只有班长可以设置 VIP 等级');
    s.session.setState({ session: { ...session(), agent: { ...session().agent, role: 'supervisor' } } });
    expect(vipOf()).not.toMatch(/\sdisabled/);
  });

  it('shows each error next to the field the service named, translated', () => {
    const s = loggedIn();
    s.newCustomer.getState().start({ phone: '123' });
    s.newCustomer.setState({
      fieldErrors: { phone: { kind: 'invalidPhone', message: 'not a valid phone number: "123"', value: '123' }, name: { kind: 'required', message: 'name is required' } },
    });
    const zh = renderApp(s);
    const errors = tags(zh, 'field-error');
    expect(errors.map((e) => attr(e, 'data-field')).sort()).toEqual(['name', 'phone']);
    const phoneError = elements(zh, 'field-error').find((e) => e.includes('data-field="phone"')) ?? '';
    expect(phoneError.replace(/<[^>]+>/g, '')).toBe('“123”不是有效的电话号码');
    // The error sits with its field, and the field points at it.
    const phoneBlock = /<div class="field field-phone has-error">[\s\S]*?<\/div>/.exec(zh)?.[0] ?? '';
    expect(phoneBlock).toContain('data-testid="field-error"');
    expect(attr(tags(phoneBlock, 'field-phone')[0] ?? '', 'aria-invalid')).toBe('true');
    expect(attr(tags(phoneBlock, 'field-phone')[0] ?? '', 'aria-describedby')).toBe(attr(tags(phoneBlock, 'field-error')[0] ?? '', 'id'));
    const en = renderApp(s, 'en');
    expect(elements(en, 'field-error').map((e) => e.replace(/<[^>]+>/g, ''))).toEqual(['Required', '“123” is not a valid phone number']);
  });
});

describe('editing a customer', () => {
  it('puts an edit button on the card and the details in a form when editing', () => {
    const s = loggedIn();
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: fullCard() });
    let html = renderApp(s);
    expect(text(html, 'edit-customer-button')).toBe('编辑资料');
    expect(tags(html, 'edit-customer-form')).toHaveLength(0);
    s.editCustomer.getState().start(fullCard().customer);
    for (const lang of ['zh-CN', 'en'] as const) {
      html = renderApp(s, lang);
      const form = elements(html, 'edit-customer-form')[0] ?? '';
      for (const id of FIELD_IDS) expect(tags(form, id), id).toHaveLength(1);
      expect(attr(tags(form, 'field-phone')[0] ?? '', 'value')).toBe('+86 138 0013 8000');
      expect(attr(tags(form, 'field-alt-phone')[0] ?? '', 'value')).toBe('+86 10 6234 5678');
      expect(form).toMatch(/<option value="platinum" selected="">/);
      expect(text(form, 'edit-customer-submit')).toBe(lang === 'en' ? 'Save changes' : '保存修改');
      expect(tags(html, 'customer-phone')).toHaveLength(0); // the form replaces the facts
    }
    s.editCustomer.setState({ fieldErrors: { phone: { kind: 'invalidPhone', message: 'not a valid phone number: "0000"', value: '0000' } } });
    expect(tags(renderApp(s), 'field-error').map((e) => attr(e, 'data-field'))).toEqual(['phone']);
  });
});

describe('service orders on the card', () => {
  it('has a new-order button; the form offers the types, the customer’s products with warranty, and a fault box', () => {
    const s = loggedIn();
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: fullCard() });
    expect(text(renderApp(s), 'new-order-button')).toBe('新建工单');
    s.newOrder.getState().start(CUSTOMER_ID, fullCard().products.map((p) => p.id));
    for (const lang of ['zh-CN', 'en'] as const) {
      const html = renderApp(s, lang);
      const form = elements(html, 'new-order-form')[0] ?? '';
      expect(optionValues(form, 'order-type')).toEqual(['repair', 'installation', 'maintenance', 'inquiry', 'complaint', 'suggestion']);
      expect(optionValues(form, 'order-product')).toEqual(['', '10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002']);
      // A repair with several products: the agent must choose one, never "no product" by default.
      expect(form).toContain(lang === 'en' ? 'Choose the product (required for repairs and installations)' : '请选择产品（维修、安装必选）');
      expect(form).not.toContain(lang === 'en' ? 'No particular product' : '不涉及具体产品');
      expect(form).toContain(lang === 'en' ? 'KFR-35GW · AC2023BJ000123 · Air conditioner' : 'KFR-35GW · AC2023BJ000123 · 空调');
      expect(tags(form, 'order-fault')[0]).toMatch(/^<textarea/);
      expect(text(form, 'new-order-submit')).toBe(lang === 'en' ? 'Create order' : '提交工单');
      expect(tags(form, 'order-product-warranty')).toHaveLength(0); // no product chosen yet
    }
    // A product chosen: its warranty next to the select, and the seat's duplicate check's answer before a second one.
    s.newOrder.getState().set({ productId: '10000000-0000-4000-8000-000000000001' });
    s.newOrder.setState({ duplicates: [{ order: fullCard().orders[1]!, reason: 'same_serial_number' }] });
    let html = renderApp(s);
    expect(attr(tags(html, 'order-product-warranty')[0] ?? '', 'data-status')).toBe('in_warranty');
    expect(text(html, 'order-product-warranty')).toBe('在保');
    expect(text(html, 'order-duplicate-warning')).toContain('BJ01-07-20261120-0002');
    // Matches shown: the reason to go on is asked for; in warranty, no fee.
    expect(tags(html, 'order-duplicate-reason')).toHaveLength(1);
    expect(tags(html, 'order-fee-consent')).toHaveLength(0);
    s.newOrder.getState().set({ productId: '10000000-0000-4000-8000-000000000002' });
    html = renderApp(s, 'en');
    expect(text(html, 'order-product-warranty')).toBe('Out of warranty');
    expect(tags(html, 'order-duplicate-warning')).toHaveLength(0);
    expect(tags(html, 'order-duplicate-reason')).toHaveLength(0);
    // Out of warranty: the fee estimate and the customer's consent.
    expect(tags(html, 'order-fee-estimate')).toHaveLength(1);
    expect(tags(html, 'order-fee-consent-given')).toHaveLength(1);
    s.newOrder.setState({ error: { code: 'bad_input', message: 'fault: describe the fault or request' }, fieldErrors: { fault: { kind: 'required', message: 'describe the fault or request' } } });
    html = renderApp(s, 'en');
    expect(text(elements(html, 'new-order-form')[0] ?? '', 'order-error')).toContain('Invalid input');
    expect(tags(html, 'field-error').map((e) => attr(e, 'data-field'))).toEqual(['fault']);
  });

  it('offers only the valid next statuses on each order row, translated', () => {
    const s = loggedIn();
    const statuses = ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending', 'completed', 'visited', 'closed', 'cancelled'] as const;
    s.card.setState({
      customerId: CUSTOMER_ID,
      phase: 'loaded',
      card: { ...card(), orders: statuses.map((status, i) => order({ id: `20000000-0000-4000-8000-00000000001${i}`, orderNumber: `BJ01-07-20261101-000${i}`, status, createdAt: `2026-11-0${i + 1}T00:00:00Z` })) },
    });
    // Dispatch is not a step button: it has its own control (an outlet and a window); visited is the follow-up's.
    const expected: Record<string, string[]> = {
      new: ['cancelled'],
      dispatched: ['accepted', 'cancelled'],
      accepted: ['in_service', 'cancelled'],
      in_service: ['parts_pending', 'completed', 'cancelled'],
      parts_pending: ['in_service', 'cancelled'],
      completed: ['closed'],
      visited: ['closed'],
      closed: [],
      cancelled: [],
    };
    for (const lang of ['zh-CN', 'en'] as const) {
      const html = renderApp(s, lang);
      const rows = elements(html, 'order-row');
      expect(rows).toHaveLength(statuses.length);
      for (const row of rows) {
        const status = attr(row, 'data-status') ?? '';
        const offered = tags(row, 'order-step').map((tag) => attr(tag, 'data-status'));
        expect(offered, status).toEqual(expected[status]);
        expect(tags(row, 'order-status-select'), status).toHaveLength(0);
        expect(tags(row, 'order-dispatch'), status).toHaveLength(status === 'new' || status === 'dispatched' ? 1 : 0);
      }
      const fresh = rows.find((r) => attr(r, 'data-status') === 'new') ?? '';
      expect(fresh).toContain(lang === 'en' ? 'Dispatch…' : '派单…');
      const inService = rows.find((r) => attr(r, 'data-status') === 'in_service') ?? '';
      expect(inService).toContain(lang === 'en' ? '>Wait for parts</button>' : '>待配件</button>');
      expect(inService).toContain(lang === 'en' ? '>Complete…</button>' : '>完工…</button>');
      const waiting = rows.find((r) => attr(r, 'data-status') === 'parts_pending') ?? '';
      expect(waiting).toContain(lang === 'en' ? '>Parts arrived</button>' : '>配件到货</button>');
    }
  });

  it('cancels through a reason form, asks before taking another agent’s order over, and shows a refusal in the order’s row', () => {
    const s = loggedIn();
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: fullCard() });
    s.orderStatus.setState({
      form: { orderId: '20000000-0000-4000-8000-000000000002', status: 'cancelled' },
      takeover: { orderId: '20000000-0000-4000-8000-000000000002', status: 'cancelled', details: { cancelReason: '客户取消' } },
      errors: {
        '20000000-0000-4000-8000-000000000001': {
          code: 'invalid_transition',
          message: 'order BJ01-07-20240101-0001 is closed; it can no longer be dispatched',
          details: { code: 'order_closed', params: { orderNumber: 'BJ01-07-20240101-0001', to: 'dispatched' } },
        },
      },
    });
    for (const lang of ['zh-CN', 'en'] as const) {
      const html = renderApp(s, lang);
      const [open, closed] = elements(html, 'order-row');
      expect(tags(open ?? '', 'cancel-form')).toHaveLength(1);
      expect(tags(open ?? '', 'cancel-reason')).toHaveLength(1);
      expect(text(open ?? '', 'order-takeover')).toContain(lang === 'en' ? 'Order BJ01-07-20261120-0002 belongs to another agent. Take it over and go on?' : '工单 BJ01-07-20261120-0002 由其他坐席负责。是否接手此工单并继续？');
      expect(tags(open ?? '', 'order-takeover-confirm')).toHaveLength(1);
      expect(tags(open ?? '', 'order-error')).toHaveLength(0);
      const error = text(closed ?? '', 'order-error');
      // The refusal in the agent's language, from its code: not the service's English words.
      expect(error).toBe(lang === 'en' ? 'Order BJ01-07-20240101-0001 is closed; it can no longer become “Dispatched”' : '工单 BJ01-07-20240101-0001 已关闭，不能再变为“已派工”');
      expect(attr(tags(closed ?? '', 'order-error')[0] ?? '', 'data-refusal')).toBe('order_closed');
    }
  });
});

describe('sync problems', () => {
  const problems = () => ({
    deadLetters: [deadLetter(), deadLetter({ mutationId: 'a0000000-0000-4000-8000-000000000002', entity: 'serviceOrder' as const, entityId: '20000000-0000-4000-8000-000000000002', op: 'create' as const, patch: { orderNumber: 'BJ01-07-20261123-0001', status: 'new' }, code: 'invalid_reference', message: 'productId: product is not this customer’s', record: { customerName: '张伟', orderNumber: 'BJ01-07-20261123-0001', product: null } }), deadLetter({ mutationId: 'a0000000-0000-4000-8000-000000000003', entity: 'serviceOrder' as const, entityId: '20000000-0000-4000-8000-000000000003', op: 'update' as const, patch: { status: 'in_service' }, code: 'invalid_transition', message: 'order BJ01-07-20261122-0009 is closed', refusal: { code: 'order_closed', params: { orderNumber: 'BJ01-07-20261122-0009', to: 'in_service' } }, record: { customerName: '张伟', orderNumber: 'BJ01-07-20261122-0009', product: null } })],
    conflicts: [
      conflict(),
      // Pushed by another seat: this seat's value is the one the server kept.
      conflict({ id: 'b0000000-0000-4000-8000-000000000002', field: 'phone', mine: '+8613900001111', theirs: '+8613800138000', pushedHere: false, seatId: '03/c0000000-0000-4000-8000-000000000003', pushedBy: { agentId: '0f5a3c1e-8d7b-4e2a-9c6f-1b2d3e4f5a62', agentName: '王伟', seatCode: '03' }, keptHere: true, keptBy: { agentId: AGENT_ID, agentName: '李娜', seatCode: '07' } }),
    ],
    loaded: true,
  });

  it('shows no badge without problems, and one counting dead letters and conflicts otherwise', () => {
    const s = loggedIn();
    s.sync.setState({ status: syncStatus({ pending: 4 }) });
    expect(tags(renderApp(s), 'sync-problems-badge')).toHaveLength(0);
    s.syncProblems.setState(problems());
    const zh = renderApp(s);
    expect(attr(tags(zh, 'sync-problems-badge')[0] ?? '', 'data-count')).toBe('5');
    expect(text(zh, 'sync-problems-badge')).toBe('同步问题 5');
    expect(text(renderApp(s, 'en'), 'sync-problems-badge')).toBe('Sync problems 5');
    expect(attr(tags(zh, 'pending-count')[0] ?? '', 'data-count')).toBe('4');
    expect(tags(zh, 'sync-problems-panel')).toHaveLength(0);
    // Also while the status is not known yet.
    s.sync.setState({ status: null });
    expect(tags(renderApp(s), 'sync-problems-badge')).toHaveLength(1);
  });

  it('lists dead letters (what, why, when) and conflicts (mine beside theirs, with their buttons)', () => {
    const s = loggedIn();
    s.sync.setState({ status: syncStatus() });
    s.syncProblems.setState({ ...problems(), panelOpen: true });
    for (const lang of ['zh-CN', 'en'] as const) {
      const html = renderApp(s, lang);
      const panel = elements(html, 'sync-problems-panel')[0] ?? '';
      const letters = elements(panel, 'dead-letter-row');
      expect(letters).toHaveLength(3);
      expect(letters[0]).toContain(lang === 'en' ? 'Changed customer' : '修改客户');
      expect(letters[0]).toContain('张伟');
      expect(letters[0]).toContain('+86 139 0000 1111');
      // The seat's English words only behind a click; no raw field names or ids.
      expect(text(letters[0] ?? '', 'technical-details')).toContain('customer is outside your branch');
      expect(letters[0]).toContain(lang === 'en' ? 'Phone' : '电话');
      expect(letters[0]).not.toContain('updatedAt');
      expect(letters[0]).not.toContain(CUSTOMER_ID.slice(0, 8));
      expect(text(letters[0] ?? '', 'dead-letter-why')).toBe(lang === 'en' ? 'Outside what you may change' : '超出您可以修改的范围');
      // The rule's own words with its facts, where the backend gave its refusal; none where it did not.
      expect(text(letters[2] ?? '', 'dead-letter-refusal')).toBe(lang === 'en' ? 'Order BJ01-07-20261122-0009 is closed; it can no longer become “In service”' : '工单 BJ01-07-20261122-0009 已关闭，不能再变为“服务中”');
      expect(tags(letters[0] ?? '', 'dead-letter-refusal')).toHaveLength(0);
      expect(text(letters[1] ?? '', 'dead-letter-why')).toBe(lang === 'en' ? 'It refers to a record that is missing or belongs to another branch' : '引用的记录不存在或属于其他分公司');
      expect(letters[0]).toMatch(/2026-11-23 \d\d:01/);
      expect(letters[1]).toContain(lang === 'en' ? 'New service order' : '新建服务工单');
      expect(letters[1]).toContain('BJ01-07-20261123-0001');
      expect(tags(panel, 'dead-letter-dismiss')).toHaveLength(3);
      const conflicts = elements(panel, 'conflict-row');
      expect(conflicts.map((c) => attr(c, 'data-conflict-id'))).toEqual([CONFLICT_ID, 'b0000000-0000-4000-8000-000000000002']);
      expect(text(conflicts[0] ?? '', 'conflict-mine')).toBe('海淀区中关村大街 27 号');
      expect(text(conflicts[0] ?? '', 'conflict-theirs')).toBe('朝阳区建国路 88 号');
      expect(text(conflicts[0] ?? '', 'conflict-mine-origin')).toMatch(lang === 'en' ? /^You changed it on this seat at 2026-11-23 \d\d:10$/ : /^你在本坐席于 2026-11-23 \d\d:10 修改$/);
      expect(text(conflicts[0] ?? '', 'conflict-record')).toBe(lang === 'en' ? 'customer 张伟' : '客户 张伟');
      // The kept value is named too: who wrote it at headquarters first, and when.
      expect(text(conflicts[0] ?? '', 'conflict-theirs-origin')).toMatch(
        lang === 'en' ? /^Changed by 王芳 \(seat 12\) at 2026-11-23 \d\d:08, saved at headquarters$/ : /^王芳（坐席 12） 于 2026-11-23 \d\d:08 修改，已保存在总部后台$/,
      );
      expect(text(conflicts[1] ?? '', 'conflict-mine-origin')).toMatch(lang === 'en' ? /^You changed it on this seat at 2026-11-23 \d\d:08, saved at headquarters$/ : /^你在本坐席于 2026-11-23 \d\d:08 修改，已保存在总部后台$/);
      // The other seat pushed: "mine" is the kept value, "theirs" is named by agent, seat and local time.
      expect(text(conflicts[1] ?? '', 'conflict-mine')).toBe('+86 138 0013 8000');
      expect(text(conflicts[1] ?? '', 'conflict-theirs')).toBe('+86 139 0000 1111');
      expect(text(conflicts[1] ?? '', 'conflict-theirs-origin')).toMatch(lang === 'en' ? /^Changed by 王伟 \(seat 03\) at 2026-11-23 \d\d:10$/ : /^王伟（坐席 03） 于 2026-11-23 \d\d:10 修改$/);
      expect(text(conflicts[1] ?? '', 'conflict-field')).toBe(lang === 'en' ? 'Phone' : '电话');
      for (const c of conflicts) {
        for (const id of ['conflict-keep-mine', 'conflict-keep-theirs', 'conflict-edit-value', 'conflict-save-edit']) expect(tags(c, id), id).toHaveLength(1);
      }
      expect(attr(tags(conflicts[1] ?? '', 'conflict-edit-value')[0] ?? '', 'value')).toBe('+86 138 0013 8000');
      expect(text(conflicts[0] ?? '', 'conflict-keep-mine')).toBe(lang === 'en' ? 'Keep mine' : '保留我的');
    }
  });

  it('says when there is nothing to deal with', () => {
    const s = loggedIn();
    s.syncProblems.setState({ loaded: true, panelOpen: true });
    expect(text(renderApp(s, 'en'), 'sync-problems-panel')).toContain('No sync problems to deal with.');
  });
});

describe('the renderer stays inside its CSP', () => {
  it('renders no inline style attributes or event handler attributes', () => {
    const s = loggedIn();
    s.sync.setState({ status: syncStatus({ progress: { done: 1, total: 2 } }) });
    s.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: fullCard() });
    s.editCustomer.getState().start(fullCard().customer);
    s.newOrder.getState().start(CUSTOMER_ID, [fullCard().products[0]!.id]);
    s.orderStatus.setState({ form: { orderId: '20000000-0000-4000-8000-000000000002', status: 'completed' } });
    s.syncProblems.setState({ deadLetters: [deadLetter()], conflicts: [conflict()], panelOpen: true });
    const withCard = renderApp(s);
    s.newCustomer.getState().start({ phone: '123' });
    const withForm = renderApp(s);
    for (const html of [withCard, withForm]) {
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/\son[a-z]+="/i);
    }
    expect(tags(withCard, 'edit-customer-form')).toHaveLength(1);
    expect(tags(withForm, 'new-customer-form')).toHaveLength(1);
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
