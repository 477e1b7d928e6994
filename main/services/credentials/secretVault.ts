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

/**
 * Named secrets (the SIP password) kept sealed by the OS keychain in one small file of the seat's
 * data directory (mode 0600, written whole and renamed into place, so a crash leaves the old or the
 * new file, never half of one). Plain text never touches the disk.
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
    this.write({ ...this.read(), [name]: this.cipher.encrypt(secret).toString('base64') });
  }

  delete(name: string): void {
    const entries = this.read();
    if (!(name in entries)) return;
    delete entries[name];
    this.write(entries);
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
