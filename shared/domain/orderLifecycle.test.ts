import { describe, expect, it } from 'vitest';
import { followUpChangeRefusal, followUpResultChange, FollowUpResult, isLowScore } from './followUp.js';
import { followUpStepRefusal, orderCreateRefusal, ownershipRefusal, stepDetailsRefusal } from './orderLifecycle.js';
import { canTransition } from './orderStatus.js';
import { ServiceOrder } from './serviceOrder.js';
import { vipTierRefusal } from './customer.js';

const id = (n: number) => `6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a${String(n).padStart(2, '0')}`;
const owner = { id: id(1), role: 'agent' as const };
const colleague = { id: id(2), role: 'agent' as const };
const supervisor = { id: id(3), role: 'supervisor' as const };
const at = '2026-12-07T02:00:00.000Z';
const order = ServiceOrder.parse({
  id: id(10), version: 3, deleted: false, orderNumber: 'BJ01-07-20261207-0001', customerId: id(11), productId: id(12), branchId: id(13),
  type: 'repair', status: 'in_service', fault: '不制冷', ownerAgentId: owner.id, createdAt: at, updatedAt: at,
});
const outOfWarranty = { status: 'out_of_warranty' as const, purchaseDate: '2018-01-10', warrantyMonths: 12, serialNumber: 'MW1801B0000042', expiresOn: '2019-01-10', decidedAt: at };

describe('making an order', () => {
  it('needs the product for a repair or an installation, not for an inquiry', () => {
    expect(orderCreateRefusal({ type: 'repair', productId: null, warranty: null, feeConsent: null, duplicateReason: null }, [])).toMatchObject({ code: 'order_product_required', field: 'productId' });
    expect(orderCreateRefusal({ type: 'installation', productId: null, warranty: null, feeConsent: null, duplicateReason: null }, [])?.code).toBe('order_product_required');
    expect(orderCreateRefusal({ type: 'inquiry', productId: null, warranty: null, feeConsent: null, duplicateReason: null }, [])).toBeNull();
  });

  it('needs the fee consent out of warranty, and a reason to go on past duplicates', () => {
    const base = { type: 'repair' as const, productId: id(12), warranty: outOfWarranty, feeConsent: null, duplicateReason: null };
    expect(orderCreateRefusal(base, [])).toMatchObject({ code: 'order_fee_consent_required', field: 'feeConsent' });
    const consented = { ...base, feeConsent: { estimate: 150, consentedAt: at } };
    expect(orderCreateRefusal(consented, [])).toBeNull();
    expect(orderCreateRefusal(consented, ['BJ01-07-20261206-0003'])).toEqual({ code: 'order_duplicate_reason_required', field: 'duplicateReason', params: { orderNumbers: ['BJ01-07-20261206-0003'] } });
    expect(orderCreateRefusal({ ...consented, duplicateReason: '  ' }, ['BJ01-07-20261206-0003'])?.code).toBe('order_duplicate_reason_required');
    expect(orderCreateRefusal({ ...consented, duplicateReason: '上次维修后再次故障' }, ['BJ01-07-20261206-0003'])).toBeNull();
  });
});

describe('the steps of an order', () => {
  it('completes only with the completion record, cancels only with a reason', () => {
    expect(stepDetailsRefusal(order, { status: 'completed' })).toMatchObject({ code: 'order_completion_required', field: 'completion' });
    const completion = { resolution: '更换启动电容', parts: [{ name: '启动电容', quantity: 1 }], fee: 0, technician: '张师傅' };
    expect(stepDetailsRefusal(order, { status: 'completed', completion })).toBeNull();
    expect(stepDetailsRefusal(order, { status: 'cancelled' })).toMatchObject({ code: 'order_cancel_reason_required', field: 'cancelReason' });
    expect(stepDetailsRefusal(order, { status: 'cancelled', cancelReason: '客户已自行解决' })).toBeNull();
    expect(stepDetailsRefusal(order, { status: 'parts_pending' })).toBeNull();
  });

  it('is changed by its owner, a supervisor, or an agent taking it over in the same change', () => {
    expect(ownershipRefusal(order, { status: 'completed' }, owner)).toBeNull();
    expect(ownershipRefusal(order, { status: 'completed' }, supervisor)).toBeNull();
    expect(ownershipRefusal(order, { status: 'completed', ownerAgentId: colleague.id }, colleague)).toBeNull();
    expect(ownershipRefusal(order, { status: 'completed' }, colleague)).toMatchObject({ code: 'order_not_owner', params: { orderNumber: order.orderNumber } });
    // Handing it to a third agent is the owner's or a supervisor's act.
    expect(ownershipRefusal(order, { ownerAgentId: id(4) }, colleague)?.code).toBe('order_not_owner');
    // The follow-up is the branch's work: its visited step needs no takeover.
    expect(ownershipRefusal(order, { status: 'visited', updatedAt: at }, colleague)).toBeNull();
  });

  it('becomes visited only through a done follow-up, and is not closed while the follow-up is open', () => {
    expect(followUpStepRefusal(order, 'visited', null)?.code).toBe('order_visited_needs_follow_up');
    expect(followUpStepRefusal(order, 'visited', { status: 'open' })?.code).toBe('order_visited_needs_follow_up');
    expect(followUpStepRefusal(order, 'visited', { status: 'done' })).toBeNull();
    expect(followUpStepRefusal(order, 'closed', { status: 'open' })?.code).toBe('order_follow_up_pending');
    expect(followUpStepRefusal(order, 'closed', { status: 'refused' })).toBeNull();
    expect(canTransition('completed', 'closed')).toBe(true);
  });
});

