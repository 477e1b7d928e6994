import fs from 'node:fs';
import type { SeatConfig, SipAccount } from '../../../shared/seatConfig.js';
import { WorkstationError } from '../../../shared/workstationApi.js';
import { SecretVault, writeFileAtomically } from './secretVault.js';

/** The vault entry of a SIP account's password. */
export function sipSecretName(sip: { user: string; domain: string }): string {
  return `sip:${sip.user}@${sip.domain}`;
}

/** The softphone's account with its password, or why there is none (shown in the softphone). */
export type SipCredential = { account: SipAccount | null; problem: null } | { account: null; problem: WorkstationError };

export interface SipCredentialOptions {
  /** The OS keychain's vault; null where the host has none (the browser seat). */
  vault: SecretVault | null;
  /** The seat file the configuration came from, so a plain-text password can be taken out of it. */
  seatFile?: string;
  log?: (line: string) => void;
}

/**
 * The seat_password FALLBACK only (shared/seatConfig.ts SipCredentialMode: a PBX without
 * auth_ephemeral); with per-agent credentials (the default) there is no seat password, and this
 * answers no account (the backend issues the credential after sign-in: agentSipAccount.ts).
 * Where the host has a keychain, a password deployed in the seat file (or SIP_PASSWORD) is sealed
 * into it and removed from the seat file, and later starts read it from there. Without a keychain
 * the password must come from the seat file or the environment, and stays in memory only.
 */
export function resolveSipCredential(config: SeatConfig, options: SipCredentialOptions): SipCredential {
  const setting = config.sip;
  if (!setting || setting.credential !== 'seat_password' || setting.user === undefined) return { account: null, problem: null };
  const { credential: _mode, ...sip } = { ...setting, user: setting.user };
  const name = sipSecretName(sip);
  const log = options.log ?? (() => {});
  if (sip.password !== undefined) {
    if (options.vault) {
      options.vault.set(name, sip.password);
      if (options.seatFile && removePasswordFromSeatFile(options.seatFile)) {
        log(`The SIP password of ${name} was moved from ${options.seatFile} into the OS keychain.`);
      }
    }
    return { account: { ...sip, password: sip.password }, problem: null };
  }
  if (!options.vault) {
    return { account: null, problem: missing(`${name} has no password: this host has no OS keychain, so it must come from the seat file (sip.password) or SIP_PASSWORD`) };
  }
  let password: string | null;
  try {
    password = options.vault.get(name);
  } catch (error) {
    return { account: null, problem: missing(`${(error as Error).message}; deploy the password again in the seat file (sip.password)`) };
  }
  if (password === null) {
    return { account: null, problem: missing(`${name} has no password in the seat file, SIP_PASSWORD or the OS keychain; ask IT to deploy it (sip.password) once`) };
  }
  return { account: { ...sip, password }, problem: null };
}

function missing(message: string): WorkstationError {
  return new WorkstationError('credentials_unavailable', message);
}

/**
 * Rewrites the seat file without `sip.password`, keeping everything else; false when the file had
 * none or cannot be written (a read-only, policy-deployed file: then it stays, and the log says so).
 */
function removePasswordFromSeatFile(file: string): boolean {
  let content: { sip?: Record<string, unknown> } & Record<string, unknown>;
  try {
    content = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof content;
  } catch {
    return false;
  }
  if (typeof content.sip !== 'object' || content.sip === null || !('password' in content.sip)) return false;
  const { password: _sealed, ...sip } = content.sip;
  try {
    writeFileAtomically(file, JSON.stringify({ ...content, sip }, null, 2) + '\n', fs.statSync(file).mode & 0o777);
    return true;
  } catch {
    return false;
  }
}
