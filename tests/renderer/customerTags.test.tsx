import { describe, expect, it } from 'vitest';
import { createAppStores, type AppStores } from '../../renderer/src/app/stores.js';
import { changesBetween, draftOf, draftTags, toNewCustomer, toggledTags, withField } from '../../renderer/src/customer/customerDraft.js';
import { createSoftphoneStore } from '../../renderer/src/softphone/softphoneStore.js';
import type { CustomerCard } from '../../shared/workstationApi.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { card, conflict, CUSTOMER_ID, product, PRODUCT_ID, session, syncStatus } from './fixtures.js';
import { countTestId, renderApp } from './renderApp.js';
import { FakeEngine, SIP_ACCOUNT } from './softphoneFakes.js';

/** Customer tags and VIP treatment (issue 11) as the renderer shows and edits them. */

const tagged = (over: Partial<CustomerCard['customer']> = {}): CustomerCard => ({ ...card(), customer: { ...card().customer, tags: ['prefers_evenings', 'elderly'], ...over } });
const chipsOf = (html: string, testId: string) => {
  const list = new RegExp(`<ul[^>]*data-testid="${testId}"[^>]*>(.*?)</ul>`).exec(html)?.[1] ?? '';
  return [...list.matchAll(/data-tag="([^"]+)"[^>]*>([^<]*)</g)].map((m) => [m[1], m[2]]);
};

function withCard(shown: CustomerCard): AppStores {
  const stores = createAppStores(new FakeBridge());
  stores.session.setState({ phase: 'logged_in', session: session() });
  stores.card.setState({ phase: 'loaded', customerId: shown.customer.id, card: shown });
  return stores;
}

describe('tags on the card', () => {
  it('show as chips in the vocabulary’s order, in Chinese and English; none shows nothing', () => {
    expect(chipsOf(renderApp(withCard(tagged())), 'customer-tags')).toEqual([['elderly', '老年客户'], ['prefers_evenings', '偏好晚间联系']]);
    expect(chipsOf(renderApp(withCard(tagged()), 'en'), 'customer-tags')).toEqual([['elderly', 'Elderly'], ['prefers_evenings', 'Prefers evenings']]);
    expect(countTestId(renderApp(withCard(card())), 'customer-tags')).toBe(0);
  });
});

describe('the VIP banner', () => {
  it('says what the tier entitles to, and is absent for an ordinary customer', () => {
    const gold = renderApp(withCard(tagged({ vipTier: 'gold' })));
    expect(gold).toMatch(/data-testid="vip-banner" data-tier="gold"/);
    expect(gold).toContain('金卡会员权益');
    expect(gold).toContain('优先派单');
    expect(gold).toContain('过保费用优惠 10%');
    const silver = renderApp(withCard(tagged({ vipTier: 'silver' })), 'en');
    expect(silver).toContain('Silver VIP entitlements');
    expect(silver).toContain('5% off out-of-warranty fees');
    expect(countTestId(silver, 'vip-priority-dispatch')).toBe(0);
    expect(countTestId(renderApp(withCard(tagged({ vipTier: 'none' }))), 'vip-banner')).toBe(0);
  });

  it('sits on the new-order form too, with the member price the customer consents to out of warranty', () => {
    const stores = withCard({ ...tagged({ vipTier: 'platinum' }), products: [product({ warranty: { status: 'out_of_warranty', expiresOn: '2024-05-01' } })] });
    stores.newOrder.getState().start(CUSTOMER_ID, [PRODUCT_ID]);
    stores.newOrder.getState().set({ type: 'repair', productId: PRODUCT_ID, feeEstimate: '450' });
    const html = renderApp(stores);
    expect(countTestId(html, 'order-vip-banner')).toBe(1);
    expect(html).toMatch(/data-testid="order-fee-payable" data-fee="360">会员价 360 元（原价 450 元，优惠 20%）</);
    // An ordinary customer: no banner, no member price.
    const plain = withCard({ ...tagged({ vipTier: 'none' }), products: [product({ warranty: { status: 'out_of_warranty', expiresOn: '2024-05-01' } })] });
    plain.newOrder.getState().start(CUSTOMER_ID, [PRODUCT_ID]);
    plain.newOrder.getState().set({ type: 'repair', productId: PRODUCT_ID, feeEstimate: '450' });
    const plainHtml = renderApp(plain);
    expect(countTestId(plainHtml, 'order-vip-banner')).toBe(0);
    expect(countTestId(plainHtml, 'order-fee-payable')).toBe(0);
  });
});

