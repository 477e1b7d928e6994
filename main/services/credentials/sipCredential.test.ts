import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { loadSeatConfig } from '../seatConfigLoader.js';
import { SecretVault, SecretVaultError, type SecretCipher } from './secretVault.js';
import { resolveSipCredential, sipSecretName } from './sipCredential.js';

/**
 * The app seals with Electron's safeStorage, which needs an Electron binary; here an AES-256-GCM
 * cipher with a per-test key stands in for the OS keychain, so the vault's own rules are what is
 * tested: nothing in plain text on disk, the seat file's password moved out, a lost key reported.
 */
function aesCipher(key = crypto.randomBytes(32)): SecretCipher {
  return {
    backend: 'test-aes',
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const tmp = makeTempDir('sip-credential');
afterAll(() => tmp.cleanup());
let n = 0;
function seatDir() {
  const dir = path.join(tmp.dir, `seat-${++n}`);
  fs.mkdirSync(dir);
  return dir;
}
/** The seat_password fallback (a PBX without auth_ephemeral): the only mode with a seat password. */
const SIP = { wsUrl: 'wss://sip.hq.example:7443', domain: 'hq.example', user: '1001', password: 'S3cret-坐席-pw', credential: 'seat_password' };

describe('SecretVault', () => {
  it('stores sealed secrets only, readable again with the same keychain, file mode 0600', () => {
    const file = path.join(seatDir(), 'secrets.json');
    const cipher = aesCipher();
    new SecretVault(file, cipher).set('sip:1001@hq.example', SIP.password);
    const raw = fs.readFileSync(file, 'utf8');
    expect(raw).not.toContain(SIP.password);
    expect(raw).not.toContain(Buffer.from(SIP.password).toString('base64'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(new SecretVault(file, cipher).get('sip:1001@hq.example')).toBe(SIP.password);
    expect(new SecretVault(file, cipher).get('sip:1002@hq.example')).toBeNull();
    new SecretVault(file, cipher).delete('sip:1001@hq.example');
    expect(new SecretVault(file, cipher).get('sip:1001@hq.example')).toBeNull();
  });

  it('reports a keychain that can no longer open a secret, and a damaged file, in words', () => {
    const file = path.join(seatDir(), 'secrets.json');
    new SecretVault(file, aesCipher()).set('sip:1001@hq.example', 'pw');
    expect(() => new SecretVault(file, aesCipher()).get('sip:1001@hq.example')).toThrow(/cannot be opened with the test-aes keychain/);
    fs.writeFileSync(file, '{"half":');
    expect(() => new SecretVault(file, aesCipher()).get('x')).toThrow(SecretVaultError);
    expect(() => new SecretVault(file, aesCipher()).get('x')).toThrow(/damaged/);
  });
});

describe('the SIP password and the OS keychain', () => {
  it('moves a deployed password out of the seat file into the keychain; the next start reads it from there', () => {
    const dir = seatDir();
    const seatFile = path.join(dir, 'seat.json');
    fs.writeFileSync(seatFile, JSON.stringify({ seatCode: '07', sip: SIP }));
    const vault = new SecretVault(path.join(dir, 'secrets.json'), aesCipher());
    const logged: string[] = [];

    const first = resolveSipCredential(loadSeatConfig({ SEAT_CONFIG: seatFile }), { vault, seatFile, log: (l) => logged.push(l) });
    expect(first).toMatchObject({ problem: null, account: { user: '1001', password: SIP.password } });
    const rewritten = JSON.parse(fs.readFileSync(seatFile, 'utf8')) as { seatCode: string; sip: Record<string, unknown> };
    expect(rewritten.sip).not.toHaveProperty('password');
    expect(rewritten).toMatchObject({ seatCode: '07', sip: { wsUrl: SIP.wsUrl, user: '1001' } });
    expect(logged.join('\n')).toContain('moved');
    expect(logged.join('\n')).not.toContain(SIP.password);

    const second = resolveSipCredential(loadSeatConfig({ SEAT_CONFIG: seatFile }), { vault, seatFile });
    expect(second).toMatchObject({ problem: null, account: { password: SIP.password } });
    expect(vault.get(sipSecretName(SIP))).toBe(SIP.password);
  });

  it('a redeployed password replaces the sealed one', () => {
    const dir = seatDir();
    const seatFile = path.join(dir, 'seat.json');
    const vault = new SecretVault(path.join(dir, 'secrets.json'), aesCipher());
    fs.writeFileSync(seatFile, JSON.stringify({ sip: SIP }));
    resolveSipCredential(loadSeatConfig({ SEAT_CONFIG: seatFile }), { vault, seatFile });
    fs.writeFileSync(seatFile, JSON.stringify({ sip: { ...SIP, password: 'rotated-pw' } }));
    resolveSipCredential(loadSeatConfig({ SEAT_CONFIG: seatFile }), { vault, seatFile });
    expect(resolveSipCredential(loadSeatConfig({ SEAT_CONFIG: seatFile }), { vault, seatFile }).account?.password).toBe('rotated-pw');
  });

  it('without a password anywhere, the softphone gets a clear credentials_unavailable problem', () => {
    const dir = seatDir();
    const seatFile = path.join(dir, 'seat.json');
    const { password: _none, ...noPassword } = SIP;
    fs.writeFileSync(seatFile, JSON.stringify({ sip: noPassword }));
    const config = loadSeatConfig({ SEAT_CONFIG: seatFile });
    const withVault = resolveSipCredential(config, { vault: new SecretVault(path.join(dir, 'secrets.json'), aesCipher()), seatFile });
    expect(withVault.account).toBeNull();
    expect(withVault.problem).toMatchObject({ code: 'credentials_unavailable', message: expect.stringContaining('sip:1001@hq.example') });
    const noKeychain = resolveSipCredential(config, { vault: null });
    expect(noKeychain.problem?.message).toMatch(/no OS keychain/);
  });

  it('without a keychain (the browser seat) the seat file keeps its password and nothing is written', () => {
    const dir = seatDir();
    const seatFile = path.join(dir, 'seat.json');
    fs.writeFileSync(seatFile, JSON.stringify({ sip: SIP }));
    const before = fs.readFileSync(seatFile, 'utf8');
    expect(resolveSipCredential(loadSeatConfig({ SEAT_CONFIG: seatFile }), { vault: null, seatFile }).account?.password).toBe(SIP.password);
    expect(fs.readFileSync(seatFile, 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['seat.json']);
  });

  it('with per-agent credentials (the default) there is no seat password: no account from the seat, nothing sealed or written', () => {
    const dir = seatDir();
    const seatFile = path.join(dir, 'seat.json');
    fs.writeFileSync(seatFile, JSON.stringify({ sip: { wsUrl: SIP.wsUrl, domain: SIP.domain } }));
    const before = fs.readFileSync(seatFile, 'utf8');
    const vault = new SecretVault(path.join(dir, 'secrets.json'), aesCipher());
    expect(resolveSipCredential(loadSeatConfig({ SEAT_CONFIG: seatFile }), { vault, seatFile })).toEqual({ account: null, problem: null });
    expect(fs.readFileSync(seatFile, 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['seat.json']);
  });
});
