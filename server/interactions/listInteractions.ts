import type { Kysely } from 'kysely';
import type { InteractionList } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import { interactionFromRecord } from '../db/syncedRecords.js';
import { keysetPage } from '../http/keysetPage.js';
import type { AgentScope } from '../scope/agentScope.js';
import { inScopeWhere } from '../scope/scopedReads.js';

/** The calls in the agent's scope (a customer's past contacts with `customerId`), newest first, by keyset pages. */
export async function listInteractions(
  db: Kysely<ServerSchema>,
  scope: AgentScope,
  filter: { customerId?: string; cursor?: string; limit: number },
): Promise<InteractionList> {
  let query = db.selectFrom('interactions').selectAll().where(inScopeWhere('interactions', scope)).where('deleted', '=', 0);
  if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
  const page = await keysetPage(query, { column: 'startedAt', direction: 'desc' }, filter);
  return { items: page.items.map(interactionFromRecord), nextCursor: page.nextCursor };
}
