import { Migrator, type MigrationResult } from 'kysely';
import type { ServerDatabase } from './openServerDatabase.js';
import { serverMigrations } from './migrations/index.js';

/** Applies every pending migration; returns what ran (empty when the schema was already current). */
export async function migrateToLatest(database: ServerDatabase): Promise<MigrationResult[]> {
  const migrations = serverMigrations(database.dialect);
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results;
}
