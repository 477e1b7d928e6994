import { describe, expect, it } from 'vitest';
import { createAppStores, type AppStores } from '../../renderer/src/app/stores.js';
import { findDuplicateOrders } from '../../shared/domain/duplicateOrders.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { DuplicateOrder } from '../../shared/domain/duplicateOrders.js';
import { deferred, FakeBridge, flush } from './fakeBridge.js';
import { card, CUSTOMER_ID, CUSTOMER_ID_2, order, product, PRODUCT_ID, PRODUCT_ID_2, session } from './fixtures.js';
import { countTestId, renderApp } from './renderApp.js';

/**
 * The seat's cache as `orders.duplicateCheck` sees it: this customer's air conditioner, the same
 * unit (serial) registered under another customer, and orders around them. The fake answers with
 * the shared rule, as main/services/duplicateCheck.ts does.
 */
const SERIAL = 'AC2023BJ000123';
const PHONE = '+8613800138000';
const NOW = new Date('2026-11-23T06:00:00Z');
const OTHER_PRODUCT_ID = '10000000-0000-4000-8000-000000000003';

const products = new Map([
  [PRODUCT_ID, { customerId: CUSTOMER_ID, serialNumber: SERIAL, category: 'air_conditioner' as const }],
  [PRODUCT_ID_2, { customerId: CUSTOMER_ID, serialNumber: 'AC2024BJ000999', category: 'air_conditioner' as const }],
  [OTHER_PRODUCT_ID, { customerId: CUSTOMER_ID_2, serialNumber: SERIAL, category: 'air_conditioner' as const }],
]);
const phones = new Map([
  [CUSTOMER_ID, PHONE],
  [CUSTOMER_ID_2, '+8613900139000'],
]);

/** This customer's open installation of the unit: another type, so no duplicate of a repair. */
const INSTALLATION = order({ id: '20000000-0000-4000-8000-000000000001', orderNumber: 'BJ01-07-20261120-0001', type: 'installation', productId: PRODUCT_ID, status: 'dispatched', createdAt: '2026-11-20T02:00:00Z' });
/** A repair of the same unit under the other customer (it changed hands): same serial. */
const OTHER_CUSTOMERS_REPAIR = order({ id: '20000000-0000-4000-8000-000000000002', orderNumber: 'BJ01-07-20261121-0002', customerId: CUSTOMER_ID_2, productId: OTHER_PRODUCT_ID, status: 'new', createdAt: '2026-11-21T02:00:00Z' });
/** A repair of this customer's other air conditioner three days ago: same phone and category. */
const RECENT_SAME_CATEGORY = order({ id: '20000000-0000-4000-8000-000000000003', orderNumber: 'BJ01-07-20261120-0003', productId: PRODUCT_ID_2, status: 'in_service', createdAt: '2026-11-20T06:00:00Z' });
/** The same, but ten days ago: outside the seven days. */
const OLD_SAME_CATEGORY = order({ id: '20000000-0000-4000-8000-000000000004', orderNumber: 'BJ01-07-20261113-0004', productId: PRODUCT_ID_2, status: 'in_service', createdAt: '2026-11-13T06:00:00Z' });
const ORDERS: ServiceOrder[] = [INSTALLATION, OTHER_CUSTOMERS_REPAIR, RECENT_SAME_CATEGORY, OLD_SAME_CATEGORY];

function duplicateCheck({ customerId, productId, type }: { customerId: string; productId: string | null; type: ServiceOrder['type'] }): DuplicateOrder[] {
  const unit = productId ? products.get(productId) : undefined;
  if (!unit) return [];
  const existing = ORDERS.map((o) => {
    const p = o.productId ? products.get(o.productId) : undefined;
    return { order: o, serialNumber: p?.serialNumber ?? null, category: p?.category ?? null, phone: phones.get(o.customerId) ?? '' };
  });
  return findDuplicateOrders({ type, serialNumber: unit.serialNumber, category: unit.category, phone: phones.get(customerId) ?? '' }, existing, NOW);
}

