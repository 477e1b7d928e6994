import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tempDir.js';

const tmp = makeTempDir('npm-start');
afterAll(() => tmp.cleanup());

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every live process whose environment carries `marker`: what `npm start` started, wherever it ended up. */
function processesMarkedWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'utf8').includes(marker)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return found;
}

describe.runIf(process.platform === 'linux')('npm start, stopped by a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops its backend and its browser seat on ${signal}, leaving no process behind`, async () => {
      const run = path.join(tmp.dir, signal);
      const rendererDir = path.join(run, 'renderer');
      fs.mkdirSync(rendererDir, { recursive: true });
      fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>seat</title>');
      const [backendPort, seatPort] = [await freePort(), await freePort()];
      const marker = `AW_START_STOP_TEST=${run}`;
      const start = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          AW_START_STOP_TEST: run,
          ELECTRON_EXECUTABLE: path.join(run, 'no-electron-here'),
          PORT: String(backendPort),
          SEAT_PORT: String(seatPort),
          DATABASE_URL: path.join(run, 'server.db'),
          SEED_CUSTOMERS: '20',
          SEAT_DATA_DIR: path.join(run, 'seat'),
          RENDERER_DIR: rendererDir,
        },
      });
      let output = '';
      const ready = new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (/Open http:\/\/127\.0\.0\.1:\d+\/#token=/.test(output)) resolve();
        };
        start.stdout.on('data', onData);
        start.stderr.on('data', onData);
        start.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
      });
      await ready;
      expect((await fetch(`http://127.0.0.1:${backendPort}/readyz`)).ok).toBe(true);
      expect(processesMarkedWith(marker).length).toBeGreaterThanOrEqual(2); // itself and the backend

      const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));
      start.kill(signal);
      expect(await exited).toBe(0);
      expect(processesMarkedWith(marker)).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${backendPort}/readyz`)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${seatPort}/`)).rejects.toThrow();
    }, 180_000);
  }
});
