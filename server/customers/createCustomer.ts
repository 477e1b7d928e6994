import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { Customer, NewCustomerParsed } from '../../shared/domain/customer.js';
import type { ServerSchema } from '../db/schema.js';
import { createAsAgent } from '../http/agentWrites.js';
import { ApiFailure } from '../http/apiFailure.js';
import { shippedRegionIndex } from '../regions/regionTable.js';
import { customerRegion, isRefusal } from '../../shared/domain/region.js';
import type { ScopedChange } from '../sync/changeNotifier.js';

/**
 * Registers a customer in the agent's branch, as a seat's pushed create does (the same rules and
 * change-log write): the agent who took the call keeps the customer in their scope.
 */
export async function createCustomer(db: Kysely<ServerSchema>, agent: Agent, input: NewCustomerParsed): Promise<{ row: Customer; changes: ScopedChange[] }> {
  // Codes picked, or names (resolved as free text is): the rule a pushed create goes through too.
  const region = customerRegion(shippedRegionIndex(), input);
  if (isRefusal(region)) throw ApiFailure.refused(400, 'bad_input', region);
  const now = new Date().toISOString();
  const patch = {
    branchId: agent.branchId,
    name: input.name,
    phone: input.phone,
    altPhone: input.altPhone ?? null,
    vipTier: input.vipTier,
    ...region,
    address: input.address,
    samePhoneReason: input.samePhoneReason ?? null,
    tags: input.tags,
    createdAt: now,
    updatedAt: now,
  };
  return createAsAgent(db, agent, 'customer', input.id ?? randomUUID(), patch);
}