describe('a follow-up call', () => {
  const now = new Date('2026-12-07T03:00:00.000Z');
  const open = { id: id(20), status: 'open' as const, doneAt: null, dueAt: '2026-12-07T01:00:00.000Z', attempts: 0 };
  const result = (r: FollowUpResult) => FollowUpResult.parse(r);

  it('done records the score and remark and ends it; a low score is flagged', () => {
    const done = followUpResultChange(open, result({ followUpId: open.id, outcome: 'done', satisfaction: 2, remarks: '等了三天' }), owner.id, now);
    expect(done).toEqual({ change: { status: 'done', satisfaction: 2, remarks: '等了三天', doneAt: now.toISOString(), doneBy: owner.id, dueAt: open.dueAt, attempts: 1, lastOutcome: 'done', lastAttemptAt: now.toISOString() } });
    if (!('change' in done)) throw new Error('refused');
    expect(isLowScore(done.change)).toBe(true);
    expect(isLowScore({ status: 'done', satisfaction: 3 })).toBe(false);
    expect(followUpChangeRefusal(open, done.change, owner.id)).toBeNull();
    expect(followUpChangeRefusal(open, done.change, colleague.id)).toMatchObject({ kind: 'out_of_scope' });
    expect(followUpResultChange({ ...open, ...done.change }, result({ followUpId: open.id, outcome: 'no_answer' }), owner.id, now)).toMatchObject({ refusal: { code: 'follow_up_already_done' } });
  });

  it('no answer and call back keep it open, due again later; call back at a past time is refused', () => {
    const noAnswer = followUpResultChange(open, result({ followUpId: open.id, outcome: 'no_answer' }), owner.id, now);
    expect(noAnswer).toMatchObject({ change: { status: 'open', attempts: 1, lastOutcome: 'no_answer', dueAt: '2026-12-07T05:00:00.000Z' } });
    const callBack = followUpResultChange(open, result({ followUpId: open.id, outcome: 'call_back', callBackAt: '2026-12-07T15:00:00+08:00' }), owner.id, now);
    expect(callBack).toMatchObject({ change: { status: 'open', lastOutcome: 'call_back', dueAt: '2026-12-07T07:00:00.000Z', satisfaction: null } });
    expect(followUpResultChange(open, result({ followUpId: open.id, outcome: 'call_back', callBackAt: '2026-12-07T02:00:00.000Z' }), owner.id, now)).toMatchObject({ refusal: { code: 'follow_up_call_back_in_past' } });
    if (!('change' in callBack)) throw new Error('refused');
    expect(followUpChangeRefusal(open, callBack.change, owner.id)).toBeNull();
    // An open outcome cannot pass for done, nor carry a score.
    expect(followUpChangeRefusal(open, { ...callBack.change, status: 'done' }, owner.id)).toMatchObject({ kind: 'bad_patch' });
    expect(followUpChangeRefusal(open, { ...callBack.change, satisfaction: 5 }, owner.id)).toMatchObject({ kind: 'bad_patch' });
  });

  it('refused ends it without a score', () => {
    const refused = followUpResultChange(open, result({ followUpId: open.id, outcome: 'refused', remarks: '客户不愿回访' }), owner.id, now);
    expect(refused).toMatchObject({ change: { status: 'refused', satisfaction: null, doneBy: owner.id } });
  });
});

describe('VIP tiers', () => {
  it('are set by supervisors only; an agent leaves them as they are', () => {
    expect(vipTierRefusal(null, 'gold', owner)).toMatchObject({ code: 'vip_tier_supervisors_only', field: 'vipTier' });
    expect(vipTierRefusal('none', 'gold', owner)?.code).toBe('vip_tier_supervisors_only');
    expect(vipTierRefusal('gold', 'gold', owner)).toBeNull();
    expect(vipTierRefusal(null, 'none', owner)).toBeNull();
    expect(vipTierRefusal('none', 'platinum', supervisor)).toBeNull();
  });
});
