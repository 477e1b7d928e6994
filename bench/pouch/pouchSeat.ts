import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { PouchStatic } from './pouchTypes.js';

/**
 * The PouchDB side of the initial-sync comparison, seat half (own process, so its peak RSS is its
 * own): `pouchdb-node` 9 replicates the branch database from the express-pouchdb server into an
 * empty local LevelDB, then replicates local → remote with nothing to send (the first push,
 * which walks every local change: pouchdb#7578), then 10,000 new local docs → remote. Prints
 * one JSON line. Environment: REMOTE_URL, LOCAL_DIR, BATCH_SIZE (docs per replication batch),
 * OFFLINE_DOCS.
 */
const require = createRequire(import.meta.url);
const { REMOTE_URL, LOCAL_DIR, BATCH_SIZE, OFFLINE_DOCS } = process.env as Record<string, string>;
const PouchDB = require('pouchdb-node') as PouchStatic;
fs.rmSync(LOCAL_DIR!, { recursive: true, force: true });
fs.mkdirSync(LOCAL_DIR!, { recursive: true });
const local = new PouchDB(`${LOCAL_DIR}/seat`);
const batchSize = Number(BATCH_SIZE ?? 1000);

let started = performance.now();
const pulled = await PouchDB.replicate(REMOTE_URL!, local, { batch_size: batchSize });
const pullSeconds = (performance.now() - started) / 1000;
const docs = (await local.info()).doc_count;

started = performance.now();
const firstPush = await PouchDB.replicate(local, REMOTE_URL!, { batch_size: batchSize });
const firstEmptyPushSeconds = (performance.now() - started) / 1000;

started = performance.now();
const secondPush = await PouchDB.replicate(local, REMOTE_URL!, { batch_size: batchSize });
const secondEmptyPushMs = performance.now() - started;

const offline = Number(OFFLINE_DOCS ?? 10_000);
const docsToPush = Array.from({ length: offline }, (_, i) => ({ _id: `offline-${i}`, type: 'customer', name: `离线${i}`, vip_tier: 'silver' }));
await local.bulkDocs(docsToPush);
started = performance.now();
const offlinePush = await PouchDB.replicate(local, REMOTE_URL!, { batch_size: batchSize });
const offlinePushSeconds = (performance.now() - started) / 1000;
await local.close();
const diskMB = Math.round(Number(execFileSync('du', ['-sb', LOCAL_DIR!], { encoding: 'utf8' }).split('\t')[0]) / 1e6);
console.log(
  JSON.stringify({
    docs,
    docsRead: pulled.docs_read,
    docsWritten: pulled.docs_written,
    batchSize,
    pullSeconds: Number(pullSeconds.toFixed(2)),
    rowsPerSecond: Math.round(docs / pullSeconds),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    diskMB,
    firstEmptyPushSeconds: Number(firstEmptyPushSeconds.toFixed(2)),
    firstEmptyPushDocsRead: firstPush.docs_read,
    secondEmptyPushMs: Math.round(secondEmptyPushMs),
    offlineDocsPushed: offlinePush.docs_written,
    offlinePushSeconds: Number(offlinePushSeconds.toFixed(2)),
    errors: [...pulled.errors, ...firstPush.errors, ...secondPush.errors, ...offlinePush.errors].length,
  }),
);
