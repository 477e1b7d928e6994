import { z } from 'zod';
import { refusal, type Refusal } from './refusal.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

/** Days after completion by which the customer is called back (docs/architecture.md §1, step 4). */
const FOLLOW_UP_DUE_DAYS = 2;

/** open: to call (again); done: the customer answered and scored; refused: the customer declined the call back. */
export const FollowUpStatus = z.enum(['open', 'done', 'refused']);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;

/** How one call back went: done and refused end it; no answer and call back keep it open for later. */
export const FollowUpOutcome = z.enum(['done', 'no_answer', 'call_back', 'refused']);
export type FollowUpOutcome = z.infer<typeof FollowUpOutcome>;

/** After no answer, the follow-up is due again this much later. */
const NO_ANSWER_RETRY_MS = 2 * 60 * 60 * 1000;

/** A done follow-up scored this low or lower is flagged for the supervisor. */
export const LOW_SATISFACTION = 2;

export const Satisfaction = z.number().int().min(1, 'satisfaction is 1 to 5').max(5, 'satisfaction is 1 to 5');

/**
 * The call back after a service order was completed: made by the server in the transaction that
 * completed the order; a seat records the result once (open → done, with satisfaction and
 * remarks). A result is never edited afterwards, so follow-ups never conflict.
 */
export const FollowUp = z.object({
  ...syncedRowFields,
  orderId: z.string().uuid(),
  customerId: z.string().uuid(),
  branchId: z.string().uuid(),
  dueAt: IsoTimestamp,
  status: FollowUpStatus,
  /** Set when done. */
  satisfaction: Satisfaction.nullable(),
  remarks: z.string().max(2000),
  doneAt: IsoTimestamp.nullable(),
  doneBy: z.string().uuid().nullable(),
  createdAt: IsoTimestamp,
  /** Calls made so far, and how the last one went (null: not called yet). */
  attempts: z.number().int().min(0).default(0),
  lastOutcome: FollowUpOutcome.nullable().default(null),
  lastAttemptAt: IsoTimestamp.nullable().default(null),
});
export type FollowUp = z.infer<typeof FollowUp>;

const FollowUpId = z.string().uuid('followUpId must be a UUID');
const Remarks = z.string().trim().max(2000).default('');

/** What the agent records at the end of a call back, by outcome. */
export const FollowUpResult = z.discriminatedUnion('outcome', [
  z.object({ followUpId: FollowUpId, outcome: z.literal('done'), satisfaction: Satisfaction, remarks: Remarks }),
  z.object({ followUpId: FollowUpId, outcome: z.literal('no_answer'), remarks: Remarks }),
  /** The customer asked to be called at `callBackAt`: the follow-up is due then (and listed again from then). */
  z.object({ followUpId: FollowUpId, outcome: z.literal('call_back'), callBackAt: IsoTimestamp, remarks: Remarks }),
  z.object({ followUpId: FollowUpId, outcome: z.literal('refused'), remarks: Remarks }),
]);
export type FollowUpResult = z.input<typeof FollowUpResult>;
type ParsedFollowUpResult = z.output<typeof FollowUpResult>;

/** The fields a follow-up's result writes: what a seat pushes, all together. */
export const FOLLOW_UP_RESULT_FIELDS = ['status', 'satisfaction', 'remarks', 'doneAt', 'doneBy', 'dueAt', 'attempts', 'lastOutcome', 'lastAttemptAt'] as const;

/**
 * The change one call back's result makes to `current`, by `agentId` at `now`; or why it cannot be
 * recorded (already final, or a call back asked for a time already past).
 */
