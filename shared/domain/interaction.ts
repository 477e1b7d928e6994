import { z } from 'zod';
import { CanonicalPhone } from './customer.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

/** How a contact ended, chosen by the agent at wrap-up. */
export const Disposition = z.enum([
  'resolved',
  'order_created',
  'follow_up_needed',
  'transferred',
  'complaint',
  'no_answer',
  'wrong_number',
  'other',
  // set by the softphone, never chosen: rang and the caller gave up / the agent could not take it
  'missed',
  'turned_away',
]);
export type Disposition = z.infer<typeof Disposition>;

/** Calls that were never answered: saved without a wrap-up, and not counted as handled calls. */
const UNANSWERED_DISPOSITIONS = ['missed', 'turned_away'] as const satisfies readonly Disposition[];
/** What an agent chooses from at wrap-up. */
export const WRAP_UP_DISPOSITIONS = Disposition.options.filter((d) => !(UNANSWERED_DISPOSITIONS as readonly string[]).includes(d));

/**
 * One contact with a customer — for now, a phone call — saved at wrap-up. Append-only: made once,
 * never edited, so it never conflicts. Durations in whole seconds; handle time = talk + wrap-up.
 */
export const Interaction = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  agentId: z.string().uuid(),
  /** Null when the caller was not (yet) a known customer. */
  customerId: z.string().uuid().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  /** The other party's number, canonical; null when withheld. */
  remoteNumber: CanonicalPhone.nullable(),
  startedAt: IsoTimestamp,
  ringSeconds: z.number().int().nonnegative(),
  talkSeconds: z.number().int().nonnegative(),
  wrapUpSeconds: z.number().int().nonnegative(),
  disposition: Disposition,
  notes: z.string().max(4000),
});
export type Interaction = z.infer<typeof Interaction>;

/** What the softphone hands over at the end of wrap-up (the seat fills in ids, branch and agent). */
export const NewInteraction = Interaction.omit({ id: true, version: true, deleted: true, branchId: true, agentId: true });
export type NewInteraction = z.infer<typeof NewInteraction>;

/** The agent's own figures for today, from the interactions in the seat's cache. */
export const AgentFiguresToday = z.object({
  calls: z.number().int().nonnegative(),
  averageHandleSeconds: z.number().nonnegative(),
  followUpsDone: z.number().int().nonnegative(),
});
export type AgentFiguresToday = z.infer<typeof AgentFiguresToday>;