function setup(bridge = new FakeBridge().handle('orders.duplicateCheck', duplicateCheck)): { stores: AppStores; bridge: FakeBridge } {
  const stores = createAppStores(bridge);
  stores.session.setState({ phase: 'logged_in', session: session() });
  const products = [product(), product({ id: PRODUCT_ID_2, serialNumber: 'AC2024BJ000999' })];
  stores.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: { ...card(), products, orders: [INSTALLATION, RECENT_SAME_CATEGORY, OLD_SAME_CATEGORY] } });
  return { stores, bridge };
}

const shown = (stores: AppStores) => stores.newOrder.getState().duplicates.map((d) => [d.order.orderNumber, d.reason]);

describe('the new-order form’s duplicate check', () => {
  it('asks the seat with the type and product chosen, and shows what the shared rule finds', async () => {
    const { stores, bridge } = setup();
    stores.newOrder.getState().start(CUSTOMER_ID, [PRODUCT_ID]);
    await flush();
    expect(bridge.callsOf('orders.duplicateCheck')).toEqual([{ customerId: CUSTOMER_ID, productId: PRODUCT_ID, type: 'repair' }]);
    // The same unit under another customer counts; this customer's installation (another type) does not.
    expect(shown(stores)).toEqual([
      ['BJ01-07-20261121-0002', 'same_serial_number'],
      ['BJ01-07-20261120-0003', 'same_phone_and_category'],
    ]);

    stores.newOrder.getState().set({ type: 'installation' });
    await flush();
    expect(shown(stores)).toEqual([['BJ01-07-20261120-0001', 'same_serial_number']]);

    stores.newOrder.getState().set({ type: 'repair', productId: '' });
    await flush();
    expect(bridge.callsOf('orders.duplicateCheck').at(-1)).toEqual({ customerId: CUSTOMER_ID, productId: null, type: 'repair' });
    expect(shown(stores)).toEqual([]);

    stores.newOrder.getState().set({ fault: 'noisy' });
    await flush();
    expect(bridge.callsOf('orders.duplicateCheck')).toHaveLength(3); // the fault does not change the answer
  });

  it('shows the matching orders, with why, in the form before saving (zh-CN and en)', async () => {
    const { stores } = setup();
    stores.newOrder.getState().start(CUSTOMER_ID, [PRODUCT_ID]);
    await flush();
    for (const [language, serial, phone] of [
      ['zh-CN', '同一序列号', '7 天内同一电话、同一品类'],
      ['en', 'same serial number', 'same phone and category within 7 days'],
    ] as const) {
      const html = renderApp(stores, language);
      const warning = /data-testid="order-duplicate-warning"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
      expect(countTestId(warning, 'order-duplicate')).toBe(2);
      expect(warning).toContain(`BJ01-07-20261121-0002 · ${language === 'en' ? 'Repair' : '维修'}`);
      expect(warning).toContain(serial);
      expect(warning).toContain('BJ01-07-20261120-0003');
      expect(warning).toContain(phone);
      // This customer's open installation of the same unit is another type: no duplicate of a repair.
      expect(warning).not.toContain('BJ01-07-20261120-0001');
      expect(warning).not.toContain('BJ01-07-20261113-0004');
    }
  });

  it('keeps only the answer for the latest choice, and forgets it when the form closes', async () => {
    const late = deferred<DuplicateOrder[]>();
    const bridge = new FakeBridge().handle('orders.duplicateCheck', (input) => (input.type === 'repair' ? late.promise : duplicateCheck(input)));
    const { stores } = setup(bridge);
    stores.newOrder.getState().start(CUSTOMER_ID, [PRODUCT_ID]);
    stores.newOrder.getState().set({ type: 'installation' });
    await flush();
    late.resolve(duplicateCheck({ customerId: CUSTOMER_ID, productId: PRODUCT_ID, type: 'repair' }));
    await flush();
    expect(shown(stores)).toEqual([['BJ01-07-20261120-0001', 'same_serial_number']]);
    stores.newOrder.getState().cancel();
    expect(shown(stores)).toEqual([]);
  });

  it('a failed check leaves the form usable with nothing shown', async () => {
    const { stores } = setup(new FakeBridge());
    stores.newOrder.getState().start(CUSTOMER_ID, [PRODUCT_ID]);
    await flush();
    expect(shown(stores)).toEqual([]);
    expect(stores.newOrder.getState().error).toBeNull();
  });
});
