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
/** `--no-build`: start from what an earlier `npm run build` left in dist/. */
const skipBuild = process.argv.includes('--no-build');
const children: ChildProcess[] = [];
const closeOnStop: (() => Promise<void> | void)[] = [];
let stopping = false;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  // Each child leads its own process group, so a stop reaches what it started in turn (npm → vite).
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env }, detached: true });
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

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Stops every child (its whole group), waiting for each; one that ignores SIGTERM for 10 s is killed. */
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const close of closeOnStop) await close();
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        signalGroup(child, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
        // what the child left behind in its group (npm's grandchildren) goes with it
        signalGroup(child, 'SIGKILL');
      }),
    );
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
process.on('SIGHUP', () => void stopAll(0));

try {
  if (!skipBuild) {
    const build = run('npm', ['run', '--silent', 'build']);
    const built = await new Promise<number>((resolve) => build.on('exit', (code) => resolve(code ?? 1)));
    if (built !== 0) throw new Error('build failed');
  }

  const backend = run(process.execPath, ['--import', 'tsx', 'server/main.ts'], { PORT: String(backendPort) });
  backend.on('exit', (code) => {
    if (stopping) return;
    console.error(`backend stopped (exit ${code}); the workstation keeps working from its cache.`);
  });
  await waitForBackend(backendUrl, 180_000);

  const logins = `demo logins: ${DEMO_LOGINS.map((l) => l.login).join(', ')} (password ${DEMO_PASSWORD})`;
  const electronBinary = findElectronBinary();
  if (electronBinary) {
    const app = run(electronBinary, [path.join(root, 'dist/electron/main.cjs')], { BACKEND_URL: backendUrl });
    console.log(`Agent Workstation (Electron) started; ${logins}`);
    app.on('exit', (code) => void stopAll(code ?? 0));
  } else {
    console.log('No Electron binary is installed on this machine (its installer downloads from outside the npm registry): starting the browser seat instead.');
    const config = loadSeatConfig({ ...process.env, BACKEND_URL: backendUrl });
    const service = new WorkstationService({ config, host: 'browser-seat', appVersion });
    closeOnStop.push(() => service.close());
    const seat = await startSeatHost({
      service,
      rendererDir: process.env.RENDERER_DIR ?? path.join(root, 'dist/renderer'),
      port: Number(process.env.SEAT_PORT ?? 5174),
    });
    closeOnStop.unshift(() => seat.close());
    console.log(`Open ${seat.openUrl} in Chromium or Chrome; ${logins}`);
  }
} catch (error) {
  console.error(`npm start failed: ${(error as Error).message}`);
  await stopAll(1);
}
