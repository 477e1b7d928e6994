import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SessionInfo } from '../../../shared/workstationApi.js';
import { WorkstationError } from '../../../shared/workstationApi.js';
import { newCacheKey, type CacheKeyStore } from '../credentials/cacheKeys.js';
import { unwrapCacheKey, wrapCacheKey } from '../credentials/cacheKeyWrapping.js';
import { writeFileAtomically } from '../credentials/secretVault.js';
import { probeCache, type CacheKey } from '../localCache/cacheEncryption.js';
import type { LocalCache } from '../localCache/localCache.js';
import { hasNothingUnsynced, nothingUnsyncedMarkerOf } from '../localCache/nothingUnsyncedMarker.js';
import type { BackendClient } from '../sync/backendClient.js';
import { SeatSync } from '../sync/seatSync.js';

const NOTHING_UNSYNCED_SUFFIX = nothingUnsyncedMarkerOf('');

type CacheRecovery = NonNullable<SessionInfo['cacheRecovery']>;

/** What opening an agent's encrypted cache needs (WorkstationService passes its own). */
export interface AgentCacheAccess {
  /** The cache file (`<dataDir>/<agent>/cache.db`). */
  file: string;
  /** The agent's cache name: what the key is kept under. */
  cacheName: string;
  keys: CacheKeyStore;
  /** Opens the cache file with this key (LocalCache.open with the seat's driver). */
  open(key: CacheKey): LocalCache;
  nativeBinding?: string;
  log(line: string): void;
}

/**
 * The cache's own random id, kept in plain beside it (`cache.db.id`): what its key is escrowed
 * under at the backend, readable when the key is not. Made when a cache is first escrowed.
 */
export function cacheIdOf(file: string, create = false): string | null {
  const idFile = `${file}.id`;
  try {
    const id = fs.readFileSync(idFile, 'utf8').trim();
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!create) return null;
  const id = crypto.randomUUID();
  writeFileAtomically(idFile, `${id}\n`, 0o600);
  return id;
}

/** The cache's key from the keychain, if it opens the file (or there is no file yet: then a new key is kept). */
function keptKeyThatOpens(access: AgentCacheAccess): CacheKey | null {
  const kept = access.keys.read(access.cacheName);
  if (kept.kind === 'kept') {
    if (probeCache(access.file, kept.key, access.nativeBinding) !== 'unreadable') return kept.key;
    access.log(`The seat cache ${access.file} does not open with its key from the OS keychain.`);
    return null;
  }
  if (kept.kind === 'unsealable') access.log(kept.reason);
  if (fs.existsSync(access.file)) return null;
  const key = newCacheKey();
  access.keys.keep(access.cacheName, key);
  return key;
}

/** details of a cache_key_lost refusal: the file, and whether the agent may start afresh beside it now (online only). */
interface CacheKeyLostDetails {
  file: string;
  canStartAfresh: boolean;
}

function keyLost(access: AgentCacheAccess, why: string, canStartAfresh: boolean): WorkstationError {
  const details: CacheKeyLostDetails = { file: access.file, canStartAfresh };
  return new WorkstationError(
    'cache_key_lost',
    `The seat cache ${access.file} can no longer be opened with this PC's keychain (reset keychain, Windows password reset, another Windows user) and ${why}. ` +
      'The file is left untouched with any unsynced changes in it; log in while headquarters is reachable, or ask IT.',
    details,
  );
}

/**
 * Offline login: the cache opens with the key the keychain holds, or the agent is told the key is
 * lost (the file untouched; its key can only be recovered from the backend).
 */
export function openAgentCacheOffline(access: AgentCacheAccess): LocalCache {
  const key = keptKeyThatOpens(access);
  if (!key) throw keyLost(access, 'headquarters, which keeps its key in escrow, cannot be reached now', false);
  return access.open(key);
}

export interface OnlineOpening {
  cache: LocalCache;
  key: CacheKey;
  recovery: CacheRecovery | null;
  /** The id of a cache that was replaced by a fresh one: its escrow is dropped with the next. */
  replaced: string | null;
}

/**
 * Online login (docs/architecture.md §8 (cache key escrow)). With a key from the keychain that opens
 * the cache: that cache. Otherwise the cache's key is fetched from escrow and unwrapped with the
 * password just accepted by the backend — unless the plain marker beside the cache says nothing in
 * it is unsynced (nothingUnsyncedMarker.ts): then it starts afresh at once. The recovered key is
 * kept again under this PC's keychain first (so the cache opens whatever happens next), then the cache's waiting changes are pushed — each once,
 * as the outbox and the backend's mutation ids guarantee — and, when nothing waits any more (no
 * outbox, no refused changes to show), the cache is replaced by a fresh one under a new key. If
 * some could not be pushed, the recovered cache is kept as the session's cache and uploads later.
 * Without an escrow that opens it, the file is left untouched and the agent is told
 * (cache_key_lost); only if the agent then chooses to start afresh (`startAfresh`) is it moved,
 * unchanged, into a folder for IT, and a fresh cache made beside it.
 */
