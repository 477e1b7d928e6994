import type { Kysely } from 'kysely';
import { Customer, vipTierRefusal, type VipTier } from '../../shared/domain/customer.js';
import { phoneTakenRefusal } from '../../shared/domain/customerPhone.js';
import { customerRegion, customerRegionChanges, isRefusal, type CustomerRegion } from '../../shared/domain/region.js';
import { patchFieldsOf } from '../../shared/patchSchema.js';
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
