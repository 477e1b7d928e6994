import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationService } from '../../main/services/workstationService.js';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { DEMO_AGENT } from '../support/demo.js';
import { startFaultyProxy, type FaultyProxy } from '../support/faultyProxy.js';
import { seatClient, type SeatClient } from '../support/seatClient.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Registering a service request with the link down (docs/architecture.md §1, step 2): the duplicate check
 * and the outlet suggestion both answer from the seat's cache.
 */
const tmp = makeTempDir('order-intake');
let backend: RunningBackend;
let link: FaultyProxy;
let service: WorkstationService;
let seat: SeatClient;

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 120 });
  link = await startFaultyProxy(new URL(backend.url), { drop: 0, delay: 0, delayMs: [0, 0], cutResponse: 0 });
  service = new WorkstationService({
    config: { ...DEFAULT_SEAT_CONFIG, backendUrl: link.url, dataDir: path.join(tmp.dir, 'seat'), syncIntervalMs: 60_000 },
    host: 'browser-seat',
    appVersion: 'test',
  });
  seat = seatClient(service);
  await seat.session.login({ login: DEMO_AGENT.login, password: DEMO_PASSWORD });
  await seat.sync.now();
  link.setDown(true);
});
afterAll(async () => {
  service?.close();
  await link?.close();
  await backend?.stop();
  tmp.cleanup();
});

describe('order intake offline', () => {
  it('shows the open order for the same unit before a second one is made', async () => {
    const customerId = backend.sampleCustomer.id;
    const card = (await seat.customers.card({ customerId }))!;
    const product = card.products.find((p) => p.serialNumber === backend.sampleCustomer.serialNumber)!;
    // The demo may already have open orders for this unit: the agent says why a new one is needed.
    const first = await seat.orders.create({ customerId, productId: product.id, type: 'repair', fault: '噪音大', feeEstimate: 150, duplicateReason: '客户再次来电' });
    const warned = await seat.orders.duplicateCheck({ customerId, productId: product.id, type: 'repair' });
    expect(warned.find((d) => d.order.id === first.id)?.reason).toBe('same_serial_number');
    expect(await seat.orders.duplicateCheck({ customerId, productId: null, type: 'repair' })).toEqual([]);
    await expect(seat.orders.duplicateCheck({ customerId, productId: '4f1c2a8e-0d5b-4c39-9a53-2f7e8b6d1c00', type: 'repair' })).rejects.toMatchObject({ code: 'bad_input' });
    await seat.orders.changeStatus({ orderId: first.id, status: 'cancelled', cancelReason: '客户已自行解决' });
    const afterCancel = await seat.orders.duplicateCheck({ customerId, productId: product.id, type: 'repair' });
    expect(afterCancel.some((d) => d.order.id === first.id)).toBe(false);
  });

  it('makes a repair only with its product, out of warranty only with the fee consent, a duplicate only with a reason; cancels only with a reason (offline)', async () => {
    const customerId = backend.sampleCustomer.id;
    await expect(seat.orders.create({ customerId, productId: null, type: 'repair', fault: '不制冷' })).rejects.toMatchObject({
      code: 'details_required',
      details: { code: 'order_product_required', field: 'productId' },
    });
    const old = await seat.products.create({ customerId, serialNumber: 'MW1801B9990001', model: 'M1-L213B', category: 'microwave', purchaseDate: '2018-01-10' });
    expect(old.warranty.status).toBe('out_of_warranty');
    await expect(seat.orders.create({ customerId, productId: old.id, type: 'repair', fault: '不加热' })).rejects.toMatchObject({
      code: 'details_required',
      details: { code: 'order_fee_consent_required', field: 'feeConsent' },
    });
    const first = await seat.orders.create({ customerId, productId: old.id, type: 'repair', fault: '不加热', feeEstimate: 180 });
    expect(first).toMatchObject({ warranty: { status: 'out_of_warranty' }, feeConsent: { estimate: 180 }, duplicateReason: null });

    await expect(seat.orders.create({ customerId, productId: old.id, type: 'repair', fault: '不加热', feeEstimate: 180 })).rejects.toMatchObject({
      code: 'details_required',
      details: { code: 'order_duplicate_reason_required', field: 'duplicateReason', params: { orderNumbers: [first.orderNumber] } },
    });
    const second = await seat.orders.create({ customerId, productId: old.id, type: 'repair', fault: '不加热', feeEstimate: 180, duplicateReason: '上次报修后转盘也坏了' });
    expect(second.duplicateReason).toBe('上次报修后转盘也坏了');

    await expect(seat.orders.changeStatus({ orderId: second.id, status: 'cancelled' })).rejects.toMatchObject({ code: 'details_required', details: { code: 'order_cancel_reason_required' } });
    expect(await seat.orders.changeStatus({ orderId: second.id, status: 'cancelled', cancelReason: '与上一单合并' })).toMatchObject({ status: 'cancelled', cancelReason: '与上一单合并' });
  });

  it('suggests outlets serving the customer and the category, least loaded first among equals', async () => {
    const customerId = backend.sampleCustomer.id;
    const suggested = await seat.outlets.suggest({ customerId, category: 'tv' });
    expect(suggested.length).toBeGreaterThan(0);
    expect(suggested.every((o) => o.categories.includes('tv'))).toBe(true);
    const provinceWide = suggested.filter((o) => o.regionCodes.every((code) => code.endsWith('0000'))).map((o) => o.load);
    expect(provinceWide).toEqual([...provinceWide].sort((x, y) => x - y));
    await expect(seat.outlets.suggest({ customerId: '4f1c2a8e-0d5b-4c39-9a53-2f7e8b6d1c00', category: 'tv' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
