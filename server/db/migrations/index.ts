import type { Migration } from 'kysely';
import type { DialectName } from '../openServerDatabase.js';
import { initialSchema } from './0001_initial.js';

/**
 * Every migration, in order. A static list (not a folder scan) so bundling and tsx behave alike;
 * migrations are forward-only: add a new numbered file, never edit an applied one.
 */
export function serverMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial': initialSchema(dialect),
  };
}
