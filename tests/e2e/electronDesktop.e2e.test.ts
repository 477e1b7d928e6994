import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../main/electron/findElectronBinary.js';
import { ELECTRON_NOT_RUN } from '../support/closingLineReporter.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { DEMO_AGENT } from '../support/demo.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The desktop app behaving like a phone, in a real Electron (where ELECTRON_EXECUTABLE exists;
 * "not run" here): close-to-tray, a tel: link handed over by a second launch, sleep and wake,
 * the global phone keys, the question before quitting with unsynced work, the first-run
 * screen, and updates by the real electron-updater from a feed on this PC. The decisions
 * themselves are unit-tested in main/services/desktop.
 */
const electronBinary = findElectronBinary();
const nativeBinding = process.env.BETTER_SQLITE3_ELECTRON_BINDING ?? path.resolve('dist/native/better_sqlite3.node');
const mainScript = path.resolve('dist/electron/main.cjs');
const NOT_RUN = `${ELECTRON_NOT_RUN} (set ELECTRON_EXECUTABLE, or install electron with its binary download)`;

describe('Electron desktop behaviour', () => {
  const tmp = makeTempDir('electron-desktop');
  let backend: RunningBackend | null = null;
  afterAll(async () => {
    await backend?.stop();
    tmp.cleanup();
  });

  /** The app for one test, with its own profile folder (logs, caches) and the dev backend. */
  async function launch(name: string, env: Record<string, string> = {}): Promise<{ app: ElectronApplication; userData: string; env: NodeJS.ProcessEnv }> {
    if (!fs.existsSync(nativeBinding)) throw new Error(`better-sqlite3 for Electron missing at ${nativeBinding}: run npm run build:electron-native`);
    backend ??= await startBackend({ dir: tmp.dir, customers: 50 });
    const userData = path.join(tmp.dir, name, 'profile');
    const fullEnv = { ...process.env, BACKEND_URL: backend.url, SEAT_DATA_DIR: path.join(tmp.dir, name, 'seat'), BETTER_SQLITE3_ELECTRON_BINDING: nativeBinding, ...env };
    const app = await electron.launch({ executablePath: electronBinary!, args: [mainScript, `--user-data-dir=${userData}`], env: fullEnv });
    return { app, userData, env: fullEnv };
  }

  async function logIn(app: ElectronApplication) {
    const page = await app.firstWindow();
    await page.getByTestId('login-user').fill(DEMO_AGENT.login);
    await page.getByTestId('login-password').fill(DEMO_AGENT.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workspace').waitFor();
    return page;
  }

  const windowState = (app: ElectronApplication) =>
    app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })));

  it('closing the window during a shift hides it to the tray; a second launch with a tel: link brings it back with the number looked up', async (ctx) => {
    if (!electronBinary) return ctx.skip(NOT_RUN);
    const { app, env, userData } = await launch('tray');
    try {
      const page = await logIn(app);
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
      await expect.poll(() => windowState(app)).toEqual([{ visible: false, destroyed: false }]);

      const second = spawn(electronBinary!, [mainScript, `--user-data-dir=${userData}`, 'tel:+86-138-0013-8000'], { env, stdio: 'ignore' });
      expect(await new Promise<number | null>((resolve) => second.once('exit', resolve))).toBe(0);
      await expect.poll(() => windowState(app)).toEqual([{ visible: true, destroyed: false }]);
      await expect.poll(() => page.getByTestId('search-input').inputValue()).toBe('+8613800138000');
    } finally {
      await app.close();
    }
  });

  it('sleep, lock and wake reach the seat; the phone keys are registered', async (ctx) => {
    if (!electronBinary) return ctx.skip(NOT_RUN);
    const { app, userData } = await launch('power');
    try {
      await logIn(app);
      await app.evaluate(({ powerMonitor }) => {
        powerMonitor.emit('lock-screen');
        powerMonitor.emit('suspend');
        powerMonitor.emit('resume');
      });
      const log = () => fs.readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8');
      // No SIP account in this seat: the agent is offline, so only waking acts (re-register, sync now).
      await expect.poll(log).toContain('power: resume → reconnect, syncNow');
      expect(log()).toContain('power: suspend → nothing');
      // A run from a checkout takes no updates (no AW_UPDATE_FEED): nothing is asked of any feed.
      expect(log()).toContain('updates: off (not an installed app)');
      expect(log()).not.toContain('electron-updater:');
      expect(await app.evaluate(({ globalShortcut }) => ['CommandOrControl+F9', 'CommandOrControl+F10'].map((key) => globalShortcut.isRegistered(key)))).toEqual([true, true]);
    } finally {
      await app.close();
    }
  });

  it('quitting with changes not yet at headquarters asks first; "cancel" keeps the app', async (ctx) => {
    if (!electronBinary) return ctx.skip(NOT_RUN);
    const { app } = await launch('quit');
    try {
      const page = await logIn(app);
      await backend!.stop(); // headquarters unreachable: the next change waits in the outbox
      backend = null;
      const created = await page.evaluate(() =>
        (window as unknown as { workstationIpc: { invoke(m: string, i: unknown): Promise<{ ok: boolean }> } }).workstationIpc.invoke('customers.create', {
          name: '离线客户',
          phone: '13900001234',
          province: '北京',
          city: '北京',
          address: '海淀区 1 号',
        }),
      );
      expect(created.ok).toBe(true);
      await app.evaluate(({ dialog }) => {
        const state = globalThis as unknown as { asked: string[] };
        state.asked = [];
        dialog.showMessageBoxSync = ((...args: unknown[]) => {
          const options = args.at(-1) as { detail: string };
          state.asked.push(options.detail);
          return 1; // cancel
        }) as typeof dialog.showMessageBoxSync;
      });
      await app.evaluate(({ app: electronApp }) => electronApp.quit());
      await expect.poll(() => app.evaluate(() => (globalThis as unknown as { asked: string[] }).asked.length)).toBe(1);
      expect((await app.evaluate(() => (globalThis as unknown as { asked: string[] }).asked))[0]).toMatch(/not reached headquarters|未同步/);
      expect(await windowState(app)).toHaveLength(1);
    } finally {
      await app.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => {});
      await app.close().catch(() => {});
    }
  });

  it('without a seat file the first-run screen shows; a good backend address and seat code are saved', async (ctx) => {
    if (!electronBinary) return ctx.skip(NOT_RUN);
    const seatFile = path.join(tmp.dir, 'first-run', 'seat.json');
    const { app } = await launch('first-run', { SEAT_CONFIG: seatFile });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('first-run').waitFor();
      await app.evaluate(({ app: electronApp }) => {
        electronApp.relaunch = () => {}; // the test checks the saved file; no second app
      });
      await page.getByTestId('setup-backendUrl').fill('http://hq.example:8787');
      await page.getByTestId('setup-seatCode').fill('7');
      await page.getByTestId('setup-check').click();
      await expect.poll(() => page.getByTestId('setup-problem').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(['backend_url_insecure', 'seat_code_invalid']);
      await page.getByTestId('setup-backendUrl').fill(backend!.url);
      await page.getByTestId('setup-seatCode').fill('07');
      const exited = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
      await page.getByTestId('setup-save').click();
      await page.getByTestId('setup-saved').waitFor();
      await exited; // restarts with the new file
      expect(JSON.parse(fs.readFileSync(seatFile, 'utf8'))).toMatchObject({ backendUrl: backend!.url, seatCode: '07' });
    } finally {
      await app.close().catch(() => {});
    }
  });

  it('requests to headquarters go through the system proxy (Chromium\'s network stack, as the SIP WebSocket does)', async (ctx) => {
    if (!electronBinary) return ctx.skip(NOT_RUN);
    const { app } = await launch('proxy');
    // A forward proxy on loopback that counts what passes and relays it to the backend.
    const through: string[] = [];
    const proxy = http.createServer((req, res) => {
      const target = new URL(req.url ?? '/');
      through.push(target.pathname);
      const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (proxy.address() as AddressInfo).port;
      // '<-loopback>': Chromium would otherwise send loopback traffic around any proxy.
      await app.evaluate(({ session }, proxyPort) => session.defaultSession.setProxy({ proxyRules: `http=127.0.0.1:${proxyPort}`, proxyBypassRules: '<-loopback>' }), port);
      await logIn(app);
      expect(through).toContain('/auth/login');
    } finally {
      await app.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('a crashed page: the crash report stays in the profile (uploaded nowhere), the window loads the app again', async (ctx) => {
    if (!electronBinary) return ctx.skip(NOT_RUN);
    const { app, userData } = await launch('crash');
    try {
      const page = await app.firstWindow();
      await page.getByTestId('login-form').waitFor();
      const dumps = await app.evaluate(({ app: electronApp, crashReporter }) => ({ dir: electronApp.getPath('crashDumps'), uploads: crashReporter.getUploadToServer() }));
      expect(dumps.uploads).toBe(false);
      await app.evaluate(({ BrowserWindow, dialog }) => {
        dialog.showMessageBox = (async () => ({ response: 0, checkboxChecked: false })) as typeof dialog.showMessageBox;
        BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer();
      });
      const log = () => fs.readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8');
      await expect.poll(log).toContain('renderer gone');
      await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.getURL())).toBe('workstation://app/index.html');
      await (await app.firstWindow()).getByTestId('login-form').waitFor();
      const dmp = () => (fs.existsSync(dumps.dir) ? fs.readdirSync(dumps.dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.dmp')) : []);
      await expect.poll(() => dmp().length, { timeout: 15_000 }).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  it('updates: the real electron-updater finds a newer version on the feed, downloads it in the background, and installs it when the app quits with nothing to lose', async (ctx) => {
    if (!electronBinary) return ctx.skip(NOT_RUN);
    // The feed as electron-builder publishes it for Linux: latest-linux.yml and the AppImage beside it.
    // The "AppImage" is a script: run by the installer step, it leaves a mark.
    const dir = path.join(tmp.dir, 'updates');
    fs.mkdirSync(dir, { recursive: true });
    const installedMark = path.join(dir, 'installed.txt');
    const appImage = Buffer.from(`#!/bin/sh\necho "silent=$APPIMAGE_SILENT_INSTALL" > "${installedMark}"\n`);
    const sha512 = createHash('sha512').update(appImage).digest('base64');
    const fileName = 'AgentWorkstation-999.0.0-linux-x86_64.AppImage';
    const feedYml = `version: 999.0.0\nfiles:\n  - url: ${fileName}\n    sha512: ${sha512}\n    size: ${appImage.length}\npath: ${fileName}\nsha512: ${sha512}\nreleaseDate: '2026-12-01T00:00:00.000Z'\n`;
    const asked: string[] = [];
    const feed = http.createServer((req, res) => {
      const name = new URL(req.url ?? '/', 'http://feed').pathname.slice('/aw/'.length);
      asked.push(name);
      if (/^latest-linux(-arm64)?\.yml$/.test(name)) res.end(feedYml);
      else if (name === fileName) res.end(appImage);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    // The running "installed" app: the file the installer step replaces.
    const current = path.join(dir, 'AgentWorkstation.AppImage');
    fs.writeFileSync(current, 'the old version');
    const { app, userData } = await launch('updates', {
      AW_UPDATE_FEED: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/aw/`,
      APPIMAGE: current,
      XDG_CACHE_HOME: path.join(dir, 'cache'),
    });
    const log = () => fs.readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8');
    try {
      await app.firstWindow();
      await expect.poll(log, { timeout: 30_000 }).toContain('updates: 999.0.0 downloaded');
      expect(asked).toContain(fileName);
      expect(fs.existsSync(installedMark)).toBe(false); // nothing installed while the app runs
      // Nobody signed in, nothing unsynced: the quit installs it (silently, without starting it again).
      const exited = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
      await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => {});
      await exited;
      expect(fs.readFileSync(installedMark, 'utf8').trim()).toBe('silent=true');
      expect(fs.readFileSync(current)).toEqual(appImage);
      expect(log()).toContain('updates: installer started');
    } finally {
      await app.close().catch(() => {});
      await new Promise((resolve) => feed.close(resolve));
    }
  });
});
