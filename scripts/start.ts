import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../main/electron/findElectronBinary.js';
import { startSeatHost } from '../main/seat/seatHost.js';
import { loadSeatConfig } from '../main/services/seatConfigLoader.js';
import { WorkstationService } from '../main/services/workstationService.js';
import { appVersion } from '../main/appVersion.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demoLogins.js';

/**
 * `npm start`: the backend on the embedded SQLite default (demo data on first run), then the
 * workstation — the Electron app where an Electron binary is installed, else the browser seat.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const backendPort = Number(process.env.PORT ?? 8787);
const backendUrl = process.env.BACKEND_URL ?? `http://127.0.0.1:${backendPort}`;
const children: ChildProcess[] = [];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  children.push(child);
  return child;
}

async function waitForBackend(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`backend did not become ready at ${url} within ${timeoutMs / 1000} s`);
}

function stopAll(code: number): never {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

try {
  const build = run('npm', ['run', '--silent', 'build']);
  const built = await new Promise<number>((resolve) => build.on('exit', (code) => resolve(code ?? 1)));
  if (built !== 0) throw new Error('build failed');

  const backend = run(process.execPath, ['--import', 'tsx', 'server/main.ts'], { PORT: String(backendPort) });
  backend.on('exit', (code) => {
    console.error(`backend stopped (exit ${code}); the workstation keeps working from its cache.`);
  });
  await waitForBackend(backendUrl, 180_000);

  const logins = `demo logins: ${DEMO_LOGINS.map((l) => l.login).join(', ')} (password ${DEMO_PASSWORD})`;
  const electronBinary = findElectronBinary();
  if (electronBinary) {
    const app = run(electronBinary, [path.join(root, 'dist/electron/main.cjs')], { BACKEND_URL: backendUrl });
    console.log(`Agent Workstation (Electron) started; ${logins}`);
    app.on('exit', (code) => stopAll(code ?? 0));
  } else {
    console.log('No Electron binary is installed on this machine (its installer downloads from outside the npm registry): starting the browser seat instead.');
    const config = loadSeatConfig({ ...process.env, BACKEND_URL: backendUrl });
    const service = new WorkstationService({ config, host: 'browser-seat', appVersion });
    const seat = await startSeatHost({ service, rendererDir: path.join(root, 'dist/renderer'), port: Number(process.env.SEAT_PORT ?? 5174) });
    console.log(`Open ${seat.openUrl} in Chromium or Chrome; ${logins}`);
  }
} catch (error) {
  console.error(`npm start failed: ${(error as Error).message}`);
  stopAll(1);
}
