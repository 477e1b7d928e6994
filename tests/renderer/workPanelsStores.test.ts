import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import type { CampaignTarget } from '../../shared/domain/campaign.js';
import type { PartsRequest } from '../../shared/domain/partsRequest.js';
import { WorkstationError, type CustomerCard } from '../../shared/workstationApi.js';
import { deferred, FakeBridge, flush } from './fakeBridge.js';
import { card, CUSTOMER_ID, CUSTOMER_ID_2, order, product, PRODUCT_ID, PRODUCT_ID_2, rowsChanged } from './fixtures.js';
import { article, ARTICLE_ID, campaign, CAMPAIGN_ID, partsRequest, targets } from './workFixtures.js';

const ORDER = order({ id: '20000000-0000-4000-8000-000000000002', orderNumber: 'BJ01-07-20261120-0002', status: 'in_service', productId: PRODUCT_ID_2 });

/** A card with an air conditioner, and a washing machine under repair (the open order's product). */
const cardWithOrder = (): CustomerCard => ({
  ...card(),
  products: [product(), product({ id: PRODUCT_ID_2, serialNumber: 'WM2025BJ000001', category: 'washing_machine' })],
  orders: [ORDER],
});

describe('knowledge panel store', () => {
  it('opens on every article, the open order’s product category and the screen’s language first; searches as the agent types and drops stale answers', async () => {
    const answers = new Map<string, ReturnType<typeof deferred<ReturnType<typeof article>[]>>>();
    const bridge = new FakeBridge({
      'customers.card': () => cardWithOrder(),
      'knowledge.search': ({ query }) => {
        const d = deferred<ReturnType<typeof article>[]>();
        answers.set(query ?? '', d);
        return d.promise;
      },
      'knowledge.get': ({ articleId }) => (articleId === ARTICLE_ID ? article({ body: '全文' }) : null),
    });
    const s = createAppStores(bridge);
    await s.card.getState().open(CUSTOMER_ID);
    const opening = s.knowledge.getState().openPanel();
    expect(s.knowledge.getState()).toMatchObject({ panelOpen: true, category: null, preferredCategory: 'washing_machine' });
    expect(bridge.callsOf('knowledge.search')).toEqual([{ query: '', category: null, preferCategory: 'washing_machine', language: 'zh-CN', limit: 50 }]);
    answers.get('')!.resolve([]);
    await opening;

    const first = s.knowledge.getState().setQuery('不');
    const second = s.knowledge.getState().setQuery('不制冷');
    answers.get('不制冷')!.resolve([article(), article({ id: '50000000-0000-4000-8000-000000000002', title: '第二篇' })]);
    await second;
    answers.get('不')!.resolve([article({ title: '过期的答案' })]);
    await first;
    expect(s.knowledge.getState().results.map((a) => a.title)).toEqual(['空调不制冷的排查话术', '第二篇']);

    s.knowledge.getState().move(1);
    s.knowledge.getState().move(1);
    expect(s.knowledge.getState().selected).toBe(1);
    s.knowledge.getState().move(-5);
    await s.knowledge.getState().openArticle();
    expect(s.knowledge.getState().article).toMatchObject({ id: ARTICLE_ID, body: '全文' });
    s.knowledge.getState().backToList();
    const narrowed = s.knowledge.getState().setCategory('air_conditioner');
    expect(bridge.callsOf('knowledge.search').at(-1)).toEqual({ query: '不制冷', category: 'air_conditioner', preferCategory: 'washing_machine', language: 'zh-CN', limit: 50 });
    answers.get('不制冷')!.resolve([article()]);
    await narrowed;
    // The chip removed: nothing ranks first by category any more.
    const unpreferred = s.knowledge.getState().clearPreferredCategory();
    expect(bridge.callsOf('knowledge.search').at(-1)).toEqual({ query: '不制冷', category: 'air_conditioner', preferCategory: null, language: 'zh-CN', limit: 50 });
    answers.get('不制冷')!.resolve([article()]);
    await unpreferred;
    expect(s.knowledge.getState()).toMatchObject({ phase: 'loaded', category: 'air_conditioner', preferredCategory: null });
  });

  it('with no card open, opens on every category', async () => {
    const bridge = new FakeBridge({ 'knowledge.search': () => [article()] });
    const s = createAppStores(bridge);
    await s.knowledge.getState().openPanel();
    expect(s.knowledge.getState()).toMatchObject({ category: null, preferredCategory: null, phase: 'loaded' });
    s.knowledge.getState().closePanel();
    expect(s.knowledge.getState().panelOpen).toBe(false);
  });
});

