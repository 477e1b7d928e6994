import crypto from 'node:crypto';
import type { NewProductParsed } from '../../shared/api/rest.js';
import { CATEGORY_WARRANTY_MONTHS, Product } from '../../shared/domain/product.js';
import { refusal } from '../../shared/domain/refusal.js';
import { localToday, warrantyStatus } from '../../shared/domain/warranty.js';
import { WorkstationError, type ProductWithWarranty } from '../../shared/workstationApi.js';
import { nowOf, recordLocalRow, type SeatChangeContext } from './recordLocalRow.js';

/**
 * Registers a unit in the install base at the seat (offline too), for a customer in the cache.
 * A serial number already in the cache is refused here; one registered elsewhere meanwhile is
 * refused by the server on push (the change then shows as a dead letter and is undone).
 */
export function registerProduct(ctx: SeatChangeContext, input: NewProductParsed): ProductWithWarranty {
  const { cache } = ctx;
  const customer = cache.customers.get(input.customerId);
  if (!customer) throw new WorkstationError('not_found', `customer ${input.customerId} is not in this seat's cache`);
  if (cache.products.bySerial(input.serialNumber)) {
    throw WorkstationError.refused('bad_input', refusal('serial_number_taken', { serialNumber: input.serialNumber }, 'serialNumber'));
  }
  const patch = {
    customerId: input.customerId,
    branchId: customer.branchId,
    serialNumber: input.serialNumber,
    model: input.model,
    category: input.category,
    purchaseDate: input.purchaseDate,
    warrantyMonths: input.warrantyMonths ?? CATEGORY_WARRANTY_MONTHS[input.category],
  };
  const product = recordLocalRow(ctx, { entity: 'product', entityId: input.id ?? crypto.randomUUID(), op: 'create', patch }, Product);
  return { ...product, warranty: warrantyStatus(product.purchaseDate, product.warrantyMonths, localToday(nowOf(ctx))) };
}
