import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  /** The file name, e.g. `main.log`; older generations become `main.1.log`, `main.2.log`, … */
  name: string;
  maxBytes?: number;
  /** Older generations kept besides the current file. */
  keep?: number;
}

/**
 * A log file in the user's profile that rolls over at `maxBytes`, so a seat that runs for months
 * never fills the disk; the destination of the app's pino logs (appLog.ts). Synchronous on
 * purpose: the fatal error written just before the app exits must be on disk.
 */
export function rotatingFile(options: RotatingFileOptions): { write(text: string): void } {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  const ext = path.extname(options.name);
  const base = options.name.slice(0, options.name.length - ext.length);
  const generation = (n: number) => path.join(options.dir, n === 0 ? options.name : `${base}.${n}${ext}`);

  return {
    write(text: string) {
      fs.mkdirSync(options.dir, { recursive: true });
      const current = generation(0);
      const size = fs.existsSync(current) ? fs.statSync(current).size : 0;
      if (size >= maxBytes) {
        fs.rmSync(generation(keep), { force: true });
        for (let n = keep - 1; n >= 0; n--) {
          if (fs.existsSync(generation(n))) fs.renameSync(generation(n), generation(n + 1));
        }
      }
      fs.appendFileSync(current, text);
    },
  };
}
