import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What seals a secret: Electron's safeStorage (the OS keychain: Keychain, DPAPI, libsecret/kwallet)
 * in the app. The vault never sees a key, only the cipher's sealed bytes.
 */
export interface SecretCipher {
  /** Which keychain seals, for the log and for the warning when it is not a real one. */
  readonly backend: string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export class SecretVaultError extends Error {
  override name = 'SecretVaultError';
}

type VaultFile = Record<string, string>;

const LOCK_WAIT_MS = 5_000;
const STALE_LOCK_MS = 10_000;
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

/**
 * Named secrets (the SIP password) kept sealed by the OS keychain in one small file of the seat's
 * data directory (mode 0600, written whole and renamed into place, so a crash leaves the old or the
 * new file, never half of one). A change reads, changes and writes the file under a lock file, so
 * two processes (a second instance starting, a tool) never lose each other's secrets: a cache key
 * lost that way would leave that cache, and the outbox in it, unreadable. Plain text never touches the disk.
 */
export class SecretVault {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  /** The secret, or null when none is stored; throws when the keychain can no longer open it. */
  get(name: string): string | null {
    const sealed = this.read()[name];
    if (sealed === undefined) return null;
    try {
      return this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch (error) {
      throw new SecretVaultError(
        `the stored secret "${name}" cannot be opened with the ${this.cipher.backend} keychain (was the keychain reset, or the seat moved to another user?): ${(error as Error).message}`,
      );
    }
  }

  set(name: string, secret: string): void {
    const sealed = this.cipher.encrypt(secret).toString('base64');
    this.locked(() => this.write({ ...this.read(), [name]: sealed }));
  }

  delete(name: string): void {
    this.locked(() => {
      const entries = this.read();
      if (!(name in entries)) return;
      delete entries[name];
      this.write(entries);
    });
  }

  /**
   * Runs a read-modify-write holding `<file>.lock` (created exclusively; a lock older than
   * STALE_LOCK_MS is one whose writer died, and is taken over). Waits up to LOCK_WAIT_MS.
   */
  private locked(work: () => void): void {
    const lock = `${this.file}.lock`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const age = lockAge(lock);
      if (age === null) continue; // released meanwhile
      if (age > STALE_LOCK_MS) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new SecretVaultError(`the secret store ${this.file} stays locked by another process (${lock})`);
      Atomics.wait(SLEEPER, 0, 0, 5); // a few milliseconds: the holder writes one small file
    }
    try {
      work();
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }

  private read(): VaultFile {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SecretVaultError(`the secret store ${this.file} is damaged (not JSON); remove it and deploy the seat's secrets again`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
      throw new SecretVaultError(`the secret store ${this.file} is damaged (not a map of sealed secrets); remove it and deploy the seat's secrets again`);
    }
    return parsed as VaultFile;
  }

  private write(entries: VaultFile): void {
    writeFileAtomically(this.file, JSON.stringify(entries, null, 2) + '\n', 0o600);
  }
}

/** How long ago the lock file was taken, or null when it is gone. */
function lockAge(lock: string): number | null {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return null;
  }
}

/** Writes a whole file beside its final name, flushes it, then renames it into place. */
export function writeFileAtomically(file: string, content: string, mode: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'w', mode);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}
