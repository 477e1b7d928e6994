import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneStatus } from '../../shared/desktopLink.js';
import { AppUpdates, type UpdaterEngine } from '../../main/services/desktop/appUpdates.js';
import { DesktopChannel } from '../../main/services/desktop/desktopChannel.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The update policy driving the real electron-updater (its Linux AppImage updater) against a
 * generic feed on this PC, in Node: electron-updater is made for that with an app adapter of its
 * own and Node's HTTP in place of Electron's (as electron-builder's own updater tests do; nothing
 * loads Electron). What it shows: the feed electron-builder publishes is read, the download waits
 * for the call to end, is checked against its sha512, and is installed at a quit with nothing to
 * lose, not before; a broken feed is a logged failure. The `_electron` test shows the same in a
 * real Electron where one exists.
 */
const require = createRequire(import.meta.url);
// Only the class is taken: electron-updater's `autoUpdater` getter would load Electron.
const { AppImageUpdater } = require('electron-updater') as { AppImageUpdater: new (options: null, app: unknown) => UpdaterEngine };
const { NodeHttpExecutor } = require('builder-util/out/nodeHttpExecutor') as { NodeHttpExecutor: new () => { doDownload(...args: unknown[]): void } };
const runtime = createRequire(require.resolve('electron-updater'))('builder-util-runtime') as {
  configureRequestUrl(url: URL, options: object): void;
  configureRequestOptions(options: object): void;
};

/** Node's HTTP with the download method Electron's executor has (the same steps as electronHttpExecutor.js). */
class NodeDownloadExecutor extends NodeHttpExecutor {
  download(url: URL, destination: string, options: { cancellationToken: { createPromise<T>(run: (resolve: (v: T) => void, reject: (e: Error) => void, onCancel: unknown) => void): Promise<T> } }) {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions = { headers: (options as { headers?: object }).headers ?? undefined, redirect: 'manual' };
      runtime.configureRequestUrl(url, requestOptions);
      runtime.configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error: Error | null) => (error ? reject(error) : resolve(destination)), responseHandler: null }, 0);
    });
  }
}

const ready: PhoneStatus = { loggedIn: true, agentState: 'ready', registered: true, callActive: false, ringing: false };
const FILE = 'AgentWorkstation-0.2.0-linux-x86_64.AppImage';

