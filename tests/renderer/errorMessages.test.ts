import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ApiError } from '../../shared/api/rest.js';
import { SyncPushResponse } from '../../shared/api/syncPush.js';
import { campaignOutcomeRefusal } from '../../shared/domain/campaign.js';
import { followUpResultRefusal } from '../../shared/domain/followUp.js';
import { appointmentProblem, dispatchRefusal } from '../../shared/domain/orderDispatch.js';
import { transitionRefusal } from '../../shared/domain/orderStatus.js';
import { partsForOrderRefusal, partsRequestRefusal } from '../../shared/domain/partsRequest.js';
import { RefusalCode, refusalMessage, type Refusal, type RefusalParams } from '../../shared/domain/refusal.js';
import { ApiErrorCode, RejectionCode, WorkstationErrorCode } from '../../shared/errorCodes.js';
import { DeadLetter } from '../../shared/workstationApi.js';
import { apiErrorText, refusalOf, refusalText, rejectionText } from '../../renderer/src/i18n/errorMessages.js';
import { createI18n, LANGUAGES } from '../../renderer/src/i18n/i18n.js';
import { splitFieldErrors } from '../../renderer/src/forms/fieldErrors.js';

/** One refusal of every code, with the params its rule gives it. */
const SAMPLES: { [C in RefusalCode]: { params: RefusalParams[C]; field?: string } } = {
  order_already_in_status: { params: { orderNumber: 'BJ01-07-20261123-0042', status: 'in_service' } },
  order_cancelled: { params: { orderNumber: 'BJ01-07-20261123-0042', to: 'accepted' } },
  order_done_cannot_cancel: { params: { orderNumber: 'BJ01-07-20261123-0042', status: 'completed' } },
  order_closed: { params: { orderNumber: 'BJ01-07-20261123-0042', to: 'dispatched' } },
  order_next_status_not_allowed: { params: { orderNumber: 'BJ01-07-20261123-0042', from: 'new', to: 'completed', allowed: ['dispatched', 'cancelled'] } },
  order_not_dispatchable: { params: { orderNumber: 'BJ01-07-20261123-0042', status: 'accepted' } },
  outlet_unknown: { params: {}, field: 'outletId' },
  outlet_does_not_serve: { params: { outlet: '保定家电服务站', city: '保定市', category: 'tv' }, field: 'outletId' },
  appointment_ends_before_start: { params: {}, field: 'appointmentEnd' },
  appointment_too_short: { params: { minMinutes: 30 }, field: 'appointmentEnd' },
  appointment_too_long: { params: { maxHours: 12 }, field: 'appointmentEnd' },
  appointment_in_past: { params: {}, field: 'appointmentStart' },
  appointment_too_far_ahead: { params: { maxDays: 30 }, field: 'appointmentStart' },
  parts_request_already_in_status: { params: { status: 'approved' } },
  parts_request_final: { params: { status: 'received' } },
  parts_request_next_status_not_allowed: { params: { from: 'requested', to: 'shipped', allowed: ['approved', 'rejected'] } },
  parts_order_finished: { params: { orderNumber: 'BJ01-07-20261123-0042', status: 'closed' } },
  campaign_outcome_final: { params: { status: 'refused' } },
  campaign_call_back_time_required: { params: {}, field: 'callBackAt' },
  campaign_call_back_in_past: { params: {}, field: 'callBackAt' },
  campaign_call_back_unexpected: { params: { status: 'done' }, field: 'callBackAt' },
  follow_up_already_done: { params: { followUpId: '5d8f6a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6', doneAt: '2026-11-23T05:00:00.000Z' } },
  serial_number_taken: { params: { serialNumber: 'WM2611B0000077' }, field: 'serialNumber' },
  complaint_already_in_status: { params: { status: 'acknowledged' }, field: 'status' },
  complaint_final: { params: { status: 'confirmed' }, field: 'status' },
  complaint_next_status_not_allowed: { params: { from: 'received', to: 'resolved', allowed: ['acknowledged'] }, field: 'status' },
  complaint_resolution_missing: { params: {}, field: 'resolution' },
  complaint_compensation_amount_missing: { params: { kind: 'coupon' }, field: 'compensationYuan' },
  complaint_compensation_amount_unexpected: { params: { kind: 'replacement' }, field: 'compensationYuan' },
  complaint_deadline_in_past: { params: {}, field: 'promisedBy' },
  complaint_step_out_of_order: { params: { step: 'resolved', after: 'resolved' }, field: 'status' },
  order_product_required: { params: { type: 'repair' }, field: 'productId' },
  order_fee_consent_required: { params: {}, field: 'feeConsent' },
  order_duplicate_reason_required: { params: { orderNumbers: ['BJ01-07-20261123-0042', 'BJ01-07-20261123-0043'] }, field: 'duplicateReason' },
  order_completion_required: { params: { orderNumber: 'BJ01-07-20261123-0042' }, field: 'completion' },
  order_cancel_reason_required: { params: { orderNumber: 'BJ01-07-20261123-0042' }, field: 'cancelReason' },
  order_not_owner: { params: { orderNumber: 'BJ01-07-20261123-0042', ownerAgentId: '5d8f6a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6' }, field: 'ownerAgentId' },
  order_visited_needs_follow_up: { params: { orderNumber: 'BJ01-07-20261123-0042' } },
  order_follow_up_pending: { params: { orderNumber: 'BJ01-07-20261123-0042' } },
  vip_tier_supervisors_only: { params: {}, field: 'vipTier' },
  follow_up_call_back_in_past: { params: {}, field: 'callBackAt' },
  phone_taken: { params: { phone: '+8613800138000', customerId: '5d8f6a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6', customerName: 'Wang Fang' }, field: 'phone' },
  region_required: { params: {}, field: 'cityCode' },
  region_unknown: { params: { code: '999999' }, field: 'provinceCode' },
  customer_region_unpicked: { params: { customerName: 'Wang Fang' }, field: 'outletId' },
  handover_no_orders: { params: {}, field: 'orderIds' },
  handover_no_receivers: { params: {}, field: 'toAgentIds' },
  handover_to_self: { params: {}, field: 'toAgentIds' },
  handover_receiver_unknown: { params: { agentId: '5d8f6a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6' }, field: 'toAgentIds' },
  handover_receiver_other_branch: { params: { agentName: 'Chen Jing', login: 'gz.agent1' }, field: 'toAgentIds' },
  handover_receiver_cannot_hold: { params: { agentName: 'Sun Li', login: 'bj.parts', role: 'parts_desk' }, field: 'toAgentIds' },
  handover_order_not_mine: { params: { orderNumber: 'BJ01-07-20261123-0042' }, field: 'orderIds' },
  handover_order_not_open: { params: { orderNumber: 'BJ01-07-20261123-0042', status: 'completed' }, field: 'orderIds' },
  handover_note_too_long: { params: { maxLength: 500, length: 501 }, field: 'note' },
  handover_order_note_too_long: { params: { orderNumber: 'BJ01-07-20261123-0042', maxLength: 500, length: 620 }, field: 'orderNotes' },
  handover_too_many_orders: { params: { maxOrders: 500, count: 501 }, field: 'orderIds' },
  reassign_not_team_lead: { params: {} },
  reassign_agent_unknown: { params: { agentId: '6f1c2a9e-0000-4000-8000-000000000001' }, field: 'fromAgentId' },
  reassign_agent_other_branch: { params: { agentName: 'Chen Jing', login: 'gz.agent1' }, field: 'fromAgentId' },
  reassign_reason_required: { params: {}, field: 'reason' },
  reassign_reason_too_long: { params: { maxLength: 500, length: 501 }, field: 'reason' },
  reassign_order_not_theirs: { params: { orderNumber: 'BJ01-07-20261123-0042', agentName: 'Li Na' }, field: 'orderIds' },
  reassign_to_same_agent: { params: { agentName: 'Li Na' }, field: 'toAgentIds' },
  duplicate_review_not_team_lead: { params: {} },
  duplicate_review_other_branch: { params: { orderNumber: 'BJ01-07-20261123-0042' } },
  duplicate_review_not_duplicate: { params: { orderNumber: 'BJ01-07-20261123-0042' } },
  duplicate_review_already_decided: { params: { orderNumber: 'BJ01-07-20261123-0042', decision: 'approved' } },
  dispatch_awaits_duplicate_review: { params: { orderNumber: 'BJ01-07-20261123-0042' } },
  dispatch_duplicate_rejected: { params: { orderNumber: 'BJ01-07-20261123-0042', reason: 'same fault as last week' } },
  duplicate_review_order_not_open: { params: { orderNumber: 'BJ01-07-20261123-0042', status: 'cancelled' } },
  duplicate_review_reason_required: { params: { orderNumber: 'BJ01-07-20261123-0042' }, field: 'reason' },
  duplicate_review_reason_too_long: { params: { maxLength: 500, length: 501 }, field: 'reason' },
  contact_text_empty: { params: {}, field: 'text' },
  contact_text_too_long: { params: { maxLength: 1000, length: 1001 }, field: 'text' },
  contact_in_future: { params: {}, field: 'at' },
};
const sample = (code: RefusalCode): Refusal => ({ code, ...SAMPLES[code] }) as Refusal;

