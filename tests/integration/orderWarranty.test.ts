import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationService } from '../../main/services/workstationService.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { localToday, warrantyStatus } from '../../shared/domain/warranty.js';
import type { CallResult } from '../../shared/rawBridge.js';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import type { CustomerCard } from '../../shared/workstationApi.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The warranty decision travels as a field of the order: decided on the seat that makes the
 * order, stored by the backend (which decides it again from its product), pulled by another seat.
 */
const tmp = makeTempDir('order-warranty');
let backend: RunningBackend;
const seats: WorkstationService[] = [];

function ok<T>(result: CallResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as T;
}

async function seatOf(login: string): Promise<WorkstationService> {
  const seat = new WorkstationService({
    config: { ...DEFAULT_SEAT_CONFIG, backendUrl: backend.url, dataDir: path.join(tmp.dir, login), syncIntervalMs: 60_000 },
    host: 'browser-seat',
    appVersion: 'test',
  });
  seats.push(seat);
  ok(await seat.dispatch('session.login', { login, password: DEMO_PASSWORD }));
  ok(await seat.dispatch('sync.now', {}));
  return seat;
}

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 60 });
});
afterAll(async () => {
  for (const seat of seats) seat.close();
  await backend?.stop();
  tmp.cleanup();
});

describe('the warranty decision of a service order', () => {
  it('is set when the order is made, kept by the backend and pulled by another seat; none without a product', async () => {
    const [maker, other] = [await seatOf('bj.agent1'), await seatOf('bj.agent2')];
    const customerId = backend.sampleCustomer.id;
    const card = ok<CustomerCard>(await maker.dispatch('customers.card', { customerId }));
    const product = card.products.find((p) => p.serialNumber === backend.sampleCustomer.serialNumber)!;
    // Out of warranty the customer agrees to the estimate (the demo may already have an open order for the unit).
    const order = ok<ServiceOrder>(await maker.dispatch('orders.create', { customerId, productId: product.id, type: 'repair', fault: '不制冷', feeEstimate: 150, duplicateReason: '客户再次来电' }));
    const expected = {
      status: warrantyStatus(product.purchaseDate, product.warrantyMonths, localToday()).status,
      purchaseDate: product.purchaseDate,
      warrantyMonths: product.warrantyMonths,
      serialNumber: product.serialNumber,
      expiresOn: product.warranty.expiresOn,
    };
    expect(order.warranty).toMatchObject(expected);
    const inquiry = ok<ServiceOrder>(await maker.dispatch('orders.create', { customerId, productId: null, type: 'inquiry', fault: '咨询' }));
    expect(inquiry.warranty).toBeNull();

    ok(await maker.dispatch('sync.now', {}));
    const db = new Database(backend.dbFile, { readonly: true });
    const stored = { warranty: JSON.parse((db.prepare('SELECT warranty FROM service_orders WHERE id = ?').get(order.id) as { warranty: string }).warranty) as unknown };
    db.close();
    expect(stored.warranty).toMatchObject(expected);

    ok(await other.dispatch('sync.now', {}));
    const pulled = ok<CustomerCard>(await other.dispatch('customers.card', { customerId })).orders;
    expect(pulled.find((o) => o.id === order.id)?.warranty).toEqual(stored.warranty);
    expect(pulled.find((o) => o.id === inquiry.id)?.warranty).toBeNull();
  });
});
