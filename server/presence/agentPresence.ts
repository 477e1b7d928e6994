import type { Kysely } from 'kysely';
import {
  AgentPresence,
  unreachableSince,
  type PresenceReport,
  type TeamBoard,
} from '../../shared/domain/agentPresence.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { ServerSchema } from '../db/schema.js';
import type { FiguresScope } from '../scope/agentScope.js';

type PresenceRecord = ServerSchema['agentPresence'];

function presenceFromRecord(record: PresenceRecord): AgentPresence {
  return AgentPresence.parse({
    agentId: record.agentId,
    branchId: record.branchId,
    state: record.state,
    reason: record.reason,
    since: record.since,
    call:
      record.callStartedAt === null
        ? null
        : { startedAt: record.callStartedAt, direction: record.callDirection ?? 'inbound', customerId: record.customerId, customerName: record.customerName },
    reportedAt: record.reportedAt,
  });
}

/**
 * Keeps an agent's seat's report as their presence (last write wins, no history), stamped with the
 * backend's clock: the reachability rule (shared/domain/agentPresence.ts) judges by that stamp.
 */
export async function reportPresence(db: Kysely<ServerSchema>, agent: Agent, report: PresenceReport, now: Date): Promise<AgentPresence> {
  const record: PresenceRecord = {
    agentId: agent.id,
    branchId: agent.branchId,
    state: report.state,
    reason: report.reason,
    since: report.since,
    callStartedAt: report.call?.startedAt ?? null,
    callDirection: report.call?.direction ?? null,
    customerId: report.call?.customerId ?? null,
    customerName: report.call?.customerName ?? null,
    reportedAt: now.toISOString(),
  };
  const { agentId: _agentId, ...changes } = record;
  await db.insertInto('agentPresence').values(record).onConflict((oc) => oc.column('agentId').doUpdateSet(changes)).execute();
  return presenceFromRecord(record);
}

/**
 * The team board of a presence scope, or of one branch within it: every agent who serves
 * customers (agents and supervisors), with their last presence and whether their seat is
 * unreachable at `now`. Ordered by branch and login.
 */
export async function teamBoard(db: Kysely<ServerSchema>, scope: FiguresScope, now: Date): Promise<TeamBoard> {
  let agents = db
    .selectFrom('agents')
    .select(['id', 'login', 'displayName', 'branchId'])
    .where('role', 'in', ['agent', 'supervisor'])
    .orderBy('branchId')
    .orderBy('login');
  let presences = db.selectFrom('agentPresence').selectAll();
  if (scope.branchIds !== null) {
    if (scope.branchIds.length === 0) return { asOf: now.toISOString(), rows: [] };
    agents = agents.where('branchId', 'in', scope.branchIds);
    presences = presences.where('branchId', 'in', scope.branchIds);
  }
  const [agentRows, presenceRows] = await Promise.all([agents.execute(), presences.execute()]);
  const byAgent = new Map(presenceRows.map((r) => [r.agentId, presenceFromRecord(r)]));
  return {
    asOf: now.toISOString(),
    rows: agentRows.map((agent) => {
      const presence = byAgent.get(agent.id) ?? null;
      return { agent, presence, unreachableSince: unreachableSince(presence, now) };
    }),
  };
}