const han = /\p{Script=Han}/u;
const i18n = { 'zh-CN': createI18n('zh-CN'), en: createI18n('en') };
const t = (lang: (typeof LANGUAGES)[number]) => i18n[lang].t;

describe('every error code and refusal has its message in both languages', () => {
  const groups: Array<[string, readonly string[]]> = [
    ['errors', WorkstationErrorCode.options],
    ['errors.api', ApiErrorCode.options],
    ['errors.rejection', RejectionCode.options],
    ['errors.refusal', RefusalCode.options],
  ];
  for (const [group, codes] of groups) {
    it(`${group}: ${codes.length} codes`, () => {
      for (const code of codes) {
        for (const lang of LANGUAGES) {
          const key = `${group}.${code}`;
          const text = i18n[lang].t(key as never) as string;
          expect(text.trim(), `${lang} ${key}`).not.toBe('');
          expect(text, `${lang} ${key} is missing`).not.toBe(key);
          expect(han.test(text), `${lang} ${key}: ${text}`).toBe(lang === 'zh-CN');
        }
      }
    });
  }

  it('words each refusal from its code and params, the statuses in the agent’s language', () => {
    for (const code of RefusalCode.options) {
      for (const lang of LANGUAGES) {
        const text = refusalText(t(lang), sample(code));
        expect(text, `${lang} ${code}`).not.toMatch(/\{\{|errors\.|undefined/);
        expect(han.test(text.replace(/保定\S*/g, '')), `${lang} ${code}: ${text}`).toBe(lang === 'zh-CN');
      }
      expect(refusalMessage(sample(code)), code).toMatch(/\w/);
    }
    expect(refusalText(t('zh-CN'), sample('order_next_status_not_allowed'))).toBe('工单 BJ01-07-20261123-0042 当前为“新建”，下一步不能变为“已完工”（只能变为已派工或已取消）');
    expect(refusalText(t('en'), sample('order_closed'))).toBe('Order BJ01-07-20261123-0042 is closed; it can no longer become “Dispatched”');
    expect(refusalText(t('zh-CN'), sample('parts_request_final'))).toBe('备件申请已是“已签收”，不能再变更');
    expect(refusalText(t('en'), sample('campaign_outcome_final'))).toBe('This call is already “Refused”: its outcome is final');
    expect(refusalText(t('en'), sample('outlet_does_not_serve'))).toBe('保定家电服务站 does not serve this job (保定市, TV)');
    // A handover to an agent of another branch names him; the parts desk is named by its role.
    expect(refusalText(t('zh-CN'), sample('handover_receiver_other_branch'))).toBe('Chen Jing（gz.agent1）是其他分公司的坐席，不能接收本分公司的工单');
    expect(refusalText(t('en'), sample('handover_receiver_other_branch'))).toBe('Chen Jing (gz.agent1) is an agent of another branch and cannot receive this branch’s orders');
    expect(refusalText(t('zh-CN'), sample('handover_receiver_cannot_hold'))).toBe('Sun Li（bj.parts）是备件管理员，不负责工单');
    expect(refusalText(t('en'), sample('handover_order_not_open'))).toBe('Order BJ01-07-20261123-0042 is Completed: only open orders can be handed over');
    expect(refusalText(t('en'), { code: 'outlet_does_not_serve', field: 'outletId', params: { outlet: 'X', city: 'Y', category: null } })).toBe('X does not serve this job (Y, any category)');
  });

  it('reads a code or refusal it does not know (a newer host’s) as the generic unknown message, not a crash', () => {
    const newer = { mutationId: '5d8f6a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6', status: 'rejected', code: 'quota_exceeded', message: 'too many', details: { code: 'shift_over', params: {} } };
    const [result] = SyncPushResponse.parse({ results: [newer] }).results;
    expect(result).toMatchObject({ status: 'rejected', code: 'unknown', details: { code: 'unknown' } });
    const apiError = ApiError.parse({ error: { code: 'rate_limited', message: 'slow down' } });
    expect(apiError.error.code).toBe('unknown');
    expect(DeadLetter.shape.code.parse('gone_code')).toBe('unknown');
    for (const lang of LANGUAGES) {
      const unknown = i18n[lang].t('errors.unknown');
      expect(rejectionText(t(lang), 'unknown')).toBe(unknown);
      expect(apiErrorText(t(lang), apiError.error.code)).toBe(unknown);
      expect(refusalText(t(lang), refusalOf(newer.details)!)).toBe(unknown);
    }
    // Known codes pass as they are.
    expect(ApiError.parse({ error: { code: 'conflict', message: 'x' } }).error.code).toBe('conflict');
    expect(refusalOf({ from: 'closed', to: 'new' })).toBeNull();
    expect(refusalOf([{ path: ['phone'], message: 'x' }])).toBeNull();
  });

  it('puts a refusal naming a field on that field of the form, by its code', () => {
    const taken = sample('serial_number_taken');
    const split = splitFieldErrors({ code: 'bad_input', message: refusalMessage(taken), details: taken }, ['serialNumber', 'model'] as const);
    expect(split.rest).toBeNull();
    expect(split.fields.serialNumber).toMatchObject({ kind: 'refused', refusal: { code: 'serial_number_taken' } });
    const elsewhere = splitFieldErrors({ code: 'bad_input', message: refusalMessage(taken), details: taken }, ['model'] as const);
    expect(elsewhere.fields).toEqual({});
    expect(elsewhere.rest?.details).toEqual(taken);
  });

  it('marks the box a missing detail names (a duplicate order without its reason)', () => {
    const missing = sample('order_duplicate_reason_required');
    const split = splitFieldErrors({ code: 'details_required', message: refusalMessage(missing), details: missing }, ['fault', 'duplicateReason'] as const);
    expect(split.fields.duplicateReason).toMatchObject({ kind: 'refused', refusal: { code: 'order_duplicate_reason_required' } });
    expect(split.rest).toBeNull();
  });
});

describe('refusals are matched by code, never by their words', () => {
  it('every domain rule answers a typed refusal, not a string', () => {
    expectTypeOf(transitionRefusal).returns.toEqualTypeOf<Refusal | null>();
    expectTypeOf(dispatchRefusal).returns.toEqualTypeOf<Refusal | null>();
    expectTypeOf(appointmentProblem).returns.toEqualTypeOf<Refusal | null>();
    expectTypeOf(partsRequestRefusal).returns.toEqualTypeOf<Refusal | null>();
    expectTypeOf(partsForOrderRefusal).returns.toEqualTypeOf<Refusal | null>();
    expectTypeOf(campaignOutcomeRefusal).returns.toEqualTypeOf<Refusal | null>();
    expectTypeOf(followUpResultRefusal).returns.toEqualTypeOf<Refusal | null>();
    expect(transitionRefusal('X', 'closed', 'new')).toEqual({ code: 'order_closed', params: { orderNumber: 'X', to: 'new' } });
  });

  it('no source reads a refusal’s or an error’s words to decide what it is', () => {
    const root = path.resolve(__dirname, '../..');
    const sniffing = /\b\w*(refusal|problem|reason|message)\w*\??\.(startsWith|endsWith|includes|indexOf|match)\(/i;
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) {
          readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (sniffing.test(line)) found.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    for (const dir of ['shared', 'server', 'main', 'renderer/src']) walk(path.join(root, dir));
    expect(found).toEqual([]);
  });
});