describe('the screen pop', () => {
  it('carries the caller’s tags to the ringing call, shown before answering', async () => {
    const engine = new FakeEngine();
    const bridge = new FakeBridge()
      .handle('softphone.account', () => SIP_ACCOUNT)
      .handle('customers.screenPop', () => ({ phone: '+8613800138000', card: tagged() }));
    const softphone = createSoftphoneStore(bridge, { createEngine: () => engine, qualityIntervalMs: 0 });
    await softphone.getState().start();
    engine.registration('registered');
    await softphone.getState().setAgentState('ready');
    engine.incoming('13800138000');
    await flush();
    expect(softphone.getState().call).toMatchObject({ customerId: CUSTOMER_ID, customerTags: ['prefers_evenings', 'elderly'] });

    const stores = createAppStores(new FakeBridge(), { createPhoneEngine: () => new FakeEngine() });
    stores.session.setState({ phase: 'logged_in', session: session() });
    stores.softphone.setState({ setup: 'started', user: '1001', agentState: 'ready', call: softphone.getState().call });
    expect(chipsOf(renderApp(stores), 'incoming-call-tags')).toEqual([['elderly', '老年客户'], ['prefers_evenings', '偏好晚间联系']]);
  });
});

describe('tags in the customer forms', () => {
  it('are ticked and unticked in the draft, sent only when changed, as a list in the vocabulary’s order', () => {
    const original = draftOf(tagged().customer);
    expect(original.tags).toBe('elderly,prefers_evenings');
    const ticked = withField(original, 'tags', toggledTags(original, 'repeat_complainer'));
    expect(draftTags(ticked)).toEqual(['repeat_complainer', 'elderly', 'prefers_evenings']);
    expect(changesBetween(original, ticked)).toEqual({ tags: ['repeat_complainer', 'elderly', 'prefers_evenings'] });
    const unticked = withField(original, 'tags', toggledTags({ tags: toggledTags(original, 'elderly') }, 'prefers_evenings'));
    expect(changesBetween(original, unticked)).toEqual({ tags: [] });
    // An address edit sends the address alone: the tags are not in the change.
    expect(changesBetween(original, withField(original, 'address', '朝阳区建国路 1 号'))).toEqual({ address: '朝阳区建国路 1 号' });
    expect(toNewCustomer(ticked).tags).toEqual(['repeat_complainer', 'elderly', 'prefers_evenings']);
  });

  it('are ticks in the edit form, the others disabled once eight are ticked', () => {
    const stores = withCard(tagged({ tags: ['repeat_complainer', 'elderly', 'prefers_evenings', 'prefers_weekends', 'hearing_impaired', 'speaks_dialect', 'media_sensitive', 'business_customer'] }));
    stores.editCustomer.getState().start(stores.card.getState().card!.customer);
    const html = renderApp(stores);
    const ticks = [...html.matchAll(/<input type="checkbox" data-testid="field-tag-(\w+)"[^>]*>/g)].map((m) => [m[1], /checked=""/.test(m[0]), /disabled=""/.test(m[0])]);
    expect(ticks).toEqual([
      ['repeat_complainer', true, false],
      ['elderly', true, false],
      ['prefers_evenings', true, false],
      ['prefers_weekends', true, false],
      ['hearing_impaired', true, false],
      ['speaks_dialect', true, false],
      ['media_sensitive', true, false],
      ['business_customer', true, false],
      ['pet_at_home', false, true],
    ]);
    expect(html).toContain('空格键勾选，最多 8 个');
  });
});

describe('a conflict on the tags', () => {
  it('shows both lists in words, never as JSON', () => {
    const stores = withCard(tagged());
    stores.sync.setState({ status: syncStatus() });
    stores.syncProblems.setState({ loaded: true, panelOpen: true, deadLetters: [], conflicts: [conflict({ field: 'tags', mine: ['elderly', 'hearing_impaired'], theirs: [] })] });
    const html = renderApp(stores);
    const cell = (testId: string) => new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1];
    expect(cell('conflict-field')).toBe('客户标签');
    expect(cell('conflict-mine')).toBe('老年客户、听力障碍');
    expect(cell('conflict-theirs')).toBe('（空）');
  });
});
