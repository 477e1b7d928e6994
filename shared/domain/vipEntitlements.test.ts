import { describe, expect, it } from 'vitest';
import { VipTier } from './customer.js';
import { discountedFee, hasVipEntitlements, vipEntitlements } from './vipEntitlements.js';

describe('VIP entitlements', () => {
  it('give each tier its treatment: priority dispatch from gold up, a discount from silver up', () => {
    expect(VipTier.options.map((tier) => [tier, vipEntitlements(tier)])).toEqual([
      ['none', { priorityDispatch: false, feeDiscountPercent: 0 }],
      ['silver', { priorityDispatch: false, feeDiscountPercent: 5 }],
      ['gold', { priorityDispatch: true, feeDiscountPercent: 10 }],
      ['platinum', { priorityDispatch: true, feeDiscountPercent: 20 }],
    ]);
    expect(VipTier.options.filter(hasVipEntitlements)).toEqual(['silver', 'gold', 'platinum']);
  });

  it('discount an out-of-warranty fee to the fen, rounded half up; none for ordinary customers', () => {
    expect(discountedFee(300, 'none')).toBe(300);
    expect(discountedFee(300, 'silver')).toBe(285);
    expect(discountedFee(300, 'gold')).toBe(270);
    expect(discountedFee(300, 'platinum')).toBe(240);
    expect(discountedFee(99.99, 'gold')).toBe(89.99); // 8999.1 fen → 8999
    expect(discountedFee(0.05, 'gold')).toBe(0.05); // 4.5 fen → 5 (half up)
    expect(discountedFee(123.45, 'silver')).toBe(117.28); // 11727.75 fen → 11728
    expect(discountedFee(0, 'platinum')).toBe(0);
    expect(discountedFee(100_000, 'platinum')).toBe(80_000);
  });

  it('never raise a fee, whatever the tier and amount', () => {
    for (const tier of VipTier.options) for (let fen = 0; fen <= 100_000; fen += 137) expect(discountedFee(fen / 100, tier)).toBeLessThanOrEqual(fen / 100);
  });
});
