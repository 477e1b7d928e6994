import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { FollowUpList, FollowUpListQuery } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import { followUpFromRecord } from '../db/syncedRecords.js';
import type { AgentScope } from '../scope/agentScope.js';
import { scopedPage } from '../scope/scopedReads.js';

/** The follow-ups in the agent's scope, soonest due first, by keyset pages. */
export async function listFollowUps(db: Kysely<ServerSchema>, scope: AgentScope, filter: z.output<typeof FollowUpListQuery>): Promise<FollowUpList> {
  return scopedPage(db, 'followUps', scope, {
    equal: { status: filter.status },
    order: { column: 'dueAt', direction: 'asc' },
    page: filter,
    item: followUpFromRecord,
  });
}
