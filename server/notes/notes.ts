import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { NoteList, NoteListQuery } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { NewNoteParsed, Note } from '../../shared/domain/note.js';
import type { ServerSchema } from '../db/schema.js';
import { noteFromRecord } from '../db/syncedRecords.js';
import { createAsAgent } from '../http/agentWrites.js';
import { ApiFailure } from '../http/apiFailure.js';
import type { AgentScope } from '../scope/agentScope.js';
import { scopedPage } from '../scope/scopedReads.js';
import type { ScopedChange } from '../sync/changeNotifier.js';

/** The notes in the agent's scope, newest first; each word of `query` must occur in the text. */
export async function listNotes(db: Kysely<ServerSchema>, scope: AgentScope, filter: z.output<typeof NoteListQuery>): Promise<NoteList> {
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return scopedPage(db, 'notes', scope, {
    equal: { customerId: filter.customerId, orderId: filter.orderId },
    narrow: (query) =>
      words.reduce((narrowed, word) => {
        const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        return narrowed.where(sql<boolean>`lower(text) like ${pattern} escape '\\'`);
      }, query),
    order: { column: 'createdAt', direction: 'desc' },
    page: filter,
    item: noteFromRecord,
  });
}

/** An agent writes a note through REST, as a seat's pushed create does; a note on an order is on its customer too. */
export async function createNote(db: Kysely<ServerSchema>, agent: Agent, input: NewNoteParsed): Promise<{ row: Note; changes: ScopedChange[] }> {
  let customerId = input.customerId;
  if (input.orderId !== null) {
    const order = await db.selectFrom('serviceOrders').select('customerId').where('id', '=', input.orderId).where('deleted', '=', 0).executeTakeFirst();
    if (!order) throw ApiFailure.notFound('order');
    customerId ??= order.customerId;
  }
  const patch = { branchId: agent.branchId, customerId, orderId: input.orderId, authorId: agent.id, text: input.text, createdAt: new Date().toISOString() };
  return createAsAgent(db, agent, 'note', input.id ?? randomUUID(), patch);
}
