import type { VipTier } from './customer.js';

/**
 * What a customer's VIP tier entitles them to (issue 11, "VIP treatment"), the one rule the card's
 * banner, the new-order form's fee consent and the seat's order create read.
 *
 * - `priorityDispatch`: their orders are dispatched first; today it is what the banner tells the
 *   agent (dispatch itself has no queue to reorder: the agent dispatches from the order row).
 * - `feeDiscountPercent`: off an out-of-warranty fee estimate; the customer consents to the
 *   discounted amount, and that amount is what the order's fee consent records.
 */
export interface VipEntitlements {
  priorityDispatch: boolean;
  feeDiscountPercent: number;
}

const ENTITLEMENTS: Readonly<Record<VipTier, VipEntitlements>> = {
  none: { priorityDispatch: false, feeDiscountPercent: 0 },
  silver: { priorityDispatch: false, feeDiscountPercent: 5 },
  gold: { priorityDispatch: true, feeDiscountPercent: 10 },
  platinum: { priorityDispatch: true, feeDiscountPercent: 20 },
};

export function vipEntitlements(tier: VipTier): VipEntitlements {
  return ENTITLEMENTS[tier];
}

/** Whether the tier entitles to anything at all (the banner is shown only then). */
export function hasVipEntitlements(tier: VipTier): boolean {
  const e = ENTITLEMENTS[tier];
  return e.priorityDispatch || e.feeDiscountPercent > 0;
}

/**
 * The fee the customer pays after the tier's discount, in yuan to the fen (two decimals), rounded
 * half up; a fee of 0 stays 0. `estimate` is the standard fee the agent quotes.
 */
export function discountedFee(estimate: number, tier: VipTier): number {
  const percent = ENTITLEMENTS[tier].feeDiscountPercent;
  if (percent === 0) return estimate;
  // In whole fen, so 0.1 + 0.2 never leaves a stray 0.00000001 on the order.
  const fen = Math.round(estimate * 100);
  return Math.round((fen * (100 - percent)) / 100) / 100;
}
