import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';

/** Where the Electron build of the SQLite driver sits, relative to the app's root (see electron-builder.yml). */
const ELECTRON_BUILD = path.join('dist', 'native', 'better_sqlite3.node');

export interface DriverHost {
  isPackaged: boolean;
  env: NodeJS.ProcessEnv;
  /** The app's root: the checkout, or `resources/app.asar` when installed. */
  appDir: string;
}

/**
 * The one place that says which compiled SQLite driver the Electron app loads; every database
 * open (cache, encryption check, search-index worker) gets this path. Installed: the build
 * unpacked beside app.asar, never a path from the environment (that would let anyone load any
 * `.node` file into the app). From a checkout: BETTER_SQLITE3_ELECTRON_BINDING, else
 * dist/native/ if built, else undefined (the driver's own build, Node's ABI).
 */
export function resolveNativeBinding(host: DriverHost): string | undefined {
  if (host.isPackaged) return path.join(`${host.appDir}.unpacked`, ELECTRON_BUILD);
  const override = host.env.BETTER_SQLITE3_ELECTRON_BINDING;
  if (override) return override;
  const built = path.join(host.appDir, ELECTRON_BUILD);
  return fs.existsSync(built) ? built : undefined;
}

/**
 * Startup self-check: creates an encrypted database with this driver in a scratch folder (the
 * cipher refuses keys on in-memory databases), reads back what it wrote, and removes it. A driver
 * built for the wrong ABI, or one without the cipher, fails here with a message that says so,
 * instead of at the first login.
 */
export function checkSqliteDriver(nativeBinding: string | undefined): void {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-driver-check-'));
  const file = path.join(scratch, 'check.db');
  let db: Database.Database;
  try {
    db = new Database(file, nativeBinding ? { nativeBinding } : {});
  } catch (error) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new Error(`the SQLite driver ${nativeBinding ?? '(default build)'} cannot be loaded: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma(`key = "x'${'00'.repeat(32)}'"`);
    db.exec('CREATE TABLE self_check (v TEXT); INSERT INTO self_check VALUES (\'ok\')');
    const row = db.prepare('SELECT v FROM self_check').get() as { v: string } | undefined;
    const cipher = db.pragma('cipher', { simple: true });
    if (row?.v !== 'ok' || cipher !== 'sqlcipher') throw new Error(`read back ${JSON.stringify(row)}, cipher ${String(cipher)}`);
    if (fs.readFileSync(file).subarray(0, 15).toString('latin1') === 'SQLite format 3') throw new Error('the file was written unencrypted');
  } catch (error) {
    throw new Error(`the SQLite driver ${nativeBinding ?? '(default build)'} fails its encryption self-check: ${(error as Error).message}`, { cause: error });
  } finally {
    db.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