describe('parts requests store', () => {
  it('names each bad field before calling the seat, then lists the new request first', async () => {
    let made: PartsRequest[] = [partsRequest({ id: '70000000-0000-4000-8000-000000000009', status: 'shipped', version: 4 })];
    const bridge = new FakeBridge({
      'partsRequests.ofOrder': () => made,
      'partsRequests.create': (input) => {
        const r = partsRequest({ partNumber: input.partNumber.toUpperCase(), quantity: input.quantity });
        made = [r, ...made];
        return r;
      },
    });
    const s = createAppStores(bridge);
    await s.partsRequests.getState().open(ORDER);
    expect(s.partsRequests.getState().requests.map((r) => r.status)).toEqual(['shipped']);

    s.partsRequests.getState().set({ partNumber: 'x', quantity: '100' });
    expect(await s.partsRequests.getState().submit()).toBeNull();
    expect(Object.keys(s.partsRequests.getState().fieldErrors).sort()).toEqual(['partNumber', 'quantity']);
    expect(bridge.callsOf('partsRequests.create')).toEqual([]);

    s.partsRequests.getState().set({ quantity: '2' });
    expect(Object.keys(s.partsRequests.getState().fieldErrors)).toEqual(['partNumber']);
    s.partsRequests.getState().set({ partNumber: 'ac-cmp-0101' });
    const request = await s.partsRequests.getState().submit();
    expect(bridge.callsOf('partsRequests.create')).toEqual([{ orderId: ORDER.id, partNumber: 'ac-cmp-0101', quantity: 2, note: '' }]);
    expect(request).toMatchObject({ partNumber: 'AC-CMP-0101', quantity: 2 });
    expect(s.partsRequests.getState()).toMatchObject({ partNumber: '', quantity: '1', fieldErrors: {} });
    expect(s.partsRequests.getState().requests[0]?.partNumber).toBe('AC-CMP-0101');
  });

  it('puts the seat’s refusal on the field it names, and other refusals on the form', async () => {
    const bridge = new FakeBridge({ 'partsRequests.ofOrder': () => [] });
    const s = createAppStores(bridge);
    await s.partsRequests.getState().open(ORDER);
    s.partsRequests.getState().set({ partNumber: 'AC-CMP-0101' });
    bridge.handle('partsRequests.create', () => {
      throw new WorkstationError('bad_input', 'quantity: quantity is at most 99', [{ path: ['quantity'], message: 'quantity is at most 99' }]);
    });
    await s.partsRequests.getState().submit();
    expect(s.partsRequests.getState().fieldErrors.quantity).toBeDefined();
    bridge.handle('partsRequests.create', () => {
      throw new WorkstationError('invalid_transition', 'order BJ01 is closed: parts can no longer be requested for it');
    });
    await s.partsRequests.getState().submit();
    expect(s.partsRequests.getState().error).toMatchObject({ code: 'invalid_transition' });
  });
});