export function followUpResultChange(
  current: Pick<FollowUp, 'id' | 'status' | 'doneAt' | 'dueAt' | 'attempts'>,
  result: ParsedFollowUpResult,
  agentId: string,
  now: Date,
): { change: Pick<FollowUp, (typeof FOLLOW_UP_RESULT_FIELDS)[number]> } | { refusal: Refusal } {
  const final = followUpResultRefusal(current);
  if (final) return { refusal: final };
  const at = now.toISOString();
  const attempt = { attempts: current.attempts + 1, lastOutcome: result.outcome, lastAttemptAt: at, remarks: result.remarks };
  switch (result.outcome) {
    case 'done':
      return { change: { ...attempt, status: 'done', satisfaction: result.satisfaction, doneAt: at, doneBy: agentId, dueAt: current.dueAt } };
    case 'refused':
      return { change: { ...attempt, status: 'refused', satisfaction: null, doneAt: at, doneBy: agentId, dueAt: current.dueAt } };
    case 'no_answer':
      return { change: { ...attempt, status: 'open', satisfaction: null, doneAt: null, doneBy: null, dueAt: new Date(now.getTime() + NO_ANSWER_RETRY_MS).toISOString() } };
    case 'call_back':
      if (Date.parse(result.callBackAt) <= now.getTime()) return { refusal: refusal('follow_up_call_back_in_past', {}, 'callBackAt') };
      return { change: { ...attempt, status: 'open', satisfaction: null, doneAt: null, doneBy: null, dueAt: new Date(result.callBackAt).toISOString() } };
  }
}

/**
 * Why a pushed result `changes` (as FOLLOW_UP_RESULT_FIELDS) cannot be applied to `current` by
 * `agentId`: the backend's check of what followUpResultChange made at the seat. Null when it can.
 */
export function followUpChangeRefusal(
  current: Pick<FollowUp, 'id' | 'status' | 'doneAt' | 'attempts'>,
  changes: Readonly<Record<string, unknown>>,
  agentId: string,
): { kind: 'invalid_transition'; refusal: Refusal } | { kind: 'bad_patch' | 'out_of_scope'; message: string } | null {
  const final = followUpResultRefusal(current);
  if (final) return { kind: 'invalid_transition', refusal: final };
  // A seat from before the outcomes sends a done result without one.
  const outcome = changes.lastOutcome ?? (changes.status === 'done' ? 'done' : undefined);
  const needed = outcome === 'done' || outcome === 'refused' ? ['status', 'doneAt', 'doneBy'] : ['dueAt'];
  if (outcome === 'done') needed.push('satisfaction');
  const missing = needed.filter((field) => changes[field] === undefined || changes[field] === null);
  if (outcome === undefined) missing.unshift('lastOutcome');
  if (missing.length > 0) return { kind: 'bad_patch', message: `${missing.join(', ')}: required to record a follow-up result` };
  const status = changes.status ?? current.status;
  const expected = outcome === 'done' ? 'done' : outcome === 'refused' ? 'refused' : 'open';
  if (status !== expected) return { kind: 'bad_patch', message: `status: a ${String(outcome)} result leaves the follow-up ${expected}` };
  if (expected !== 'done' && changes.satisfaction !== undefined && changes.satisfaction !== null) return { kind: 'bad_patch', message: 'satisfaction: only a done follow-up is scored' };
  if (expected !== 'open' && changes.doneBy !== agentId) return { kind: 'out_of_scope', message: `doneBy must be your own agent id (${agentId})` };
  if (changes.attempts !== undefined && typeof changes.attempts === 'number' && changes.attempts <= current.attempts) {
    return { kind: 'bad_patch', message: `attempts: must count this call (more than ${current.attempts})` };
  }
  return null;
}

/** A done follow-up the customer scored low: the supervisor looks at it (docs/architecture.md §6). */
export function isLowScore(followUp: Pick<FollowUp, 'status' | 'satisfaction'>): boolean {
  return followUp.status === 'done' && followUp.satisfaction !== null && followUp.satisfaction <= LOW_SATISFACTION;
}

/** When a follow-up for an order completed at `completedAt` falls due. */
export function followUpDueAt(completedAt: string): string {
  return new Date(Date.parse(completedAt) + FOLLOW_UP_DUE_DAYS * 24 * 60 * 60 * 1000).toISOString();
}

/** Why a result cannot be recorded on this follow-up (done and refused are final); null when it can. */
export function followUpResultRefusal(current: Pick<FollowUp, 'id' | 'status' | 'doneAt'>): Refusal | null {
  return current.status !== 'open' ? refusal('follow_up_already_done', { followUpId: current.id, doneAt: current.doneAt }) : null;
}
