import type { Kysely } from 'kysely';
import type { FollowUpList } from '../../shared/api/rest.js';
import type { FollowUpStatus } from '../../shared/domain/followUp.js';
import type { ServerSchema } from '../db/schema.js';
import { followUpFromRecord } from '../db/syncedRecords.js';
import { keysetPage } from '../http/keysetPage.js';
import type { AgentScope } from '../scope/agentScope.js';
import { inScopeWhere } from '../scope/scopedReads.js';

/** The follow-ups in the agent's scope, soonest due first, by keyset pages. */
export async function listFollowUps(
  db: Kysely<ServerSchema>,
  scope: AgentScope,
  filter: { status?: FollowUpStatus; cursor?: string; limit: number },
): Promise<FollowUpList> {
  let query = db.selectFrom('followUps').selectAll().where(inScopeWhere('followUps', scope)).where('deleted', '=', 0);
  if (filter.status) query = query.where('status', '=', filter.status);
  const page = await keysetPage(query, { column: 'dueAt', direction: 'asc' }, filter);
  return { items: page.items.map(followUpFromRecord), nextCursor: page.nextCursor };
}
