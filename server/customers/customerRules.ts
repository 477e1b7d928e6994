import type { Kysely } from 'kysely';
import { Customer, vipTierRefusal, type VipTier } from '../../shared/domain/customer.js';
import { phoneTakenRefusal } from '../../shared/domain/customerPhone.js';
import { customerRegion, customerRegionChanges, isRefusal, type CustomerRegion } from '../../shared/domain/region.js';
import { patchFieldsOf } from '../../shared/patchSchema.js';
import { statementBatches } from '../db/batching.js';
import type { ServerSchema } from '../db/schema.js';
import { shippedRegionIndex } from '../regions/regionTable.js';
import { MutationRejected } from '../sync/push/mutationRejected.js';
import type { PushableEntity } from '../sync/push/pushableEntity.js';

/**
 * How customers are made and changed through push and REST: the region by code from the table
 * this backend ships (names follow the codes; names alone are resolved), and one customer per
 * phone in a branch unless the agent gave a reason — the rules the seat checks first
 * (shared/domain/region.ts, shared/domain/customerPhone.ts). VIP tiers are set by supervisors
 * (vipTierRefusal in shared/domain/customer.ts), through push and REST alike.
 */
export const customerPushRules: PushableEntity<'customer'> = {
  row: Customer,
  fields: patchFieldsOf(Customer),
  fixed: ['id', 'version', 'deleted', 'branchId', 'createdAt'],
  stamped: ['updatedAt'],
  references: {},
  async completeCreate(_db, customer) {
    return { ...customer, ...decided(customerRegion(shippedRegionIndex(), customer)) };
  },
  async checkCreate(db, customer, agent) {
    const vip = vipTierRefusal(null, customer.vipTier, agent);
    if (vip) throw MutationRejected.refused('not_permitted', vip);
    await checkPhone(db, customer);
  },
  // The same checks for a batch: the phones' holders read in one statement, the batch's own rows added.
  async checkCreates(db, customers, agent) {
    const holders = await phoneHolders(db, customers);
    return (customer, written) => {
      const vip = vipTierRefusal(null, customer.vipTier, agent);
      if (vip) throw MutationRejected.refused('not_permitted', vip);
      const fresh = [...written];
      const rewritten = new Set(fresh.map((row) => row.id));
      const candidates = [...(holders.get(phoneKey(customer)) ?? []).filter((holder) => !rewritten.has(holder.id)), ...fresh.filter((row) => !row.deleted && phoneKey(row) === phoneKey(customer))];
      const found = candidates.filter((holder) => holder.id !== customer.id).slice(0, 1);
      const taken = phoneTakenRefusal(customer, found.map(({ id, name }) => ({ id, name, deleted: false })));
      if (taken) throw MutationRejected.refused('phone_taken', taken);
    };
  },
  completeUpdate(current, changes) {
    const region = customerRegionChanges(shippedRegionIndex(), current, changes);
    return region === null ? changes : { ...changes, ...decided(region) };
  },
  async checkUpdate(current, changes, agent, db) {
    const vip = changes.vipTier === undefined ? null : vipTierRefusal(current.vipTier, changes.vipTier as VipTier, agent);
    if (vip) throw MutationRejected.refused('not_permitted', vip);
    if (changes.phone === undefined || changes.phone === current.phone) return;
    await checkPhone(db, { ...current, ...changes } as Customer);
  },
  // Only a new phone is checked against the branch's other customers (the region is from the shipped table).
  readsOnlyItsRow: (patch) => patch.phone === undefined,
};

function decided(region: ReturnType<typeof customerRegion>): CustomerRegion {
  if (isRefusal(region)) throw MutationRejected.refused('bad_patch', region);
  return region;
}

type PhoneHolder = Pick<Customer, 'id' | 'name' | 'branchId' | 'phone'>;

function phoneKey(customer: Pick<Customer, 'branchId' | 'phone'>): string {
  return `${customer.branchId}\u0000${customer.phone}`;
}

/** The live customers holding the phones of these customers in their branches, by branch and phone. */
async function phoneHolders(db: Kysely<ServerSchema>, customers: readonly Pick<Customer, 'branchId' | 'phone'>[]): Promise<Map<string, PhoneHolder[]>> {
  const byKey = new Map<string, PhoneHolder[]>();
  const byBranch = new Map<string, Set<string>>();
  for (const customer of customers) byBranch.set(customer.branchId, (byBranch.get(customer.branchId) ?? new Set()).add(customer.phone));
  for (const [branchId, phones] of byBranch) {
    for (const batch of statementBatches([...phones], 1)) {
      const rows = await db.selectFrom('customers').select(['id', 'name', 'branchId', 'phone']).where('branchId', '=', branchId).where('phone', 'in', batch).where('deleted', '=', 0).execute();
      for (const row of rows) byKey.set(phoneKey(row), [...(byKey.get(phoneKey(row)) ?? []), row]);
    }
  }
  return byKey;
}

async function checkPhone(db: Kysely<ServerSchema>, customer: Pick<Customer, 'id' | 'branchId' | 'phone' | 'samePhoneReason'>): Promise<void> {
  const holders = await db
    .selectFrom('customers')
    .select(['id', 'name'])
    .where('branchId', '=', customer.branchId)
    .where('phone', '=', customer.phone)
    .where('deleted', '=', 0)
    .where('id', '!=', customer.id)
    .limit(1)
    .execute();
  const taken = phoneTakenRefusal(customer, holders.map((h) => ({ ...h, deleted: false })));
  if (taken) throw MutationRejected.refused('phone_taken', taken);
}
