import { z } from 'zod';
import { IsoTimestamp } from './syncedRow.js';

/**
 * Agent presence (docs/architecture.md §10, "Agent presence"): what each seat reports of its
 * agent, what the supervisor's live team board shows, and what a future call router reads.
 *
 * A seat reports on every change of its agent's state and as a heartbeat every
 * PRESENCE_HEARTBEAT_MS; the backend keeps the last report per agent (no history). A seat that
 * has not been heard from for UNREACHABLE_AFTER_MS is *unreachable since its last report*, whatever
 * that report said: a seat that lost its link is never shown, nor routed to, as ready.
 */

export const PRESENCE_HEARTBEAT_MS = 10_000;
/** Three heartbeats missed. */
export const UNREACHABLE_AFTER_MS = 30_000;

const PresenceState = z.enum(['offline', 'ready', 'not_ready', 'ringing', 'on_call', 'wrap_up']);

/** The reasons an agent (or their supervisor) chooses for not ready. */
export const CHOSEN_NOT_READY_REASONS = ['break', 'meal', 'meeting', 'training', 'admin'] as const;
export const ChosenNotReadyReason = z.enum(CHOSEN_NOT_READY_REASONS);
export type ChosenNotReadyReason = z.infer<typeof ChosenNotReadyReason>;
/** 'missed_call' is set by the phone itself: a call rang out unanswered (RONA). */
export const NotReadyReason = z.enum([...CHOSEN_NOT_READY_REASONS, 'missed_call']);
export type NotReadyReason = z.infer<typeof NotReadyReason>;

/** The call the agent is on (ringing, talking or wrapping up), with the customer if known. */
const PresenceCall = z.object({
  startedAt: IsoTimestamp,
  direction: z.enum(['inbound', 'outbound']),
  customerId: z.string().uuid().nullable(),
  customerName: z.string().max(200).nullable(),
});

/** What a seat reports (PUT /presence): its agent's state, since when, and the call if any. */
export const PresenceReport = z
  .object({
    state: PresenceState,
    /** Only with not_ready (may be null there: not ready before choosing). */
    reason: NotReadyReason.nullable(),
    since: IsoTimestamp,
    call: PresenceCall.nullable(),
  })
  .strict()
  .refine((r) => r.state === 'not_ready' || r.reason === null, { message: 'a reason goes only with not_ready', path: ['reason'] })
  .refine((r) => ['ringing', 'on_call', 'wrap_up'].includes(r.state) || r.call === null, { message: 'a call goes only with ringing, on_call or wrap_up', path: ['call'] });
export type PresenceReport = z.infer<typeof PresenceReport>;

/** The backend's record of an agent's presence: the last report, and when it arrived (the backend's clock). */
export const AgentPresence = z.object({
  agentId: z.string().uuid(),
  branchId: z.string().uuid(),
  state: PresenceState,
  reason: NotReadyReason.nullable(),
  since: IsoTimestamp,
  call: PresenceCall.nullable(),
  reportedAt: IsoTimestamp,
});
export type AgentPresence = z.infer<typeof AgentPresence>;

/** One agent on the team board: who, their last presence (null: never reported), and reachability at `asOf`. */
const TeamBoardRow = z.object({
  agent: z.object({ id: z.string().uuid(), login: z.string(), displayName: z.string(), branchId: z.string().uuid() }),
  presence: AgentPresence.nullable(),
  /** Not null: the seat has been silent too long; unreachable since its last report. */
  unreachableSince: IsoTimestamp.nullable(),
});

/** GET /presence/branch: the team, and the backend's time the reachability was judged at. */
export const TeamBoard = z.object({ asOf: IsoTimestamp, rows: z.array(TeamBoardRow) });
export type TeamBoard = z.infer<typeof TeamBoard>;

const Count = z.number().int().nonnegative();

/**
 * What an agent has on their plate, as the supervisor's seat sees it: open and overdue orders they
 * own (the seat's cache, the one SLA rule), today's calls (the backend's figures, the one KPI
 * rule: answered, missed, handle time; null when the figures could not be read) and this week's
 * low-score follow-ups.
 */
export const AgentWorkload = z.object({
  openOrders: Count,
  overdueOrders: Count,
  today: z.object({ answered: Count, missed: Count, handleSeconds: Count }).nullable(),
  /**
   * Follow-ups done this week (Monday first, the hotline's clock) with a satisfaction score of
   * LOW_SATISFACTION (2) or less, on orders the agent owns: the backend's satisfaction figure by
   * agent (the order's owner) for the week, so the board and the desk's drill-down "low scores"
   * count the same rows. A week, not a day: low scores are few, and the supervisor talks them over
   * with the agent within the week. Null when the figures could not be read.
   */
  lowScoresThisWeek: Count.nullable().default(null),
});
export type AgentWorkload = z.infer<typeof AgentWorkload>;

/** The board as the seat hands it to the page: each row with the agent's workload. */
export const TeamBoardRowAtSeat = TeamBoardRow.extend({ workload: AgentWorkload.nullable() });
export type TeamBoardRowAtSeat = z.infer<typeof TeamBoardRowAtSeat>;
export const TeamBoardAtSeat = z.object({ asOf: IsoTimestamp, rows: z.array(TeamBoardRowAtSeat) });
export type TeamBoardAtSeat = z.infer<typeof TeamBoardAtSeat>;

/** POST /presence/{agentId}/not-ready: a supervisor puts an agent of their branch to not ready. */
export const PutNotReady = z.object({ reason: ChosenNotReadyReason }).strict();
export type PutNotReady = z.infer<typeof PutNotReady>;

/** What the agent's seat receives live when their supervisor put them to not ready. */
export const NotReadyRequest = z.object({
  agentId: z.string().uuid(),
  reason: ChosenNotReadyReason,
  byAgentId: z.string().uuid(),
  byName: z.string(),
});
export type NotReadyRequest = z.infer<typeof NotReadyRequest>;

/**
 * The one reachability rule: a presence last reported more than UNREACHABLE_AFTER_MS before `now`
 * is unreachable since that report. The backend applies it to the board and the router; the board
 * applies it again as its clock ticks (with the backend's clock offset).
 */
export function unreachableSince(presence: Pick<AgentPresence, 'reportedAt'> | null, now: Date): string | null {
  if (!presence) return null;
  return now.getTime() - Date.parse(presence.reportedAt) > UNREACHABLE_AFTER_MS ? presence.reportedAt : null;
}

/** What a call router would offer a call to: reachable and ready. */
export function takesCalls(presence: AgentPresence | null, now: Date): boolean {
  return presence !== null && presence.state === 'ready' && unreachableSince(presence, now) === null;
}
