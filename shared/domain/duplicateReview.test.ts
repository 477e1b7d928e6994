import { describe, expect, it } from 'vitest';
import { awaitsDuplicateReview, duplicateReviewRefusal } from './duplicateReview.js';

const BJ = '10000000-0000-4000-8000-000000000001';
const GZ = '10000000-0000-4000-8000-000000000002';
const order = { orderNumber: 'BJ01-07-20261207-0003', branchId: BJ, status: 'new' as const, duplicateReason: '客户要求另派', duplicateReview: null };
const supervisor = { role: 'supervisor' as const, branchId: BJ };
const approve = { decision: 'approved', reason: '同意' };

describe('a supervisor decides on a duplicate order (duplicateReview.ts)', () => {
  it('awaits a decision while open, made with a reason and not yet decided', () => {
    expect(awaitsDuplicateReview(order)).toBe(true);
    expect(awaitsDuplicateReview({ ...order, duplicateReason: null })).toBe(false);
    expect(awaitsDuplicateReview({ ...order, duplicateReview: { decision: 'approved', reason: '同意' } })).toBe(false);
    expect(awaitsDuplicateReview({ ...order, status: 'cancelled' })).toBe(false);
  });

  it("the branch's supervisor decides once, with a reason, on an open duplicate; each refusal says which rule", () => {
    expect(duplicateReviewRefusal(order, approve, supervisor, 'reason')).toBeNull();
    const code = (...args: Parameters<typeof duplicateReviewRefusal>) => duplicateReviewRefusal(...args)?.code;
    expect(code(order, approve, { role: 'agent', branchId: BJ }, 'reason')).toBe('duplicate_review_not_team_lead');
    expect(code(order, approve, { role: 'headquarters', branchId: BJ }, 'reason')).toBe('duplicate_review_not_team_lead');
    expect(code(order, approve, { role: 'supervisor', branchId: GZ }, 'reason')).toBe('duplicate_review_other_branch');
    expect(code({ ...order, duplicateReason: null }, approve, supervisor, 'reason')).toBe('duplicate_review_not_duplicate');
    expect(code({ ...order, duplicateReview: { decision: 'rejected', reason: '重复' } }, approve, supervisor, 'reason')).toBe('duplicate_review_already_decided');
    expect(code({ ...order, status: 'completed' }, approve, supervisor, 'reason')).toBe('duplicate_review_order_not_open');
    expect(duplicateReviewRefusal(order, { decision: 'approved', reason: ' \n ' }, supervisor, 'duplicateReview')).toEqual({
      code: 'duplicate_review_reason_required',
      field: 'duplicateReview',
      params: { orderNumber: order.orderNumber },
    });
    expect(code(order, { decision: 'rejected', reason: '因'.repeat(501) }, supervisor, 'reason')).toBe('duplicate_review_reason_too_long');
  });
});
