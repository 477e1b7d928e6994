import type { Kysely } from 'kysely';
import type { InteractionList } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import { interactionFromRecord } from '../db/syncedRecords.js';
import { decodePageCursor, encodePageCursor } from '../http/pageCursor.js';

/** A branch's calls (a customer's past contacts with `customerId`), newest first, by keyset pages. */
export async function listInteractions(
  db: Kysely<ServerSchema>,
  branchId: string,
  filter: { customerId?: string; cursor?: string; limit: number },
): Promise<InteractionList> {
  const after = filter.cursor === undefined ? undefined : decodePageCursor(filter.cursor);
  let query = db.selectFrom('interactions').selectAll().where('branchId', '=', branchId).where('deleted', '=', 0);
  if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
  if (after) query = query.where((eb) => eb.or([eb('startedAt', '<', after.key), eb.and([eb('startedAt', '=', after.key), eb('id', '<', after.id)])]));
  const records = await query.orderBy('startedAt', 'desc').orderBy('id', 'desc').limit(filter.limit + 1).execute();
  const page = records.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(interactionFromRecord),
    nextCursor: records.length > filter.limit && last ? encodePageCursor({ key: last.startedAt, id: last.id }) : null,
  };
}
