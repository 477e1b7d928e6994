import type { AgentWorkload, ChosenNotReadyReason, PresenceReport, TeamBoard, TeamBoardAtSeat } from '../../shared/domain/agentPresence.js';
import { hotlineToday, LOW_SATISFACTION, type KpiRow } from '../../shared/domain/kpis.js';
import { isOverdue } from '../../shared/domain/orderSla.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { LocalCache } from './localCache/localCache.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { BackendError, type BackendClient } from './sync/backendClient.js';

/**
 * The seat's part in agent presence (shared/domain/agentPresence.ts): it hands the page's reports
 * to the backend, reads the team board and passes a supervisor's not-ready request on. A report
 * the backend does not take (link down, signed in offline) is dropped, not queued: presence is
 * "now", and the backend shows a silent seat as unreachable since its last report.
 */
export async function reportPresence(backend: BackendClient, report: PresenceReport): Promise<{ delivered: boolean }> {
  try {
    await backend.reportPresence(report);
    return { delivered: true };
  } catch (error) {
    if (error instanceof BackendError && (error.kind === 'unreachable' || error.kind === 'unauthorized' || error.kind === 'server')) return { delivered: false };
    throw asWorkstationError(error);
  }
}

/**
 * The team board (online only: presence is live or nothing), each agent with their workload: the
 * open and overdue orders they own in this seat's cache (a supervisor's cache holds the branch's)
 * and today's calls from the backend's figures (left out, not failed, when those cannot be read).
 */
export async function teamBoard(backend: BackendClient, cache: LocalCache, now: Date): Promise<TeamBoardAtSeat> {
  let board: TeamBoard;
  try {
    board = await backend.teamBoard();
  } catch (error) {
    throw asWorkstationError(error);
  }
  const today = hotlineToday(now);
  const byAgent = (period: 'day' | 'week', from: string) =>
    backend.figures({ period, by: 'agent', from, to: today, limit: 200 }).then(
      (page) => page.items,
      () => null,
    );
  const [todayByAgent, weekByAgent] = await Promise.all([byAgent('day', today), byAgent('week', hotlineWeekStart(today))]);
  return withWorkload(board, cache.serviceOrders.awaitingService(), todayByAgent, now, weekByAgent);
}

/** The Monday of the week a hotline date is in (weeks start on Monday, as the figures' weeks do). */
export function hotlineWeekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/**
 * Joins each board row with its agent's orders (open, and past a service-level deadline), today's
 * call figures and this week's low-score follow-ups (scores ≤ LOW_SATISFACTION of the week's
 * satisfaction figure: the desk's "low scores" drill-down lists the same follow-ups).
 */
export function withWorkload(board: TeamBoard, openOrders: readonly ServiceOrder[], todayByAgent: readonly KpiRow[] | null, now: Date, weekByAgent: readonly KpiRow[] | null = null): TeamBoardAtSeat {
  const orders = new Map<string, { openOrders: number; overdueOrders: number }>();
  for (const order of openOrders) {
    if (!order.ownerAgentId) continue;
    const counts = orders.get(order.ownerAgentId) ?? { openOrders: 0, overdueOrders: 0 };
    counts.openOrders += 1;
    if (isOverdue(order, now)) counts.overdueOrders += 1;
    orders.set(order.ownerAgentId, counts);
  }
  const calls = new Map((todayByAgent ?? []).map((row) => [row.key, row.calls]));
  const lowScores = new Map((weekByAgent ?? []).map((row) => [row.key, row.satisfaction.byScore.slice(0, LOW_SATISFACTION).reduce((a, b) => a + b, 0)]));
  return {
    asOf: board.asOf,
    rows: board.rows.map((row) => {
      const owned = orders.get(row.agent.id) ?? { openOrders: 0, overdueOrders: 0 };
      const c = calls.get(row.agent.id);
      const today: AgentWorkload['today'] = todayByAgent === null ? null : c ? { answered: c.answered, missed: c.missed, handleSeconds: c.handleSeconds } : { answered: 0, missed: 0, handleSeconds: 0 };
      const lowScoresThisWeek = weekByAgent === null ? null : (lowScores.get(row.agent.id) ?? 0);
      return { ...row, workload: { ...owned, today, lowScoresThisWeek } };
    }),
  };
}

export async function putNotReady(backend: BackendClient, agentId: string, reason: ChosenNotReadyReason): Promise<{ ok: true }> {
  try {
    await backend.putNotReady(agentId, reason);
    return { ok: true };
  } catch (error) {
    throw asWorkstationError(error);
  }
}

function asWorkstationError(error: unknown): unknown {
  if (!(error instanceof BackendError)) return error;
  if (error.kind === 'unreachable') return new WorkstationError('backend_unreachable', error.message);
  if (error.kind === 'unauthorized') return new WorkstationError('auth_failed', error.message);
  if (error.status === 403) return new WorkstationError('not_permitted', error.message);
  if (error.status === 404) return new WorkstationError('not_found', error.message);
  return new WorkstationError(error.kind === 'rejected' ? 'bad_input' : 'internal', error.message);
}
