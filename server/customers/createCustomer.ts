import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { Customer, NewCustomerParsed } from '../../shared/domain/customer.js';
import { branchCovering } from '../branches/branchCovering.js';
import { branchFromRecord } from '../db/branchRecords.js';
import type { ServerSchema } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { writeSyncedRows } from '../db/writeSyncedRows.js';
import { ApiFailure } from '../http/apiFailure.js';

/**
 * Registers a customer. The customer belongs to the branch that serves their province (an agent
 * may take a call from anywhere), or to the agent's own branch when no branch serves it.
 */
export async function createCustomer(db: Kysely<ServerSchema>, agent: Agent, input: NewCustomerParsed): Promise<Customer> {
  return inTransaction(db, async (trx) => {
    const id = input.id ?? randomUUID();
    if (await trx.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst()) {
      throw new ApiFailure(409, 'conflict', `a customer with id ${id} already exists`);
    }
    const branches = (await trx.selectFrom('branches').selectAll().execute()).map(branchFromRecord);
    const now = new Date().toISOString();
    const [customer] = await writeSyncedRows(trx, 'customer', [
      {
        id,
        deleted: false,
        branchId: branchCovering(branches, input.province)?.id ?? agent.branchId,
        name: input.name,
        phone: input.phone,
        altPhone: input.altPhone ?? null,
        vipTier: input.vipTier,
        province: input.province,
        city: input.city,
        address: input.address,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    if (!customer) throw new Error('writeSyncedRows returned no row');
    return customer;
  });
}