describe('updates through electron-updater from a feed on this PC', () => {
  const tmp = makeTempDir('app-updates');
  const asked: string[] = [];
  let feed: http.Server;
  let feedUrl = '';
  let installedMark = '';
  let appImage = Buffer.alloc(0);
  let publishedSha512 = '';
  const savedAppImage = process.env.APPIMAGE;

  beforeAll(async () => {
    installedMark = path.join(tmp.dir, 'installed.txt');
    // The new "AppImage" is a script: the installer step runs it, and it leaves a mark.
    appImage = Buffer.from(`#!/bin/sh\necho "silent=$APPIMAGE_SILENT_INSTALL" > "${installedMark}"\n`);
    publishedSha512 = createHash('sha512').update(appImage).digest('base64');
    feed = http.createServer((req, res) => {
      const name = new URL(req.url ?? '/', 'http://feed').pathname.slice('/aw/'.length);
      asked.push(name);
      const sha512 = publishedSha512;
      if (/^latest-linux(-arm64)?\.yml$/.test(name)) {
        res.end(`version: 0.2.0\nfiles:\n  - url: ${FILE}\n    sha512: ${sha512}\n    size: ${appImage.length}\npath: ${FILE}\nsha512: ${sha512}\nreleaseDate: '2026-12-01T00:00:00.000Z'\n`);
      } else if (name === FILE) res.end(appImage);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/aw/`;
  });
  afterEach(() => {
    asked.length = 0;
    publishedSha512 = createHash('sha512').update(appImage).digest('base64');
    fs.rmSync(installedMark, { force: true });
  });
  afterAll(async () => {
    if (savedAppImage === undefined) delete process.env.APPIMAGE;
    else process.env.APPIMAGE = savedAppImage;
    await new Promise((resolve) => feed.close(resolve));
    tmp.cleanup();
  });

  /** An installed 0.1.0 (its AppImage file, its feed file) and the policy over the real updater. */
  function installedApp(name: string, url = feedUrl) {
    const dir = path.join(tmp.dir, name);
    fs.mkdirSync(dir, { recursive: true });
    const current = path.join(dir, 'AgentWorkstation.AppImage');
    fs.writeFileSync(current, 'version 0.1.0');
    process.env.APPIMAGE = current;
    const feedFile = path.join(dir, 'app-update.yml');
    fs.writeFileSync(feedFile, `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: agent-workstation-updater\n`);
    const appAdapter = {
      version: '0.1.0',
      name: 'agent-workstation',
      isPackaged: true,
      appUpdateConfigPath: feedFile,
      userDataPath: dir,
      baseCachePath: path.join(dir, 'cache'),
      whenReady: async () => {},
      relaunch: () => {},
      quit: () => {},
      onQuit: () => {},
    };
    const updater = new AppImageUpdater(null, appAdapter);
    (updater as unknown as { httpExecutor: unknown }).httpExecutor = new NodeDownloadExecutor();
    const engineLog: string[] = [];
    (updater as unknown as { logger: unknown }).logger = { info: (m: unknown) => engineLog.push(String(m)), warn: (m: unknown) => engineLog.push(String(m)), error: (m: unknown) => engineLog.push(String(m)) };
    const desktop = new DesktopChannel(() => {});
    desktop.report(ready);
    const seat = { desktop, unsyncedChanges: 0 };
    const log: string[] = [];
    const updates = new AppUpdates({ plan: { enabled: true, settings: { enabled: true, url, checkEveryHours: 4 } }, engine: () => updater, seat, log: (line) => log.push(line) });
    updates.start();
    return { updates, seat, desktop, log, current };
  }

  it('found during a call, downloaded after it, installed at a quit with nothing unsynced (not at one with changes waiting)', async () => {
    const { updates, seat, desktop, log, current } = installedApp('happy');
    try {
      desktop.report({ ...ready, agentState: 'on_call', callActive: true });
      updates.checkNow();
      await expect.poll(() => updates.state).toEqual({ kind: 'found', version: '0.2.0' });
      expect(asked).toContain('latest-linux.yml');
      expect(asked).not.toContain(FILE);

      desktop.report(ready);
      await expect.poll(() => updates.state, { timeout: 15_000 }).toEqual({ kind: 'ready', version: '0.2.0' });
      expect(asked).toContain(FILE);
      expect(fs.readFileSync(current, 'utf8')).toBe('version 0.1.0');

      seat.unsyncedChanges = 2;
      updates.quitting();
      updates.quit(0);
      expect(fs.existsSync(installedMark)).toBe(false);
      expect(fs.readFileSync(current, 'utf8')).toBe('version 0.1.0');

      seat.unsyncedChanges = 0;
      updates.quitting();
      updates.quit(0);
      expect(fs.readFileSync(installedMark, 'utf8').trim()).toBe('silent=true');
      expect(fs.readFileSync(current)).toEqual(appImage);
      expect(log).toContain('updates: installer started');
    } finally {
      updates.stop();
    }
  });

  it('a download that does not match the feed\'s sha512 is a failure, logged, never installed', async () => {
    publishedSha512 = createHash('sha512').update('something else').digest('base64');
    const { updates, log, current } = installedApp('tampered');
    try {
      updates.checkNow();
      await expect.poll(() => updates.state, { timeout: 15_000 }).toMatchObject({ kind: 'failed', message: expect.stringMatching(/sha512 checksum mismatch/) });
      expect(log.filter((line) => line.startsWith('updates: failed'))).toHaveLength(1);
      expect(updates.restartToUpdate()).toBe(false);
      updates.quitting();
      updates.quit(0);
      expect(fs.existsSync(installedMark)).toBe(false);
      expect(fs.readFileSync(current, 'utf8')).toBe('version 0.1.0');
    } finally {
      updates.stop();
    }
  });

  it('a feed that does not answer is a failure in the log, not a crash', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { updates, log } = installedApp('unreachable', `http://127.0.0.1:${port}/aw/`);
    try {
      updates.checkNow();
      await expect.poll(() => updates.state.kind, { timeout: 15_000 }).toBe('failed');
      expect(log.find((line) => line.startsWith('updates: failed'))).toMatch(/ECONNREFUSED/);
    } finally {
      updates.stop();
    }
  });
});
