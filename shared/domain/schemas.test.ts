import { describe, expect, it } from 'vitest';
import { describeIssues } from '../workstationApi.js';
import { Customer, NewCustomer } from './customer.js';
import { Product } from './product.js';
import { ServiceOrder } from './serviceOrder.js';
import { SeatConfig } from '../seatConfig.js';
import { isCalendarDay } from './syncedRow.js';

const id = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';

function issuesOf(result: { success: boolean; error?: { issues: unknown[] } }): string {
  if (result.success) throw new Error('expected the schema to reject the input');
  return describeIssues(result.error as Parameters<typeof describeIssues>[0]);
}

describe('shared schemas reject bad input, naming the field', () => {
  const customer = {
    id, branchId, name: '王芳', phone: '+8613800138000', altPhone: null, vipTier: 'gold',
    province: '北京市', city: '北京市', provinceCode: '110000', cityCode: '110100', districtCode: '110108', address: '海淀区中关村大街 27 号', samePhoneReason: null, tags: ['elderly'], createdAt: '2026-11-01T08:00:00.000Z',
    updatedAt: '2026-11-01T08:00:00.000Z', version: 3, deleted: false,
  };

  it('accepts a valid customer', () => {
    expect(Customer.parse(customer)).toEqual(customer);
  });
  it('names a non-canonical phone', () => {
    expect(issuesOf(Customer.safeParse({ ...customer, phone: '138 0013 8000' }))).toMatch(/^phone: .*canonical/);
  });
  it('names an empty name and a bad VIP tier together', () => {
    const text = issuesOf(Customer.safeParse({ ...customer, name: ' ', vipTier: 'diamond' }));
    expect(text).toMatch(/name: name is required/);
    expect(text).toMatch(/vipTier: /);
  });
  it('normalises the phone of a new customer typed in any format', () => {
    const parsed = NewCustomer.parse({ name: '李雷', phone: '+86 138 0013 8000', province: '广东', city: '深圳', address: '南山区科技园' });
    expect(parsed.phone).toBe('+8613800138000');
    expect(parsed.vipTier).toBe('none');
  });
  it('rejects a new customer with an invalid phone, naming phone', () => {
    expect(issuesOf(NewCustomer.safeParse({ name: '李雷', phone: '12345', province: '广东', city: '深圳', address: 'x' }))).toMatch(/^phone: not a valid phone number/);
  });

  const product = {
    id, customerId: id, branchId, serialNumber: 'AC2309K0012345', model: 'KFR-35GW/BP3DN8Y', category: 'air_conditioner',
    purchaseDate: '2023-09-12', warrantyMonths: 72, version: 1, deleted: false,
  };
  it('accepts a valid product and rejects impossible dates and odd serials', () => {
    expect(Product.parse(product)).toEqual(product);
    expect(issuesOf(Product.safeParse({ ...product, purchaseDate: '2023-02-30' }))).toMatch(/^purchaseDate: not a real calendar date/);
    expect(issuesOf(Product.safeParse({ ...product, serialNumber: 'ac 23' }))).toMatch(/^serialNumber: /);
    expect(issuesOf(Product.safeParse({ ...product, category: 'car' }))).toMatch(/^category: /);
  });

  const order = {
    id, orderNumber: 'BJ01-07-20261123-0042', customerId: id, productId: null, branchId, type: 'repair', status: 'new',
    fault: '不制冷', ownerAgentId: id, createdAt: '2026-11-23T08:00:00+08:00', updatedAt: '2026-11-23T08:00:00+08:00', version: 0, deleted: false,
    warranty: null,
  };
  it('accepts a valid order and rejects a malformed order number or status', () => {
    // An order not yet dispatched: the dispatch and lifecycle fields default to null.
    expect(ServiceOrder.parse(order)).toEqual({ ...order, outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null });
    expect(issuesOf(ServiceOrder.safeParse({ ...order, orderNumber: '42' }))).toMatch(/^orderNumber: /);
    expect(issuesOf(ServiceOrder.safeParse({ ...order, status: 'done' }))).toMatch(/^status: /);
  });

  it('rejects a seat file with unknown or bad fields', () => {
    const good = { backendUrl: 'http://127.0.0.1:8787', seatCode: '07', dataDir: '/tmp/x', syncIntervalMs: 5000 };
    expect(SeatConfig.parse(good)).toEqual(good);
    expect(issuesOf(SeatConfig.safeParse({ ...good, seatCode: '7' }))).toMatch(/^seatCode: /);
    expect(issuesOf(SeatConfig.safeParse({ ...good, backendUrl: 'hq' }))).toMatch(/^backendUrl: /);
    expect(issuesOf(SeatConfig.safeParse({ ...good, extra: 1 }))).toMatch(/extra/);
  });
});

describe('calendar days', () => {
  it('accept exactly the days a calendar (the Date object) has, leap years included', () => {
    // Every day-of-month 00–32 of every month 00–13 over four centuries' worth of year kinds.
    for (const year of ['1900', '2000', '2023', '2024', '2100', '0000', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const d = new Date(`${text}T00:00:00Z`);
          const real = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
          expect(isCalendarDay(text), text).toBe(real);
        }
      }
    }
  });
});
