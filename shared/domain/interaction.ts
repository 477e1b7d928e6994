import { z } from 'zod';
import { CanonicalPhone } from './customer.js';
import { refusal, type Refusal } from './refusal.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

/**
 * How the contact happened: `phone` is a call through the softphone (with its ring, talk and
 * wrap-up times); the others are contacts an agent records by hand afterwards — the customer came
 * to the outlet, called on another line, wrote on WeChat or by email — with no times but when.
 */
export const ContactChannel = z.enum(['phone', 'outlet_visit', 'other_line', 'wechat', 'email']);
export type ContactChannel = z.infer<typeof ContactChannel>;

/** The channels of a contact recorded by hand (every one but the softphone's calls). */
export const MANUAL_CONTACT_CHANNELS = ['outlet_visit', 'other_line', 'wechat', 'email'] as const satisfies readonly ContactChannel[];
export type ManualContactChannel = (typeof MANUAL_CONTACT_CHANNELS)[number];

/** Longest text of a contact recorded by hand (characters): what was said, not a transcript. */
export const CONTACT_TEXT_MAX = 1000;

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
  /** Rows from before manual contacts were all softphone calls. */
  channel: ContactChannel.default('phone'),
});
export type Interaction = z.infer<typeof Interaction>;

/** What the softphone hands over at the end of wrap-up (the seat fills in ids, branch, agent and the phone channel). */
export const NewInteraction = Interaction.omit({ id: true, version: true, deleted: true, branchId: true, agentId: true, channel: true });
export type NewInteraction = z.infer<typeof NewInteraction>;

/**
 * A contact the agent records by hand ("the customer came to the outlet", "called on another
 * line", WeChat, email): the channel, what was said, and when (now when left out). The text and
 * the time are checked by manualContactRefusal, so the refusal is worded in the agent's language.
 */
export const NewManualContact = z.object({
  id: z.string().uuid('id must be a UUID').optional(),
  customerId: z.string().uuid('customerId must be a UUID'),
  channel: z.enum(MANUAL_CONTACT_CHANNELS),
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  text: z.string().max(100_000),
  at: IsoTimestamp.nullable().default(null),
});
export type NewManualContact = z.input<typeof NewManualContact>;
export type NewManualContactParsed = z.output<typeof NewManualContact>;

/** A recorded time may run ahead of the seat's clock by this much (another device's clock). */
const CONTACT_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Why a contact recorded by hand cannot be kept (empty, too long, in the future); null when it can. */
export function manualContactRefusal(contact: { text: string; at: string | null }, now: Date): Refusal | null {
  const text = contact.text.trim();
  if (text === '') return refusal('contact_text_empty', {}, 'text');
  if (text.length > CONTACT_TEXT_MAX) return refusal('contact_text_too_long', { maxLength: CONTACT_TEXT_MAX, length: text.length }, 'text');
  if (contact.at !== null && Date.parse(contact.at) > now.getTime() + CONTACT_CLOCK_SKEW_MS) return refusal('contact_in_future', {}, 'at');
  return null;
}

/** The agent's own figures for today, from the interactions in the seat's cache. */
export const AgentFiguresToday = z.object({
  calls: z.number().int().nonnegative(),
  averageHandleSeconds: z.number().nonnegative(),
  followUpsDone: z.number().int().nonnegative(),
});
export type AgentFiguresToday = z.infer<typeof AgentFiguresToday>;
