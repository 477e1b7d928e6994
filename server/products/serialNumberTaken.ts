import type { Kysely } from 'kysely';
import type { ServerSchema } from '../db/schema.js';

/** True when a unit with this serial number is already registered (any branch: serials are the manufacturer's). */
export async function serialNumberTaken(db: Kysely<ServerSchema>, serialNumber: string): Promise<boolean> {
  const row = await db.selectFrom('products').select('id').where('serialNumber', '=', serialNumber).where('deleted', '=', 0).executeTakeFirst();
  return row !== undefined;
}
