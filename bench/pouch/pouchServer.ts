import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { PouchDatabase, PouchStatic } from './pouchTypes.js';

/**
 * The PouchDB side of the initial-sync comparison, server half: `express-pouchdb` 4 on
 * `pouchdb-node` 9 (LevelDB), in its own process, on 127.0.0.1 only. On first use it loads one
 * branch's live customers, products and service orders — the very rows our backend serves that
 * branch's seat — as documents from our seeded server file into a fresh LevelDB in DATA_DIR
 * (an empty folder each run: a kept LevelDB also kept the documents a previous run pushed, so the
 * two sides then synced different data). Prints `pouch listening on http://…/branch` when ready.
 * Environment: SERVER_DB (our seeded SQLite file), BRANCH (code), DATA_DIR, LIMIT (0 = all).
 */
const require = createRequire(import.meta.url);
const { SERVER_DB, BRANCH, DATA_DIR, LIMIT } = process.env as Record<string, string>;
const PouchDB = require('pouchdb-node') as PouchStatic;
const expressPouchDB = require('express-pouchdb') as (pouch: PouchStatic, options: Record<string, unknown>) => { listen(port: number, host: string, cb: () => void): import('node:http').Server };

fs.mkdirSync(DATA_DIR!, { recursive: true });
const Pouch = PouchDB.defaults({ prefix: `${DATA_DIR}/` });
if (fs.readdirSync(DATA_DIR!).length > 0) throw new Error(`${DATA_DIR}: not empty; the PouchDB server starts from a fresh folder each run`);
let loadedInfo: string;
{
  const started = Date.now();
  const db: PouchDatabase = new Pouch('branch');
  const sqlite = new Database(SERVER_DB!, { readonly: true });
  const limit = Number(LIMIT ?? 0);
  let loaded = 0;
  for (const [type, table] of [
    ['customer', 'customers'],
    ['product', 'products'],
    ['serviceOrder', 'service_orders'],
  ] as const) {
    const rows = sqlite
      .prepare(`SELECT t.* FROM ${table} t JOIN branches b ON b.id = t.branch_id WHERE b.code = ? AND t.deleted = 0 ${limit ? `LIMIT ${limit}` : ''}`)
      .iterate(BRANCH);
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (batch.length) await db.bulkDocs(batch);
      loaded += batch.length;
      batch = [];
    };
    for (const row of rows as Iterable<Record<string, unknown>>) {
      const { id, ...rest } = row;
      batch.push({ _id: String(id), type, ...rest });
      if (batch.length === 5000) {
        await flush();
        if (loaded % 100_000 === 0) console.error(`  pouch server: ${loaded} docs loaded …`);
      }
    }
    await flush();
  }
  sqlite.close();
  await db.close();
  loadedInfo = JSON.stringify({ docs: loaded, loadSeconds: (Date.now() - started) / 1000 });
}
const app = expressPouchDB(Pouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: path.join(DATA_DIR!, 'log.txt') });
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`pouch listening on http://127.0.0.1:${port}/branch ${loadedInfo}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
