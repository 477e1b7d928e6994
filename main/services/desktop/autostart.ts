import type { SeatConfig } from '../../../shared/seatConfig.js';

/**
 * Starting with Windows, as IT decides in the seat file: the agent signs in to Windows and the
 * phone is there. Null: nothing to change (no decision in the seat file, or a run from a checkout,
 * which must not register a development Electron to start at sign-in).
 */
export function loginItemSettings(config: Pick<SeatConfig, 'autostart'>, isPackaged: boolean): { openAtLogin: boolean } | null {
  if (!isPackaged || config.autostart === undefined) return null;
  return { openAtLogin: config.autostart };
}
