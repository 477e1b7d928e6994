import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NewProductParsed, ProductDetail } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import { CATEGORY_WARRANTY_MONTHS } from '../../shared/domain/product.js';
import { lockChangeLog } from '../db/changeLogSeqs.js';
import type { ServerSchema } from '../db/schema.js';
import { writeSyncedRows } from '../db/writeSyncedRows.js';
import { ApiFailure } from '../http/apiFailure.js';
import { withWarranty } from './productDetail.js';
import { serialNumberTaken } from './serialNumberTaken.js';

/**
 * Registers a unit in the install base for a customer of the agent's branch. The serial number
 * check and the insert run under the change-log lock, so two registrations of one serial number
 * cannot both pass (seats' pushes take the same lock).
 */
export async function createProduct(db: Kysely<ServerSchema>, agent: Agent, input: NewProductParsed): Promise<ProductDetail> {
  const product = await db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    const customer = await trx
      .selectFrom('customers')
      .select('id')
      .where('id', '=', input.customerId)
      .where('branchId', '=', agent.branchId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    if (!customer) throw fieldFailure(400, 'bad_input', 'customerId', `no customer ${input.customerId} in your branch`);
    const id = input.id ?? randomUUID();
    if (await trx.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst()) {
      throw fieldFailure(409, 'conflict', 'id', `a product with id ${id} already exists`);
    }
    if (await serialNumberTaken(trx, input.serialNumber)) {
      throw fieldFailure(409, 'conflict', 'serialNumber', `${input.serialNumber} is already registered`);
    }
    const [written] = await writeSyncedRows(trx, 'product', [
      {
        id,
        deleted: false,
        customerId: input.customerId,
        branchId: agent.branchId,
        serialNumber: input.serialNumber,
        model: input.model,
        category: input.category,
        purchaseDate: input.purchaseDate,
        warrantyMonths: input.warrantyMonths ?? CATEGORY_WARRANTY_MONTHS[input.category],
      },
    ]);
    if (!written) throw new Error('writeSyncedRows returned no row');
    return written;
  });
  return withWarranty(product, new Date());
}

/** A refusal naming the field, as zod's own 400s do (details carry the path). */
function fieldFailure(status: 400 | 409, code: 'bad_input' | 'conflict', field: string, message: string): ApiFailure {
  return new ApiFailure(status, code, `${field}: ${message}`, [{ path: [field], message }]);
}
