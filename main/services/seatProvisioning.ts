import fs from 'node:fs';
import path from 'node:path';
import { UpdateSettings, type SeatConfig } from '../../shared/seatConfig.js';
import { loadSeatConfig } from './seatConfigLoader.js';
import { readSeatPolicy, type PolicyReader, type SeatPolicy } from './seatPolicy.js';

/** What the host tells provisioning: enough to decide, nothing Electron-specific. */
export interface ProvisioningHost {
  platform: NodeJS.Platform;
  /** An installed build: the seat file IT deployed rules, and the environment is not consulted. */
  isPackaged: boolean;
  env: NodeJS.ProcessEnv;
  /** The user's own profile folder for this app (Electron's `app.getPath('userData')`). */
  userDataDir: string;
  /** Where the machine-wide seat file is; defaults to `machineSeatFilePath(platform, env)`. */
  machineSeatFile?: string;
  /** Reads the Windows policy key (`regQueryPolicyReader()` in the app); absent: no policy. */
  readPolicy?: PolicyReader;
}

export type SeatProvisioning =
  | { kind: 'ready'; config: SeatConfig; seatFile: string | null }
  /**
   * No seat file yet (an installed app on a PC where IT has not deployed one; from a checkout,
   * SEAT_CONFIG naming a file that is not there): the first-run screen, which saves to `saveTo`.
   */
  | { kind: 'needs-seat-file'; seatFile: string; saveTo: string };

/**
 * The admin-owned seat file: `%ProgramData%\AgentWorkstation\seat.json` on Windows,
 * `/etc/agent-workstation/seat.json` elsewhere. Users cannot write either, so a seat's backend
 * and phone extension are what IT set.
 */
export function machineSeatFilePath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') {
    return path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'AgentWorkstation', 'seat.json');
  }
  return '/etc/agent-workstation/seat.json';
}

/**
 * Where this seat's configuration comes from and where its data goes. Installed: the machine
 * seat file IT deployed, else the one the first-run screen saved in the user's profile, with the
 * Windows policy key over either (its SeatFile replaces the ProgramData file; its BackendUrl,
 * SeatCode and UpdatesEnabled win over the file's; BackendUrl and SeatCode alone suffice); data in
 * the user's profile (each Windows user has their own cache, never the install folder). From a
 * checkout: SEAT_CONFIG or the machine file if present, then the environment overrides, as
 * `loadSeatConfig` documents. Throws `SeatConfigError` for a seat file that is present but wrong.
 */
export function provisionSeat(host: ProvisioningHost): SeatProvisioning {
  const pathApi = host.platform === 'win32' ? path.win32 : path.posix;
  if (host.isPackaged) {
    const policy = readSeatPolicy(host.platform, host.readPolicy, host.env) ?? {};
    const machineFile = policy.seatFile ?? host.machineSeatFile ?? machineSeatFilePath(host.platform, host.env);
    const userFile = pathApi.join(host.userDataDir, 'seat.json');
    const seatFile = [machineFile, userFile].find((file) => fs.existsSync(file)) ?? null;
    const policyOnly = policy.backendUrl !== undefined && policy.seatCode !== undefined;
    if (!seatFile && !policyOnly) return { kind: 'needs-seat-file', seatFile: machineFile, saveTo: userFile };
    const { updates, ...config } = loadSeatConfig({
      ...(seatFile ? { SEAT_CONFIG: seatFile } : {}),
      ...(policy.backendUrl !== undefined ? { BACKEND_URL: policy.backendUrl } : {}),
      ...(policy.seatCode !== undefined ? { SEAT_CODE: policy.seatCode } : {}),
    });
    // Updates follow IT only (its file, its policy): a seat file a user saved neither turns them off nor points them elsewhere.
    const itsUpdates = updatesByIt(seatFile === machineFile ? updates : undefined, policy);
    return { kind: 'ready', config: { ...config, ...itsUpdates, dataDir: pathApi.join(host.userDataDir, 'seat') }, seatFile };
  }
  const machineFile = host.machineSeatFile ?? machineSeatFilePath(host.platform, host.env);
  if (host.env.SEAT_CONFIG && !fs.existsSync(host.env.SEAT_CONFIG)) {
    return { kind: 'needs-seat-file', seatFile: host.env.SEAT_CONFIG, saveTo: host.env.SEAT_CONFIG };
  }
  const seatFile = host.env.SEAT_CONFIG ?? (fs.existsSync(machineFile) ? machineFile : null);
  const config = loadSeatConfig(seatFile ? { ...host.env, SEAT_CONFIG: seatFile } : host.env);
  return { kind: 'ready', config, seatFile };
}

function updatesByIt(fromItsFile: UpdateSettings | undefined, policy: SeatPolicy): { updates?: UpdateSettings } {
  if (policy.updatesEnabled === undefined) return fromItsFile ? { updates: fromItsFile } : {};
  return { updates: UpdateSettings.parse({ ...fromItsFile, enabled: policy.updatesEnabled }) };
}
