import { z } from 'zod';
import { IsoTimestamp } from './syncedRow.js';

/**
 * One contact history per customer: every contact and step with them, newest first — calls
 * (answered, missed, turned away), contacts recorded by hand (outlet visit, another line, WeChat,
 * email), notes, their orders' events, follow-ups and their outcomes, campaign calls, complaints
 * and their steps. Built at the seat from its cache (main/services/contactHistory.ts).
 */
export const ContactHistoryKind = z.enum(['call', 'contact', 'note', 'order', 'followUp', 'campaign', 'complaint']);
export type ContactHistoryKind = z.infer<typeof ContactHistoryKind>;

/** Most entries one page shows, and how deep paging goes (a customer's history is hundreds, not thousands). */
const CONTACT_HISTORY_PAGE_MAX = 200;
const CONTACT_HISTORY_DEPTH_MAX = 5000;

/** Facts an entry's summary is worded from (in the agent's language, by the renderer). */
const Fact = z.union([z.string(), z.number(), z.null()]);

export const ContactHistoryEntry = z.object({
  /** Unique in the history: kind, the source row's id and the step. */
  key: z.string(),
  kind: ContactHistoryKind,
  /**
   * What happened, within the kind: a call's disposition (answered ones: `answered`), a manual
   * contact's channel, an order event's kind, a follow-up's `scheduled` or outcome, a campaign
   * call's outcome, a complaint's step (received, acknowledged, investigating, escalated, resolved,
   * confirmed, reopened: ComplaintStepKind).
   */
  step: z.string(),
  at: IsoTimestamp,
  /** Who: the agent, when the step records one. */
  agentId: z.string().uuid().nullable(),
  agentName: z.string().nullable(),
  /** The backend took the step itself (a follow-up scheduled, an escalation, its own order writes); false with no agent: not recorded who. */
  byBackend: z.boolean(),
  /** The order it concerns, when it concerns one. */
  orderId: z.string().uuid().nullable(),
  orderNumber: z.string().nullable(),
  /** The words of it: a note, a call's notes, remarks, the customer's words, a resolution. */
  text: z.string(),
  facts: z.record(z.string(), Fact),
});
export type ContactHistoryEntry = z.infer<typeof ContactHistoryEntry>;

export const ContactHistoryQuery = z.object({
  customerId: z.string().uuid('customerId must be a UUID'),
  /** Only these kinds; empty: every kind. */
  kinds: z.array(ContactHistoryKind).max(ContactHistoryKind.options.length).default([]),
  offset: z.number().int().min(0).max(CONTACT_HISTORY_DEPTH_MAX).default(0),
  limit: z.number().int().min(1).max(CONTACT_HISTORY_PAGE_MAX).default(50),
});
export type ContactHistoryQuery = z.input<typeof ContactHistoryQuery>;

export const ContactHistoryPage = z.object({
  entries: z.array(ContactHistoryEntry),
  /** Older entries follow (ask again with offset + limit). */
  more: z.boolean(),
});
export type ContactHistoryPage = z.infer<typeof ContactHistoryPage>;
