import type { Kysely } from 'kysely';
import type { FollowUpList } from '../../shared/api/rest.js';
import type { FollowUpStatus } from '../../shared/domain/followUp.js';
import type { ServerSchema } from '../db/schema.js';
import { followUpFromRecord } from '../db/syncedRecords.js';
import { decodePageCursor, encodePageCursor } from '../http/pageCursor.js';

/** A branch's follow-ups, soonest due first, by keyset pages. */
export async function listFollowUps(
  db: Kysely<ServerSchema>,
  branchId: string,
  filter: { status?: FollowUpStatus; cursor?: string; limit: number },
): Promise<FollowUpList> {
  const after = filter.cursor === undefined ? undefined : decodePageCursor(filter.cursor);
  let query = db.selectFrom('followUps').selectAll().where('branchId', '=', branchId).where('deleted', '=', 0);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (after) query = query.where((eb) => eb.or([eb('dueAt', '>', after.key), eb.and([eb('dueAt', '=', after.key), eb('id', '>', after.id)])]));
  const records = await query.orderBy('dueAt').orderBy('id').limit(filter.limit + 1).execute();
  const page = records.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(followUpFromRecord),
    nextCursor: records.length > filter.limit && last ? encodePageCursor({ key: last.dueAt, id: last.id }) : null,
  };
}
