import type { ServiceOrder } from './serviceOrder.js';

/**
 * Service-level timers for every stage of an order (docs/architecture.md, the order lifecycle).
 * Each stage has a deadline counted from the step that starts it:
 * - dispatch: the call centre sends a new order to an outlet within 4 h of its creation;
 * - accept: the outlet accepts the dispatched order within 2 h of the dispatch;
 * - on site: the technician is there (the order in service) within 24 h of the dispatch;
 * - complete: the work is completed within 72 h of the order's creation, whatever held it up.
 */
export const DISPATCH_WITHIN_HOURS = 4;
export const ACCEPT_WITHIN_HOURS = 2;
export const ON_SITE_WITHIN_HOURS = 24;
export const COMPLETE_WITHIN_HOURS = 72;

export type SlaStage = 'dispatch' | 'accept' | 'onSite' | 'complete';

/** One stage's timer at a moment: when it is due, and the time left (negative: overdue by that much). */
export interface StageClock {
  stage: SlaStage;
  dueAt: string;
  remainingMs: number;
}

export type SlaOrder = Pick<ServiceOrder, 'status' | 'createdAt' | 'dispatchedAt'>;

const HOUR_MS = 3_600_000;

/** The stages each status still waits for; an order past completion, or cancelled, waits for none. */
const WAITING_FOR: Record<ServiceOrder['status'], readonly SlaStage[]> = {
  new: ['dispatch', 'complete'],
  dispatched: ['accept', 'onSite', 'complete'],
  accepted: ['onSite', 'complete'],
  in_service: ['complete'],
  parts_pending: ['complete'],
  completed: [],
  visited: [],
  closed: [],
  cancelled: [],
};

/**
 * The timers running for the order at `now`, soonest due first. An order dispatched before its
 * dispatch time was recorded (older data) counts its accept and on-site timers from its creation,
 * the earliest it can have been dispatched: such an order is never exempt from the timers.
 */
export function runningClocks(order: SlaOrder, now: Date): StageClock[] {
  const created = Date.parse(order.createdAt);
  const dispatched = order.dispatchedAt === null ? created : Date.parse(order.dispatchedAt);
  const due: Record<SlaStage, number> = {
    dispatch: created + DISPATCH_WITHIN_HOURS * HOUR_MS,
    accept: dispatched + ACCEPT_WITHIN_HOURS * HOUR_MS,
    onSite: dispatched + ON_SITE_WITHIN_HOURS * HOUR_MS,
    complete: created + COMPLETE_WITHIN_HOURS * HOUR_MS,
  };
  const at = now.getTime();
  return WAITING_FOR[order.status]
    .map((stage) => ({ stage, dueAt: new Date(due[stage]).toISOString(), remainingMs: due[stage] - at }))
    .sort((a, b) => a.remainingMs - b.remainingMs);
}

/** The countdown a row shows: the running timer due soonest (the most overdue if any is), or null when none runs. */
export function nextDeadline(order: SlaOrder, now: Date): StageClock | null {
  return runningClocks(order, now)[0] ?? null;
}

/** Past a deadline with the stage not done. Exactly at the deadline is not yet overdue. */
export function isOverdue(order: SlaOrder, now: Date): boolean {
  const next = nextDeadline(order, now);
  return next !== null && next.remainingMs < 0;
}

/** Each stage's deadline in hours, counted from the step that starts it (see the constants above). */
export const STAGE_WITHIN_HOURS: Readonly<Record<SlaStage, number>> = {
  dispatch: DISPATCH_WITHIN_HOURS,
  accept: ACCEPT_WITHIN_HOURS,
  onSite: ON_SITE_WITHIN_HOURS,
  complete: COMPLETE_WITHIN_HOURS,
};

/** The statuses in which an order still waits for `stage`: only there can its timer run out (the figures count it missed). */
export function statusesWaitingFor(stage: SlaStage): ServiceOrder['status'][] {
  return (Object.keys(WAITING_FOR) as Array<ServiceOrder['status']>).filter((status) => WAITING_FOR[status].includes(stage));
}
