import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NewProductParsed, ProductDetail } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import { CATEGORY_WARRANTY_MONTHS } from '../../shared/domain/product.js';
import type { ServerSchema } from '../db/schema.js';
import { createAsAgent } from '../http/agentWrites.js';
import type { ScopedChange } from '../sync/changeNotifier.js';
import { withWarranty } from './productDetail.js';

/**
 * Registers a unit in the install base for a customer of the agent's branch, as a seat's pushed
 * create does (pushableEntities: the customer in the branch, one registration per serial number).
 */
export async function createProduct(db: Kysely<ServerSchema>, agent: Agent, input: NewProductParsed): Promise<{ row: ProductDetail; changes: ScopedChange[] }> {
  const patch = {
    customerId: input.customerId,
    branchId: agent.branchId,
    serialNumber: input.serialNumber,
    model: input.model,
    category: input.category,
    purchaseDate: input.purchaseDate,
    warrantyMonths: input.warrantyMonths ?? CATEGORY_WARRANTY_MONTHS[input.category],
  };
  const { row, changes } = await createAsAgent(db, agent, 'product', input.id ?? randomUUID(), patch);
  return { row: withWarranty(row, new Date()), changes };
}