export async function openAgentCacheOnline(
  access: AgentCacheAccess,
  backend: BackendClient,
  password: string,
  seatIdOf: (cache: LocalCache) => string,
  options: { startAfresh?: boolean } = {},
): Promise<OnlineOpening> {
  const kept = keptKeyThatOpens(access);
  if (kept) return { cache: access.open(kept), key: kept, recovery: null, replaced: null };

  const cacheId = cacheIdOf(access.file);
  if (hasNothingUnsynced(access.file)) {
    // Nothing in it that headquarters lacks: sync afresh at once, no key needed.
    removeCacheFiles(access.file);
    const fresh = newCacheKey();
    access.keys.keep(access.cacheName, fresh);
    access.log(`The seat cache ${access.file}, whose key is lost, held nothing unsynced: it starts afresh under a new key.`);
    return { cache: access.open(fresh), key: fresh, recovery: { outcome: 'fresh', pushed: 0, waiting: 0 }, replaced: cacheId };
  }
  const recovered = await escrowedKeyThatOpens(access, backend, password, cacheId);
  if ('whyNot' in recovered) {
    if (!options.startAfresh) throw keyLost(access, recovered.whyNot, true);
    const keptAt = setAsideForIt(access.file);
    const fresh = newCacheKey();
    access.keys.keep(access.cacheName, fresh);
    access.log(`The agent chose to start afresh: the seat cache whose key is lost is kept, unchanged, in ${keptAt} for IT.`);
    return { cache: access.open(fresh), key: fresh, recovery: { outcome: 'set_aside', pushed: 0, waiting: 0, keptAt }, replaced: cacheId };
  }
  const oldKey = recovered.key;
  access.keys.keep(access.cacheName, oldKey);
  access.log(`The key of the seat cache ${access.file} was recovered from escrow.`);

  const old = access.open(oldKey);
  const waitingBefore = old.outbox.count();
  if (waitingBefore > 0) {
    const sync = new SeatSync({ cache: old, backend, seatId: seatIdOf(old), intervalMs: 60_000, snapshotReader: false });
    try {
      await sync.pushOutboxOnly();
    } catch (error) {
      access.log(`Pushing the recovered cache's waiting changes stopped: ${(error as Error).message}`);
    }
  }
  const waiting = old.outbox.count();
  const pushed = waitingBefore - waiting;
  const refused = old.outbox.deadLetters().length;
  if (waiting + refused > 0) {
    access.log(`The recovered seat cache ${access.file} is kept: ${waiting} changes wait to upload, ${refused} were refused.`);
    return { cache: old, key: oldKey, recovery: { outcome: 'kept', pushed, waiting: waiting + refused }, replaced: null };
  }
  old.close();
  removeCacheFiles(access.file);
  const fresh = newCacheKey();
  access.keys.keep(access.cacheName, fresh);
  access.log(`The seat cache ${access.file} starts afresh under a new key (${pushed} recovered changes pushed).`);
  return { cache: access.open(fresh), key: fresh, recovery: { outcome: pushed > 0 ? 'pushed' : 'fresh', pushed, waiting: 0 }, replaced: cacheId };
}

/** The escrowed key of the cache if it opens it, or why not (in words for the refusal). */
async function escrowedKeyThatOpens(access: AgentCacheAccess, backend: BackendClient, password: string, cacheId: string | null): Promise<{ key: CacheKey } | { whyNot: string }> {
  if (!cacheId) return { whyNot: 'its key was never escrowed at headquarters (no cache id beside it)' };
  let escrow;
  try {
    escrow = await backend.escrowedCacheKey(cacheId);
  } catch (error) {
    return { whyNot: `headquarters did not give its key back: ${(error as Error).message}` };
  }
  if (!escrow) return { whyNot: 'headquarters keeps no key of this agent for it' };
  const key = await unwrapCacheKey(escrow.wrappedKey, password);
  if (!key) return { whyNot: 'its escrowed key was wrapped under an earlier password of this agent' };
  if (probeCache(access.file, key, access.nativeBinding) !== 'opens') return { whyNot: 'its escrowed key does not open it either' };
  return { key };
}

/**
 * Moves the cache file with its journal and id, unchanged, into `<agent folder>/key-lost-<time>/`
 * (IT may still open it with a key found elsewhere); returns that folder.
 */
function setAsideForIt(file: string, now = new Date()): string {
  const folder = path.join(path.dirname(file), `key-lost-${now.toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(folder, { recursive: true });
  for (const suffix of ['', '-wal', '-shm', '.id', NOTHING_UNSYNCED_SUFFIX]) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, path.join(folder, path.basename(file) + suffix));
  }
  return folder;
}

/** The cache file with its journal and its id: everything in it has reached headquarters. */
function removeCacheFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '.id', NOTHING_UNSYNCED_SUFFIX]) fs.rmSync(file + suffix, { force: true });
}

/**
 * Hands the cache's key to the backend, wrapped under the agent's password (after each online
 * login, so the escrow follows password changes). A failure costs nothing now: it is logged, and
 * the next online login tries again.
 */
export async function escrowCacheKey(file: string, key: CacheKey, password: string, backend: BackendClient, replaced: string | null, log: (line: string) => void): Promise<void> {
  const cacheId = cacheIdOf(file, true)!;
  try {
    await backend.escrowCacheKey(cacheId, { wrappedKey: await wrapCacheKey(key, password), ...(replaced && replaced !== cacheId ? { replaces: replaced } : {}) });
  } catch (error) {
    log(`The key of the seat cache ${file} could not be escrowed at headquarters now: ${(error as Error).message}`);
  }
}
