import type { Note } from '../../../shared/domain/note.js';
import { noteEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `notes` table (append-only). */

const noteRows = cacheRowMapping(noteEntity);

/** `words` as a LIKE pattern matching them anywhere, the pattern's own wildcards escaped. */
function containing(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function noteTable(db: LocalCacheDb) {
  // The row never changes after its create; only the server's version (and a tombstone) move.
  const rows = syncedTableStatements(db, 'notes', noteRows, { replace: ['version', 'deleted'] });
  // A customer has tens of notes, not thousands: a scan of theirs for the words is instant.
  const ofCustomer = db.prepare(
    "SELECT * FROM notes WHERE customer_id = @customerId AND deleted = 0 AND (@pattern IS NULL OR text LIKE @pattern ESCAPE '\\') ORDER BY created_at DESC, id DESC LIMIT @limit",
  );
  const ofOrder = db.prepare('SELECT * FROM notes WHERE order_id = ? AND deleted = 0 ORDER BY created_at DESC, id DESC');

  return {
    upsert: rows.upsert,
    find: rows.find,
    discard: rows.discard,
    /** A customer's notes (theirs and their orders'), newest first; with `words`, those containing them. */
    ofCustomer(customerId: string, words: string, limit: number): Note[] {
      return rows.rows(ofCustomer.all({ customerId, pattern: words === '' ? null : containing(words), limit }));
    },
    /** An order's notes, newest first. */
    ofOrder(orderId: string): Note[] {
      return rows.rows(ofOrder.all(orderId));
    },
  };
}
