import { z } from 'zod';
import { refusal, type Refusal } from './refusal.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

/** Days after completion by which the customer is called back (docs/architecture.md §1, step 4). */
const FOLLOW_UP_DUE_DAYS = 2;

export const FollowUpStatus = z.enum(['open', 'done']);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;

const Satisfaction = z.number().int().min(1, 'satisfaction is 1 to 5').max(5, 'satisfaction is 1 to 5');

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
});
export type FollowUp = z.infer<typeof FollowUp>;

/** What the agent records at the end of the call back. */
export const FollowUpResult = z.object({
  followUpId: z.string().uuid('followUpId must be a UUID'),
  satisfaction: Satisfaction,
  remarks: z.string().trim().max(2000),
});
export type FollowUpResult = z.infer<typeof FollowUpResult>;

/** When a follow-up for an order completed at `completedAt` falls due. */
export function followUpDueAt(completedAt: string): string {
  return new Date(Date.parse(completedAt) + FOLLOW_UP_DUE_DAYS * 24 * 60 * 60 * 1000).toISOString();
}

/** Why a result cannot be recorded on this follow-up (it is recorded once); null when it can. */
export function followUpResultRefusal(current: Pick<FollowUp, 'id' | 'status' | 'doneAt'>): Refusal | null {
  return current.status === 'done' ? refusal('follow_up_already_done', { followUpId: current.id, doneAt: current.doneAt }) : null;
}
