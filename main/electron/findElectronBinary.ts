import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Electron executable for tests and `npm start`: ELECTRON_EXECUTABLE if set, else the binary
 * the `electron` package has downloaded (none here: it comes from outside the npm registry). Null
 * when there is none. Read from the package's own `path.txt` and `dist/`, never by
 * `require('electron')`: from Electron 42 on, that downloads the binary when it is missing.
 */
export function findElectronBinary(packageDir: string | null = electronPackageDir()): string | null {
  const explicit = process.env.ELECTRON_EXECUTABLE;
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  if (!packageDir) return null;
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

function electronPackageDir(): string | null {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}
