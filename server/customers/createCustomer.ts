import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { Customer, NewCustomerParsed } from '../../shared/domain/customer.js';
import type { ServerSchema } from '../db/schema.js';
import { createAsAgent } from '../http/agentWrites.js';
import type { ScopedChange } from '../sync/changeNotifier.js';

/**
 * Registers a customer in the agent's branch, as a seat's pushed create does (the same rules and
 * change-log write): the agent who took the call keeps the customer in their scope.
 */
export async function createCustomer(db: Kysely<ServerSchema>, agent: Agent, input: NewCustomerParsed): Promise<{ row: Customer; changes: ScopedChange[] }> {
  const now = new Date().toISOString();
  const patch = {
    branchId: agent.branchId,
    name: input.name,
    phone: input.phone,
    altPhone: input.altPhone ?? null,
    vipTier: input.vipTier,
    province: input.province,
    city: input.city,
    address: input.address,
    createdAt: now,
    updatedAt: now,
  };
  return createAsAgent(db, agent, 'customer', input.id ?? randomUUID(), patch);
}
