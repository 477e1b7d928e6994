import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_PHONE, type PhoneStatus } from '../../../shared/desktopLink.js';
import { AppUpdates, FIRST_CHECK_DELAY_MS, quietMoment, updatePlan, type UpdatePlan, type UpdaterEngine } from './appUpdates.js';
import { DesktopChannel } from './desktopChannel.js';
import { shellTexts } from './shellTexts.js';
import { updateMenuItems } from './trayPolicy.js';

const ready: PhoneStatus = { loggedIn: true, agentState: 'ready', registered: true, callActive: false, ringing: false };
const onCall: PhoneStatus = { ...ready, agentState: 'on_call', callActive: true };
const HOUR = 3_600_000;

/**
 * electron-updater's updater as this code meets it: an EventEmitter (an 'error' nobody listens
 * to throws), a check that emits and also rejects on failure, a download that reports progress.
 * Its "feed" is a version headquarters published (or null), or a failure.
 */
class FakeUpdater extends EventEmitter implements UpdaterEngine {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowDowngrade = false;
  private channelName: string | null = null;
  feed: unknown = null;
  published: string | null = null;
  checkFails: Error | null = null;
  downloadFails: Error | null = null;
  checks = 0;
  downloads = 0;
  installs: [boolean, boolean][] = [];

  get channel() {
    return this.channelName;
  }
  set channel(value: string | null) {
    this.channelName = value;
    this.allowDowngrade = true; // as electron-updater does
  }
  setFeedURL(options: unknown) {
    this.feed = options;
  }
  async checkForUpdates() {
    this.checks += 1;
    this.emit('checking-for-update');
    await Promise.resolve();
    if (this.checkFails) {
      this.emit('error', this.checkFails);
      throw this.checkFails;
    }
    if (this.published) this.emit('update-available', { version: this.published });
    else this.emit('update-not-available');
    return null;
  }
  async downloadUpdate() {
    this.downloads += 1;
    await Promise.resolve();
    if (this.downloadFails) {
      this.emit('error', this.downloadFails);
      throw this.downloadFails;
    }
    this.emit('download-progress', { percent: 41.7 });
    await Promise.resolve();
    this.emit('update-downloaded', { version: this.published });
    return [];
  }
  install(isSilent: boolean, isForceRunAfter: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
    return true;
  }
}

const ON: UpdatePlan = { enabled: true, settings: { enabled: true, checkEveryHours: 4 } };

/** The policy over a fake updater and a seat whose phone (a real desktop channel) and outbox the test sets. */
function updatesWith(plan: UpdatePlan = ON) {
  const engine = new FakeUpdater();
  let created = 0;
  const desktop = new DesktopChannel(() => {});
  desktop.report(ready);
  const seat = { desktop, unsyncedChanges: 0 };
  const log: string[] = [];
  const updates = new AppUpdates({
    plan,
    engine: () => {
      created += 1;
      return engine;
    },
    seat,
    log: (line) => log.push(line),
  });
  const states: string[] = [];
  updates.onChange((state) => states.push(state.kind === 'downloading' ? `downloading ${state.percent}%` : state.kind));
  return { engine, updates, seat, desktop, log, states, created: () => created };
}

