import path from 'node:path';
import { startTsProcess, type StartedProcess } from './childProcess.js';

export interface RunningSeat extends StartedProcess {
  /** The URL to open, with the per-launch token in its fragment. */
  openUrl: string;
  origin: string;
}

/** The browser seat as `npm run seat` runs it (renderer already built into dist/renderer). */
export async function startSeat(options: {
  backendUrl: string;
  dataDir: string;
  syncIntervalMs?: number;
  /** More environment for the seat, e.g. its SIP account (SIP_WS_URL, SIP_USER, SIP_PASSWORD…). */
  env?: NodeJS.ProcessEnv;
}): Promise<RunningSeat> {
  const started = await startTsProcess(
    'main/seat/seatMain.ts',
    {
      BACKEND_URL: options.backendUrl,
      SEAT_DATA_DIR: options.dataDir,
      SEAT_PORT: '0',
      SEAT_SYNC_INTERVAL_MS: String(options.syncIntervalMs ?? 500),
      RENDERER_DIR: path.resolve('dist/renderer'),
      ...options.env,
    },
    /open (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/,
  );
  const origin = started.match[1]!;
  return { ...started, origin, openUrl: `${origin}/#token=${started.match[2]!}` };
}
