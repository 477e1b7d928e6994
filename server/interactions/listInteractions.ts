import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { InteractionList, InteractionListQuery } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import { interactionFromRecord } from '../db/syncedRecords.js';
import type { AgentScope } from '../scope/agentScope.js';
import { scopedPage } from '../scope/scopedReads.js';

/** The calls in the agent's scope (a customer's past contacts with `customerId`), newest first, by keyset pages. */
export async function listInteractions(db: Kysely<ServerSchema>, scope: AgentScope, filter: z.output<typeof InteractionListQuery>): Promise<InteractionList> {
  return scopedPage(db, 'interactions', scope, {
    equal: { customerId: filter.customerId },
    order: { column: 'startedAt', direction: 'desc' },
    page: filter,
    item: interactionFromRecord,
  });
}
