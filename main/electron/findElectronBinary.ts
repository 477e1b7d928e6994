import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The Electron executable for tests and `npm start`: ELECTRON_EXECUTABLE if set, else the binary
 * the `electron` package installed (none here: its installer downloads from outside the npm
 * registry). Null when there is none.
 */
export function findElectronBinary(): string | null {
  const explicit = process.env.ELECTRON_EXECUTABLE;
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  try {
    const installed = require('electron') as unknown;
    return typeof installed === 'string' && fs.existsSync(installed) ? installed : null;
  } catch {
    return null;
  }
}
