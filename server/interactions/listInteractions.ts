import type { Kysely } from 'kysely';
import type { InteractionList } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import { interactionFromRecord } from '../db/syncedRecords.js';
import { keysetPage } from '../http/keysetPage.js';

/** A branch's calls (a customer's past contacts with `customerId`), newest first, by keyset pages. */
export async function listInteractions(
  db: Kysely<ServerSchema>,
  branchId: string,
  filter: { customerId?: string; cursor?: string; limit: number },
): Promise<InteractionList> {
  let query = db.selectFrom('interactions').selectAll().where('branchId', '=', branchId).where('deleted', '=', 0);
  if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
  const page = await keysetPage(query, { column: 'startedAt', direction: 'desc' }, filter);
  return { items: page.items.map(interactionFromRecord), nextCursor: page.nextCursor };
}
