import { pino, type Logger } from 'pino';
import { rotatingFile } from './rotatingFile.js';

/** Field paths whose values never reach a log file, whatever a caller passes. */
const SECRET_PATHS = ['password', 'token', 'secret', '*.password', '*.token', '*.secret', 'sip.password', 'config.sip.password', 'headers.authorization'];

export interface AppLogs {
  /** The main process: start, provisioning, sync and phone-key problems, power events, fatal errors. */
  main: Logger;
  /** The page's console (warnings and errors), forwarded by the Electron edge. */
  renderer: Logger;
}

/**
 * The desktop app's logs: pino (JSON lines, levels, redaction of secret fields) writing
 * synchronously to size-rotated files in the user's profile (`logs/main.log`, `logs/renderer.log`),
 * so a fatal error written just before exiting is on disk, and a seat that runs for months keeps
 * a few megabytes at most. The diagnostics bundle reads these files.
 */
export function createAppLogs(options: { dir: string; level?: string; maxBytes?: number; keep?: number }): AppLogs {
  const logger = (name: string) =>
    pino(
      {
        level: options.level ?? 'info',
        base: undefined,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: SECRET_PATHS, censor: '[redacted]' },
      },
      rotatingFile({ dir: options.dir, name, maxBytes: options.maxBytes ?? 2 * 1024 * 1024, keep: options.keep ?? 4 }),
    );
  return { main: logger('main.log'), renderer: logger('renderer.log') };
}
