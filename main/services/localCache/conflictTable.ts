import type { Conflict } from '../../../shared/domain/conflict.js';
import { conflictEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `conflicts` table (conflict records pulled from the backend). */

const conflictRows = cacheRowMapping(conflictEntity);

export function conflictTable(db: LocalCacheDb) {
  // The server changes only these once it made the record (an agent resolving it).
  const rows = syncedTableStatements(db, 'conflicts', conflictRows, { replace: ['resolved', 'mine', 'theirs', 'version', 'deleted'] });
  const open = db.prepare('SELECT * FROM conflicts WHERE resolved = 0 AND deleted = 0 ORDER BY created_at');
  const openOf = db.prepare('SELECT * FROM conflicts WHERE resolved = 0 AND deleted = 0 AND agent_id = ? ORDER BY created_at');

  return {
    upsert: rows.upsert,
    find: rows.find,
    discard: rows.discard,
    /** Conflicts on changes `agentId` pushed, waiting to be settled, oldest first. */
    openOf(agentId: string): Conflict[] {
      return rows.rows(openOf.all(agentId));
    },
    /** Conflicts waiting for an agent, oldest first. */
    open(): Conflict[] {
      return rows.rows(open.all());
    },
  };
}
