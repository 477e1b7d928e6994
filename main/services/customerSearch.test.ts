import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../shared/api/rest.js';
import { workstationMethods } from '../../shared/workstationApi.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { CustomerLookup } from './customerLookup.js';
import { LocalCache } from './localCache/localCache.js';

/**
 * The agent's free search finds customers by what agents type or read out (issue 10, bug 7):
 * order numbers whole or in part (this seat's offline ones too), serial tails and model numbers,
 * the exact match first, and a serial's tail before phone numbers that merely contain its digits.
 */
const tmp = makeTempDir('customer-search');
afterAll(tmp.cleanup);

const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const agentId = '1b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const ts = '2026-11-01T08:00:00.000Z';
const uuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const customerId = (n: number) => uuid('c1b2c3d4', n);

/** 40 customers whose numbers all hold "138" (13800138…), one TV with the serial ending 0000138, orders. */
function seeded(name: string): LocalCache {
  const cache = LocalCache.open(path.join(tmp.dir, `${name}.db`));
  const changes: SyncChange[] = [];
  let seq = 0;
  for (let n = 1; n <= 40; n++) {
    changes.push({
      seq: ++seq, entity: 'customer',
      row: { id: customerId(n), branchId, name: `客户${n}`, phone: `+86138001380${String(n).padStart(2, '0')}`, altPhone: null, vipTier: 'none', province: '北京', city: '北京', provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: [],address: `朝阳区建国路${n}号`, createdAt: ts, updatedAt: ts, version: seq, deleted: false },
    });
  }
  changes.push({
    seq: ++seq, entity: 'product',
    row: { id: uuid('a1b2c3d4', 1), customerId: customerId(7), branchId, serialNumber: 'TV2207K0000138', model: '55E3F-PRO', category: 'tv', purchaseDate: '2022-07-01', warrantyMonths: 36, version: seq, deleted: false },
  });
  changes.push({
    seq: ++seq, entity: 'product',
    row: { id: uuid('a1b2c3d4', 2), customerId: customerId(9), branchId, serialNumber: 'AC2309K0012345', model: 'KFR-35GW/BP3DN8Y', category: 'air_conditioner', purchaseDate: '2023-09-12', warrantyMonths: 72, version: seq, deleted: false },
  });
  // An order number ending in 0138, like the TV's serial.
  changes.push({
    seq: ++seq, entity: 'serviceOrder',
    row: { id: uuid('b1b2c3d4', 1), orderNumber: 'BJ01-01-20261101-0138', customerId: customerId(12), productId: null, branchId, type: 'inquiry', status: 'new', fault: '咨询', ownerAgentId: agentId, createdAt: ts, updatedAt: ts, outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, warranty: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null, version: seq, deleted: false },
  });
  cache.applyPulledPage(changes, seq, ts);
  return cache;
}

describe('search by what agents type', () => {
  it('a serial tail ("0000138") finds the product’s owner first, before the 40 numbers holding 138', () => {
    const cache = seeded('serial-tail');
    const results = new CustomerLookup(cache, () => '2026-11-23').search('0000138', 20);
    expect(results[0]).toMatchObject({ id: customerId(7), matchedOn: 'serial' });
    expect(workstationMethods['customers.search'].output.parse(results)).toEqual(results);
    cache.close();
  });

  it('a whole phone number finds its customer only', () => {
    const cache = seeded('exact-phone');
    const results = new CustomerLookup(cache, () => '2026-11-23').search('13800138012', 20);
    expect(results.map((r) => [r.id, r.matchedOn])).toEqual([[customerId(12), 'phone']]);
    cache.close();
  });

  it('an order number finds its customer, whole or by its tail; an exact one before tails of others', () => {
    const cache = seeded('order-number');
    const lookup = new CustomerLookup(cache, () => '2026-11-23');
    // An order written on this seat while offline, numbered by the seat.
    cache.recordLocalChange(
      {
        entity: 'serviceOrder', entityId: uuid('b1b2c3d4', 2), op: 'create',
        patch: { orderNumber: 'BJ01-07-20261123-0042', customerId: customerId(3), productId: null, branchId, type: 'repair', status: 'new', fault: '不制冷', ownerAgentId: agentId, createdAt: ts, updatedAt: ts, outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, warranty: null },
      },
      ts,
    );
    expect(lookup.search('BJ01-07-20261123-0042', 10).map((r) => [r.id, r.matchedOn])).toEqual([[customerId(3), 'order']]);
    expect(lookup.search('bj01-07-20261123-0042', 10).map((r) => r.id)).toEqual([customerId(3)]);
    expect(lookup.search('20261123-0042', 10).map((r) => [r.id, r.matchedOn])).toEqual([[customerId(3), 'order']]);
    expect(lookup.search('0042', 10)[0]).toMatchObject({ id: customerId(3), matchedOn: 'order' });
    // "0138" ends an order number and a serial: the order's tail, then the serial's, before phone numbers holding 0138.
    expect(lookup.search('0138', 50).slice(0, 2).map((r) => [r.id, r.matchedOn])).toEqual([[customerId(12), 'order'], [customerId(7), 'serial']]);
    cache.close();
  });

  it('a model number, whole or in part, finds the product’s owner', () => {
    const cache = seeded('model');
    const lookup = new CustomerLookup(cache, () => '2026-11-23');
    expect(lookup.search('KFR-35GW/BP3DN8Y', 10).map((r) => [r.id, r.matchedOn])).toEqual([[customerId(9), 'model']]);
    expect(lookup.search('kfr-35gw', 10).map((r) => [r.id, r.matchedOn])).toEqual([[customerId(9), 'model']]);
    expect(lookup.search('55E3F', 10).map((r) => [r.id, r.matchedOn])).toEqual([[customerId(7), 'model']]);
    cache.close();
  });

  it('an exact serial number comes before serials that merely contain it', () => {
    const cache = seeded('exact-serial');
    cache.applyPulledPage(
      [{ seq: 100, entity: 'product', row: { id: uuid('a1b2c3d4', 3), customerId: customerId(20), branchId, serialNumber: 'XTV2207K0000138', model: 'X', category: 'tv', purchaseDate: '2022-07-01', warrantyMonths: 36, version: 100, deleted: false } }],
      100,
      ts,
    );
    const lookup = new CustomerLookup(cache, () => '2026-11-23');
    expect(lookup.search('TV2207K0000138', 10).map((r) => r.id)).toEqual([customerId(7), customerId(20)]);
    cache.close();
  });
});
