import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { SecretVault, type SecretCipher } from './secretVault.js';

const tmp = makeTempDir('secret-vault');
afterAll(tmp.cleanup);

/** Stands in for safeStorage (which needs Electron): a sealing that is not the identity. */
const xorCipher: SecretCipher = {
  backend: 'test-xor',
  encrypt: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decrypt: (sealed) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
};

/** A second process writing the same vault: `count` secrets named `<who>-<i>`, as fast as it can. */
function writer(file: string, who: string, count: number): Promise<number | null> {
  const vault = pathToFileURL(path.resolve('main/services/credentials/secretVault.ts')).href;
  const script = `
    const { SecretVault } = await import(${JSON.stringify(vault)});
    const cipher = { backend: 'test-xor', encrypt: (p) => Buffer.from(Buffer.from(p, 'utf8').map((b) => b ^ 0x5a)), decrypt: (s) => Buffer.from(s.map((b) => b ^ 0x5a)).toString('utf8') };
    const v = new SecretVault(${JSON.stringify(file)}, cipher);
    for (let i = 0; i < ${count}; i++) v.set(${JSON.stringify(who)} + '-' + i, 'secret ' + i);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('the secret vault', () => {
  it('two processes writing at once lose none of each other\'s secrets (read-modify-write under a lock)', async () => {
    const file = path.join(tmp.dir, 'two-writers', 'secrets.json');
    expect(await Promise.all([writer(file, 'a', 150), writer(file, 'b', 150)])).toEqual([0, 0]);
    const vault = new SecretVault(file, xorCipher);
    const missing = ['a', 'b'].flatMap((who) => Array.from({ length: 150 }, (_, i) => `${who}-${i}`)).filter((name) => vault.get(name) !== `secret ${name.split('-')[1]}`);
    expect(missing).toEqual([]);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['secrets.json']);
  });

  it('a lock left by a writer that died is taken over; a live one that stays is an error naming it, not a hang', () => {
    const file = path.join(tmp.dir, 'stale', 'secrets.json');
    const vault = new SecretVault(file, xorCipher);
    vault.set('first', 'one');
    fs.writeFileSync(`${file}.lock`, '12345');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${file}.lock`, old, old);
    vault.set('second', 'two');
    expect([vault.get('first'), vault.get('second')]).toEqual(['one', 'two']);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);

    fs.writeFileSync(`${file}.lock`, '12345'); // fresh: another process holds it
    const started = Date.now();
    expect(() => vault.set('third', 'three')).toThrow(/stays locked by another process/);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(vault.get('third')).toBeNull();
    fs.rmSync(`${file}.lock`);
  });
});
