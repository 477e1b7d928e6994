import { describe, expect, it } from 'vitest';
import { createAppStores, type AppStores } from '../../renderer/src/app/stores.js';
import { FakeBridge } from './fakeBridge.js';
import { card, order, product, session } from './fixtures.js';
import { article, campaign, CAMPAIGN_ID, partsRequest, targets } from './workFixtures.js';
import { renderApp, countTestId } from './renderApp.js';


const ORDER = order({ id: '20000000-0000-4000-8000-000000000002', orderNumber: 'BJ01-07-20261120-0002', status: 'parts_pending' });

function workingStores(): AppStores {
  const s = createAppStores(new FakeBridge());
  s.session.setState({ phase: 'logged_in', session: session() });
  s.card.setState({ phase: 'loaded', customerId: card().customer.id, card: { ...card(), products: [product()], orders: [ORDER] } });
  s.partsRequests.setState({ order: ORDER, phase: 'loaded', requests: [partsRequest({ status: 'shipped' })], fieldErrors: { quantity: { kind: 'other', message: 'quantity is at most 99' } } });
  s.newProduct.setState({ customerId: card().customer.id, saved: product({ serialNumber: 'MW2019', warranty: { status: 'out_of_warranty', expiresOn: '2020-03-10' } }) });
  s.knowledge.setState({ panelOpen: true, phase: 'loaded', results: [article(), article({ id: '50000000-0000-4000-8000-000000000002', title: 'Washing machine error code E4', category: null })], selected: 1 });
  return s;
}

describe('work panels on screen', () => {
  for (const [language, words] of [
    ['zh-CN', { parts: '已发货', quantityRule: '数量为 1–99 的整数', warranty: '过保', knowledge: '知识库', general: '通用', kind: '送货确认', outcome: '无人接听' }],
    ['en', { parts: 'Shipped', quantityRule: 'The quantity is a whole number from 1 to 99', warranty: 'Out of warranty', knowledge: 'Knowledge base', general: 'General', kind: 'Delivery confirmation', outcome: 'No answer' }],
  ] as const) {
    it(`shows parts requests, the new product's warranty and the knowledge results (${language})`, () => {
      const html = renderApp(workingStores(), language);
      expect(countTestId(html, 'parts-requests-button')).toBe(1);
      expect(countTestId(html, 'parts-request-row')).toBe(1);
      expect(html).toContain(words.parts);
      expect(html).toMatch(new RegExp(`data-field="quantity"[^>]*>${words.quantityRule}`));
      expect(countTestId(html, 'parts-request-form')).toBe(1);
      expect(html).toMatch(/data-testid="new-product-saved"[^>]*data-warranty="out_of_warranty"/);
      expect(html).toContain(words.warranty);
      expect(countTestId(html, 'knowledge-panel')).toBe(1);
      expect(html).toContain(words.knowledge);
      expect(countTestId(html, 'knowledge-result')).toBe(2);
      expect(html).toMatch(/aria-selected="true"><button[^>]*data-article-id="50000000-0000-4000-8000-000000000002"/);
      expect(html).toContain(words.general);
    });

    it(`shows the campaign list with progress, then a target in preview with dial, outcomes and notes (${language})`, () => {
      const s = createAppStores(new FakeBridge());
      s.session.setState({ phase: 'logged_in', session: session() });
      s.campaigns.setState({ panelOpen: true, phase: 'loaded', campaigns: [campaign()] });
      let html = renderApp(s, language);
      expect(countTestId(html, 'campaign-entry')).toBe(1);
      expect(html).toContain(words.kind);
      expect(html).toMatch(/<progress max="3" value="1"/);

      const target = targets()[0]!;
      s.campaigns.setState({ campaignId: CAMPAIGN_ID, call: { campaign: campaign(), target, customer: card().customer } });
      html = renderApp(s, language);
      expect(countTestId(html, 'campaign-preview')).toBe(1);
      expect(html).toContain('张伟');
      expect(html).toMatch(/data-testid="click-to-dial"[^>]*data-phone="\+8613800138000"/);
      for (const o of ['done', 'no_answer', 'refused']) expect(countTestId(html, `campaign-outcome-${o}`)).toBe(1);
      expect(html).toContain(words.outcome);
      expect(countTestId(html, 'campaign-skip')).toBe(1);
      expect(countTestId(html, 'campaign-script')).toBe(1);
    });
  }

  it('shows no parts form for a closed order', () => {
    const s = workingStores();
    const closed = { ...ORDER, status: 'closed' as const };
    s.card.setState({ card: { ...card(), products: [], orders: [closed] } });
    s.partsRequests.setState({ order: closed });
    const html = renderApp(s, 'zh-CN');
    expect(countTestId(html, 'parts-requests-closed')).toBe(1);
    expect(countTestId(html, 'parts-request-form')).toBe(0);
  });
});
