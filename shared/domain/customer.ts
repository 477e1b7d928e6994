import { z } from 'zod';
import { E164_PATTERN, normalisePhone } from '../phone.js';
import type { Agent } from './branch.js';
import { ROLE_DUTIES } from './roles.js';
import { CustomerTags } from './customerTags.js';
import { refusal, type Refusal } from './refusal.js';
import { RegionCode } from './region.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

export const VipTier = z.enum(['none', 'silver', 'gold', 'platinum']);
export type VipTier = z.infer<typeof VipTier>;

/** What an agent says to register a second customer with a phone another customer already has. */
const SamePhoneReason = z.string().trim().min(1, 'a reason is required').max(200);

/** A stored phone number: canonical E.164. */
export const CanonicalPhone = z.string().regex(E164_PATTERN, 'phone must be in canonical E.164 form');

/** A phone number as people type it; normalised to E.164 or rejected. */
const PhoneInput = z.string().transform((value, ctx) => {
  const canonical = normalisePhone(value);
  if (!canonical) {
    ctx.addIssue({ code: 'custom', message: `not a valid phone number: "${value}"` });
    return z.NEVER;
  }
  return canonical;
});

export const Customer = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  name: z.string().trim().min(1, 'name is required').max(100),
  phone: CanonicalPhone,
  altPhone: CanonicalPhone.nullable(),
  vipTier: VipTier,
  /** Names of the region for display, from the table when the codes are set; as once typed when not (then the agent is asked to pick). */
  province: z.string().min(1),
  city: z.string().min(1),
  /** The region as GB/T 2260 codes (shared/domain/region.ts); null where free text named nothing: dispatch needs them. */
  provinceCode: RegionCode.nullable(),
  cityCode: RegionCode.nullable(),
  districtCode: RegionCode.nullable(),
  address: z.string().min(1).max(300),
  /** Why the agent registered this customer although another of the branch has the same phone (customerPhone.ts); null when none has. */
  samePhoneReason: SamePhoneReason.nullable(),
  /** What the agent should know before saying hello (shared/domain/customerTags.ts); none from a seat that predates tags. */
  tags: CustomerTags.default([]),
  createdAt: IsoTimestamp,
  updatedAt: IsoTimestamp,
});
export type Customer = z.infer<typeof Customer>;

/** What an agent fills in to register a new customer (POST /customers, and the seat's form). */
export const NewCustomer = z.object({
  id: z.string().uuid().optional(),
  name: z.string().trim().min(1, 'name is required').max(100),
  phone: PhoneInput,
  altPhone: PhoneInput.nullable().optional(),
  vipTier: VipTier.default('none'),
  /** The region picked from the table; a client without pickers may send the names instead (resolved by customerRegion). */
  provinceCode: RegionCode.nullable().optional(),
  cityCode: RegionCode.nullable().optional(),
  districtCode: RegionCode.nullable().optional(),
  province: z.string().trim().max(50).optional(),
  city: z.string().trim().max(50).optional(),
  address: z.string().trim().min(1, 'address is required').max(300),
  samePhoneReason: SamePhoneReason.nullable().optional(),
  tags: CustomerTags.default([]),
});
export type NewCustomer = z.input<typeof NewCustomer>;
export type NewCustomerParsed = z.output<typeof NewCustomer>;

/** Whether the agent's role sets customers' VIP tiers (the team lead's act, shared/domain/roles.ts). */
export function setsVipTier(agent: Pick<Agent, 'role'>): boolean {
  return ROLE_DUTIES[agent.role].leadsTeam;
}

/**
 * Only supervisors set VIP tiers (docs/architecture.md §6): an agent's new customer is `none`, and
 * an agent's change leaves the tier as it is. `current` is null for a new customer.
 */
export function vipTierRefusal(current: VipTier | null, wanted: VipTier, agent: Pick<Agent, 'role'>): Refusal | null {
  if (setsVipTier(agent) || wanted === (current ?? 'none')) return null;
  return refusal('vip_tier_supervisors_only', {}, 'vipTier');
}