describe('app updates from headquarters', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('on only in an installed app whose machine seat file does not turn them off', () => {
    expect(updatePlan({}, false)).toEqual({ enabled: false, reason: 'not_installed' });
    expect(updatePlan({ updates: { enabled: true, checkEveryHours: 2 } }, false)).toEqual({ enabled: false, reason: 'not_installed' });
    expect(updatePlan({ updates: { enabled: false, checkEveryHours: 4 } }, true)).toEqual({ enabled: false, reason: 'turned_off' });
    expect(updatePlan({}, true)).toEqual({ enabled: true, settings: { enabled: true, checkEveryHours: 4 } });
  });

  it('from a checkout only toward a test feed named in the environment; an installed app ignores it', () => {
    const env = { AW_UPDATE_FEED: 'http://127.0.0.1:8123/feed/', AW_UPDATE_CHANNEL: 'pilot' };
    expect(updatePlan({}, false, env)).toEqual({ enabled: true, settings: { enabled: true, url: env.AW_UPDATE_FEED, channel: 'pilot', checkEveryHours: 4 }, firstCheckAfterMs: 1000, testFeed: true });
    expect(updatePlan({ updates: { enabled: false, checkEveryHours: 4 } }, true, env)).toEqual({ enabled: false, reason: 'turned_off' });
    expect(updatePlan({}, true, env)).toEqual({ enabled: true, settings: { enabled: true, checkEveryHours: 4 } });
    expect(() => updatePlan({}, false, { AW_UPDATE_FEED: 'http://updates.hq.example/feed/' })).toThrow(/updates\.url must be https/);
  });

  it('off: the updater is never created, nothing is checked, the log says why', async () => {
    const { updates, engine, log, created } = updatesWith({ enabled: false, reason: 'turned_off' });
    updates.start();
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(created()).toBe(0);
    expect(engine.checks).toBe(0);
    expect(updates.state).toEqual({ kind: 'off', reason: 'turned_off' });
    expect(log).toEqual(['updates: off (turned off in the seat file)']);
  });

  it("IT's feed and channel; the engine neither downloads nor installs by itself, nor goes back a version", () => {
    const { updates, engine } = updatesWith({ enabled: true, settings: { enabled: true, url: 'https://updates.hq.example/aw/', channel: 'pilot', checkEveryHours: 4 } });
    updates.start();
    expect(engine.feed).toEqual({ provider: 'generic', url: 'https://updates.hq.example/aw/', channel: 'pilot' });
    expect(engine).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false });
    const channelOnly = updatesWith({ enabled: true, settings: { enabled: true, channel: 'pilot', checkEveryHours: 4 } });
    channelOnly.updates.start();
    expect(channelOnly.engine.feed).toBeNull(); // the built-in feed (app-update.yml)
    expect(channelOnly.engine).toMatchObject({ channel: 'pilot', allowDowngrade: false });
  });

  it('checks shortly after the start, then every few hours', async () => {
    const { updates, engine, states } = updatesWith({ enabled: true, settings: { enabled: true, checkEveryHours: 3 } });
    updates.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS - 1);
    expect(engine.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(engine.checks).toBe(1);
    expect(states).toEqual(['checking', 'current']);
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(engine.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(engine.checks).toBe(4);
    updates.stop();
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(engine.checks).toBe(4);
  });

  it('a version found during a call downloads once the call is over, in the background, with its progress', async () => {
    const { updates, engine, desktop, states } = updatesWith();
    desktop.report(onCall);
    engine.published = '0.2.0';
    updates.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    expect(updates.state).toEqual({ kind: 'found', version: '0.2.0' });
    expect(engine.downloads).toBe(0);
    desktop.report({ ...onCall, agentState: 'wrap_up', callActive: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.downloads).toBe(1);
    expect(states).toEqual(['checking', 'found', 'downloading 0%', 'downloading 41%', 'ready']);
    expect(updates.state).toEqual({ kind: 'ready', version: '0.2.0' });
    // A later check that finds the same version keeps the download.
    await vi.advanceTimersByTimeAsync(4 * HOUR);
    expect(engine.checks).toBe(2);
    expect(engine.downloads).toBe(1);
    expect(updates.state).toEqual({ kind: 'ready', version: '0.2.0' });
  });

  it('never installed at a quit during a call or wrap-up, or with changes not at headquarters; installed at a quiet quit', async () => {
    const { updates, engine, desktop, seat, log } = updatesWith();
    engine.published = '0.2.0';
    updates.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    expect(updates.state.kind).toBe('ready');

    for (const [phone, unsynced] of [[onCall, 0], [{ ...ready, agentState: 'wrap_up' }, 0], [ready, 3]] as const) {
      desktop.report(phone);
      seat.unsyncedChanges = unsynced;
      expect(updates.canInstallNow).toBe(false);
      updates.quitting();
      // (the app went on: the quit was not the end, or this is the next start's quit)
    }
    expect(engine.installs).toEqual([]);
    expect(log.filter((line) => line.includes('not installed at this quit'))).toHaveLength(3);

    desktop.report(NO_PHONE);
    seat.unsyncedChanges = 0;
    updates.quitting();
    updates.quit(0);
    expect(engine.installs).toEqual([[true, false]]);
    updates.quit(0);
    expect(engine.installs).toHaveLength(1);
  });

  it('a quit that was decided during a call does not install later; a crash exit never installs', async () => {
    const { updates, engine, desktop } = updatesWith();
    engine.published = '0.2.0';
    updates.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    desktop.report(onCall);
    updates.quitting();
    desktop.report(ready); // the call ended while the app was closing
    updates.quit(0);
    expect(engine.installs).toEqual([]);

    const crashed = updatesWith();
    crashed.engine.published = '0.2.0';
    crashed.updates.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    crashed.updates.quitting();
    crashed.updates.quit(1);
    expect(crashed.engine.installs).toEqual([]);
  });

  it('"restart to update": refused during a call or with unsynced changes, else installs at the quit and starts the app again', async () => {
    const { updates, engine, desktop, seat } = updatesWith();
    expect(updates.restartToUpdate()).toBe(false); // nothing downloaded
    engine.published = '0.2.0';
    updates.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    desktop.report(onCall);
    expect(updates.restartToUpdate()).toBe(false);
    desktop.report(ready);
    seat.unsyncedChanges = 1;
    expect(updates.restartToUpdate()).toBe(false);
    seat.unsyncedChanges = 0;
    expect(updates.restartToUpdate()).toBe(true);
    updates.quitting();
    updates.quit(0);
    expect(engine.installs).toEqual([[true, true]]);
  });

  it('"restart to update" chosen, then a call comes in before the app has quit: that quit does not install', async () => {
    const { updates, engine, desktop } = updatesWith();
    engine.published = '0.2.0';
    updates.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    expect(updates.restartToUpdate()).toBe(true);
    desktop.report({ ...onCall, ringing: true }); // the quit question comes up; the agent quits anyway
    updates.quitting();
    updates.quit(0);
    expect(engine.installs).toEqual([]);
  });

  it('failures are logged once, shown, never thrown; the next check tries again', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { updates, engine, log, states } = updatesWith();
      engine.checkFails = new Error('net::ERR_NAME_NOT_RESOLVED\n    at stack');
      updates.start();
      await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
      expect(updates.state).toEqual({ kind: 'failed', message: 'net::ERR_NAME_NOT_RESOLVED' });
      expect(log.filter((line) => line.startsWith('updates: failed'))).toEqual(['updates: failed: net::ERR_NAME_NOT_RESOLVED']);

      engine.checkFails = null;
      engine.published = '0.2.0';
      engine.downloadFails = new Error('sha512 checksum mismatch');
      await vi.advanceTimersByTimeAsync(4 * HOUR);
      expect(updates.state).toEqual({ kind: 'failed', message: 'sha512 checksum mismatch' });

      engine.downloadFails = null;
      await vi.advanceTimersByTimeAsync(4 * HOUR);
      expect(updates.state).toEqual({ kind: 'ready', version: '0.2.0' });
      expect(states).toEqual(['checking', 'failed', 'checking', 'found', 'downloading 0%', 'failed', 'checking', 'found', 'downloading 0%', 'downloading 41%', 'ready']);

      // A failed check later keeps the downloaded version ready.
      engine.checkFails = new Error('503');
      await vi.advanceTimersByTimeAsync(4 * HOUR);
      expect(updates.state).toEqual({ kind: 'ready', version: '0.2.0' });
      await vi.advanceTimersByTimeAsync(0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('an updater that cannot be created (no feed file in the package) is a failure in the log, not a crash', () => {
    const log: string[] = [];
    const updates = new AppUpdates({
      plan: ON,
      engine: () => {
        throw new Error("ENOENT: no such file or directory, open 'resources/app-update.yml'");
      },
      seat: { desktop: new DesktopChannel(() => {}), unsyncedChanges: 0 },
      log: (line) => log.push(line),
    });
    expect(() => updates.start()).not.toThrow();
    expect(updates.state.kind).toBe('failed');
    expect(log[0]).toMatch(/^updates: failed: ENOENT/);
    expect(updates.restartToUpdate()).toBe(false);
    expect(() => updates.quit(0)).not.toThrow();
  });

  it('a quiet moment: no call, no wrap-up, nothing unsynced', () => {
    expect(quietMoment(ready, 0)).toBe(true);
    expect(quietMoment(NO_PHONE, 0)).toBe(true);
    expect(quietMoment({ ...ready, callActive: true, ringing: true }, 0)).toBe(false);
    expect(quietMoment({ ...ready, agentState: 'wrap_up' }, 0)).toBe(false);
    expect(quietMoment(ready, 1)).toBe(false);
  });
});

describe('the update in the tray menu (zh, en)', () => {
  const zh = shellTexts('zh');
  const en = shellTexts('en');
  const labels = (items: ReturnType<typeof updateMenuItems>) => items.map((item) => ('separator' in item ? '---' : `${item.label}${item.action ? ` [${item.action}]` : ''}`));

  it('where the update stands, and "restart to update" only at a quiet moment', () => {
    expect(labels(updateMenuItems({ kind: 'off', reason: 'not_installed' }, false, '0.1.0', zh))).toEqual([]);
    expect(labels(updateMenuItems({ kind: 'off', reason: 'turned_off' }, false, '0.1.0', zh))).toEqual(['自动更新已由 IT 关闭']);
    expect(labels(updateMenuItems({ kind: 'current', checkedAt: null }, false, '0.1.0', zh))).toEqual(['版本 0.1.0：已是最新']);
    expect(labels(updateMenuItems({ kind: 'downloading', version: '0.2.0', percent: 41 }, false, '0.1.0', zh))).toEqual(['正在下载新版本 0.2.0：41%']);
    expect(labels(updateMenuItems({ kind: 'found', version: '0.2.0' }, false, '0.1.0', en))).toEqual(['Version 0.2.0 found: it downloads when no call is up']);
    expect(labels(updateMenuItems({ kind: 'ready', version: '0.2.0' }, true, '0.1.0', zh))).toEqual(['新版本 0.2.0 已下载：退出时安装', '重启以更新 [restartToUpdate]']);
    expect(labels(updateMenuItems({ kind: 'ready', version: '0.2.0' }, false, '0.1.0', en))).toEqual([
      'Version 0.2.0 downloaded: installed when you quit',
      'Restart to update (once no call is up and changes reached headquarters)',
    ]);
    expect(labels(updateMenuItems({ kind: 'failed', message: 'x' }, false, '0.1.0', en))).toEqual(['Could not check for updates: trying again later']);
    expect(labels(updateMenuItems({ kind: 'checking' }, false, '0.1.0', en))).toEqual(['Checking for updates…']);
  });
});