describe('campaigns store', () => {
  function campaignSeat() {
    let list = targets();
    const cards = new Map([
      [CUSTOMER_ID, card()],
      [CUSTOMER_ID_2, card(CUSTOMER_ID_2)],
    ]);
    const bridge = new FakeBridge({
      'campaigns.list': () => [campaign()],
      'customers.card': ({ customerId }) => cards.get(customerId) ?? null,
      'campaigns.nextTarget': ({ afterPosition = -1 }) => {
        const target = list.find((t) => t.status === 'pending' && t.position > afterPosition);
        return target ? { campaign: campaign(), target, customer: cards.get(target.customerId)!.customer } : null;
      },
      'campaigns.recordOutcome': ({ targetId, status, notes = '' }) => {
        list = list.map((t): CampaignTarget => (t.id === targetId ? { ...t, status, outcomeNotes: notes } : t));
        return list.find((t) => t.id === targetId)!;
      },
    });
    return { bridge, list: () => list };
  }

  it('previews the next target (its card opens), records outcomes, skips, and starts another pass', async () => {
    const { bridge, list } = campaignSeat();
    const s = createAppStores(bridge);
    await s.campaigns.getState().openPanel();
    expect(s.campaigns.getState().campaigns[0]?.progress).toEqual({ pending: 2, done: 1, no_answer: 0, refused: 0, call_back: 0 });
    await s.campaigns.getState().start();
    await flush();
    expect(s.campaigns.getState().call?.target.position).toBe(1);
    expect(s.card.getState()).toMatchObject({ customerId: CUSTOMER_ID, phase: 'loaded' });

    await s.campaigns.getState().skip();
    await flush();
    expect(s.campaigns.getState().call?.target.position).toBe(2);
    expect(s.card.getState().customerId).toBe(CUSTOMER_ID_2);

    s.campaigns.getState().setOutcome('refused');
    s.campaigns.getState().setNotes('不需要');
    await s.campaigns.getState().record();
    expect(bridge.callsOf('campaigns.recordOutcome')).toEqual([{ targetId: list()[1]!.id, status: 'refused', notes: '不需要', callBackAt: null }]);
    expect(s.campaigns.getState()).toMatchObject({ call: null, skippedAny: true });

    await s.campaigns.getState().startOver();
    expect(s.campaigns.getState().call?.target.position).toBe(1);
    expect(s.campaigns.getState().outcome).toBe('done');
    await s.campaigns.getState().record();
    expect(list().map((t) => t.status)).toEqual(['done', 'refused']);
    expect(s.campaigns.getState().call).toBeNull();
    expect(bridge.callsOf('campaigns.nextTarget').map((i) => (i as { afterPosition: number }).afterPosition)).toEqual([-1, 1, 2, -1, 1]);
  });

  it('records a call back with the time picked (local time to an instant), and opens a target from My work', async () => {
    const { bridge, list } = campaignSeat();
    bridge.handle('campaigns.target', ({ targetId }) => ({ campaign: campaign(), target: list().find((t) => t.id === targetId)!, customer: null }));
    const s = createAppStores(bridge);
    await s.campaigns.getState().start(CAMPAIGN_ID);
    s.campaigns.getState().setOutcome('call_back');
    s.campaigns.getState().setCallBackAt('2026-12-08T20:30');
    await s.campaigns.getState().record();
    expect(bridge.callsOf('campaigns.recordOutcome')).toEqual([{ targetId: list()[0]!.id, status: 'call_back', notes: '', callBackAt: new Date('2026-12-08T20:30').toISOString() }]);
    // From My work's row: the panel opens at that very target.
    s.campaigns.getState().closePanel();
    await s.campaigns.getState().openTarget(list()[1]!.id);
    expect(s.campaigns.getState()).toMatchObject({ panelOpen: true, campaignId: CAMPAIGN_ID, call: { target: { id: list()[1]!.id } } });
  });

  it('shows a refused outcome and keeps the target', async () => {
    const { bridge } = campaignSeat();
    bridge.handle('campaigns.recordOutcome', () => {
      throw new WorkstationError('invalid_transition', 'this target is already done: its outcome is final');
    });
    const s = createAppStores(bridge);
    await s.campaigns.getState().start(CAMPAIGN_ID);
    expect(await s.campaigns.getState().record()).toBeNull();
    expect(s.campaigns.getState()).toMatchObject({ callError: { code: 'invalid_transition' }, pending: false });
    expect(s.campaigns.getState().call?.target.position).toBe(1);
  });
});

describe('new product store', () => {
  it('names bad fields without calling the seat; once saved, shows the warranty and reloads the card', async () => {
    const bridge = new FakeBridge({
      'customers.card': () => card(),
      'products.create': (input) => {
        bridge.emit('data.changed', rowsChanged({ entity: 'product', ids: [PRODUCT_ID], customerIds: [input.customerId] }));
        return product({ serialNumber: input.serialNumber.toUpperCase(), model: input.model, category: input.category, purchaseDate: input.purchaseDate, warranty: { status: 'out_of_warranty', expiresOn: '2020-03-10' } });
      },
    });
    const s = createAppStores(bridge);
    await s.card.getState().open(CUSTOMER_ID);
    s.newProduct.getState().start(CUSTOMER_ID);
    s.newProduct.getState().set({ serialNumber: 'mw2019', purchaseDate: '2019-13-40' });
    expect(await s.newProduct.getState().submit()).toBeNull();
    expect(Object.keys(s.newProduct.getState().fieldErrors).sort()).toEqual(['model', 'purchaseDate']);
    expect(bridge.callsOf('products.create')).toEqual([]);

    s.newProduct.getState().set({ model: 'M1-L213B', category: 'microwave', purchaseDate: '2019-03-10' });
    const cardLoads = bridge.callsOf('customers.card').length;
    await s.newProduct.getState().submit();
    expect(bridge.callsOf('products.create')).toEqual([{ customerId: CUSTOMER_ID, serialNumber: 'mw2019', model: 'M1-L213B', category: 'microwave', purchaseDate: '2019-03-10' }]);
    expect(s.newProduct.getState().saved).toMatchObject({ serialNumber: 'MW2019', warranty: { status: 'out_of_warranty' } });
    expect(s.newProduct.getState()).toMatchObject({ customerId: CUSTOMER_ID, serialNumber: '' });
    expect(bridge.callsOf('customers.card').length).toBe(cardLoads + 1);

    bridge.handle('products.create', () => {
      throw new WorkstationError('bad_input', 'serialNumber: serial number MW2019 is already registered');
    });
    s.newProduct.getState().set({ serialNumber: 'MW2019', model: 'X', purchaseDate: '2019-03-10' });
    await s.newProduct.getState().submit();
    expect(s.newProduct.getState().fieldErrors.serialNumber?.message).toContain('already registered');
  });
});
