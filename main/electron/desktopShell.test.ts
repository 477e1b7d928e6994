import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_PHONE, type DesktopCommand, type PhoneStatus } from '../../shared/desktopLink.js';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { AppUpdates, FIRST_CHECK_DELAY_MS, type UpdatePlan } from '../services/desktop/appUpdates.js';
import { DesktopChannel } from '../services/desktop/desktopChannel.js';
import type { WorkstationService } from '../services/workstationService.js';

/**
 * The desktop shell wired to a fake Electron (the real module cannot be loaded here): what the
 * window, the tray, quitting, links, power events and keys do. The `_electron` tests show the
 * same in a real Electron where a binary exists.
 */
const electron = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- vi.hoisted runs before the imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  class FakeTray extends Emitter {
    static last: FakeTray | null = null;
    tooltip = '';
    menu: { label?: string; enabled?: boolean; click?: () => void; type?: string }[] = [];
    image = '';
    constructor(image: string) {
      super();
      this.image = image;
      FakeTray.last = this;
    }
    setImage(image: string) {
      this.image = image;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: FakeTray['menu']) {
      this.menu = menu;
    }
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    getLocale: () => 'zh-CN',
    getPath: () => '/home/li/Desktop',
    quit: () => {},
    setAsDefaultProtocolClient: () => true,
    setLoginItemSettings: () => {},
  });
  return {
    app,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromPath: (file: string) => file },
    dialog: { showMessageBoxSync: (..._args: unknown[]): number => 1, showSaveDialog: async () => ({ canceled: true }) },
    globalShortcut: { taken: [] as string[], registered: new Map<string, () => void>(), register(key: string, fn: () => void) { if (this.taken.includes(key)) return false; this.registered.set(key, fn); return true; }, unregisterAll() {} },
    powerMonitor: new Emitter(),
    shell: { showItemInFolder: () => {} },
    Notification: Object.assign(
      class {
        static shown: { title: string; body: string }[] = [];
        constructor(private readonly options: { title: string; body: string }) {}
        show() {
          (this.constructor as unknown as { shown: { title: string; body: string }[] }).shown.push(this.options);
        }
      },
      { isSupported: () => true },
    ),
  };
});
vi.mock('electron', () => electron);

const { startDesktopShell } = await import('./desktopShell.js');

class FakeWindow extends EventEmitter {
  visible = true;
  flashing = false;
  isDestroyed = () => false;
  isMinimized = () => false;
  isVisible = () => this.visible;
  hide = () => void (this.visible = false);
  show = () => void (this.visible = true);
  showInactive = () => void (this.visible = true);
  restore = () => {};
  focus = () => {};
  flashFrame = (on: boolean) => void (this.flashing = on);
}

const signedIn: PhoneStatus = { loggedIn: true, agentState: 'ready', registered: true, callActive: false, ringing: false };

/** electron-updater as the shell meets it: a feed with a version ready to download; installs recorded. */
class FakeUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowDowngrade = false;
  channel: string | null = null;
  published: string | null = null;
  installs: [boolean, boolean][] = [];
  setFeedURL() {}
  async checkForUpdates() {
    this.emit('checking-for-update');
    if (this.published) this.emit('update-available', { version: this.published });
    else this.emit('update-not-available');
    return null;
  }
  async downloadUpdate() {
    this.emit('download-progress', { percent: 50 });
    this.emit('update-downloaded', { version: this.published });
    return [];
  }
  install(isSilent: boolean, runAfter: boolean) {
    this.installs.push([isSilent, runAfter]);
    return true;
  }
}

function shell(options: { unsynced?: number; argv?: string[]; takenKeys?: string[]; updates?: UpdatePlan } = {}) {
  for (const emitter of [electron.app, electron.powerMonitor]) emitter.removeAllListeners();
  electron.app.quit = () => {};
  electron.globalShortcut.registered.clear();
  electron.globalShortcut.taken = options.takenKeys ?? [];
  const commands: DesktopCommand[] = [];
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const service = {
    desktop: new DesktopChannel((command) => commands.push(command)),
    unsyncedChanges: options.unsynced ?? 0,
    seatConfig: { ...DEFAULT_SEAT_CONFIG },
    syncs: 0,
    syncNowIfActive() {
      service.syncs += 1;
    },
    on(listener: (event: string, payload: unknown) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    cacheReport: () => null,
  };
  const window = new FakeWindow();
  const argv = process.argv;
  process.argv = options.argv ?? ['electron', 'main.cjs'];
  const log: string[] = [];
  const updater = new FakeUpdater();
  const updates = new AppUpdates({ plan: options.updates ?? { enabled: false, reason: 'not_installed' }, engine: () => updater, seat: service, log: (line) => log.push(line) });
  const started = startDesktopShell({
    service: service as unknown as WorkstationService,
    window: () => window as never,
    trayIconDir: '/opt/aw/resources/tray',
    log: (line) => log.push(line),
    diagnostics: () => {
      throw new Error('not in this test');
    },
    updates,
    appVersion: '0.1.0',
  });
  process.argv = argv;
  const quit = () => {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    electron.app.emit('before-quit', event);
    return event.prevented ? 'stayed' : 'quits';
  };
  const close = () => {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    window.emit('close', event);
    return event.prevented ? 'kept' : 'closed';
  };
  const emitSync = (online: boolean, pending = 0) => listeners.forEach((l) => l('sync.status', { online, pending }));
  /** The app's 'quit' after will-quit, as Electron emits it (with the exit code). */
  const quitEvent = (exitCode = 0) => electron.app.emit('quit', {}, exitCode);
  return { service, window, commands, started, quit, close, log, tray: electron.Tray.last!, emitSync, updater, updates, quitEvent };
}

describe('desktop shell (fake Electron)', () => {
  beforeEach(() => {
    electron.dialog.showMessageBoxSync = () => 1;
  });

  it('the tray shows the agent state in the OS language and follows the phone and headquarters', () => {
    const { service, tray, emitSync } = shell();
    expect(tray.tooltip).toBe('坐席工作台: 未登录');
    expect(tray.image).toBe('/opt/aw/resources/tray/logged_out.png');
    service.desktop.report(signedIn);
    expect(tray.tooltip).toBe('坐席工作台: 就绪');
    expect(tray.image).toBe('/opt/aw/resources/tray/ready.png');
    emitSync(false);
    expect(tray.tooltip).toBe('坐席工作台: 就绪 (总部离线：使用本机缓存工作)');
    expect(tray.menu.map((item) => item.label ?? item.type)).toEqual(['坐席工作台: 就绪 (总部离线：使用本机缓存工作)', 'separator', '显示工作台', '导出诊断信息…', 'separator', '退出']);
  });

  it('closing the window during a shift hides it; the tray brings it back; signed out it closes', () => {
    const { service, window, close, tray } = shell();
    service.desktop.report(signedIn);
    expect(close()).toBe('kept');
    expect(window.visible).toBe(false);
    tray.emit('click');
    expect(window.visible).toBe(true);
    service.desktop.report(NO_PHONE);
    expect(close()).toBe('closed');
  });

  it('quitting asks during a call or with unsynced changes; "cancel" stays, "quit" goes and the window then closes', () => {
    const asked: string[] = [];
    const { service, quit, close, started } = shell({ unsynced: 2 });
    service.desktop.report({ ...signedIn, agentState: 'on_call', callActive: true });
    electron.dialog.showMessageBoxSync = (...args: unknown[]) => {
      asked.push((args.at(-1) as { detail: string }).detail);
      return 1;
    };
    expect(quit()).toBe('stayed');
    expect(asked).toEqual(['正在通话：退出会挂断这通电话。\n还有 2 条更改未同步到总部：它们保存在本机，下次登录时再同步。']);
    expect(started.quitConfirmed()).toBe(false);
    electron.dialog.showMessageBoxSync = () => 0;
    expect(quit()).toBe('quits');
    expect(started.quitConfirmed()).toBe(true);
    expect(close()).toBe('closed');
  });

  it('nothing to lose: quits without a question', () => {
    let asked = 0;
    electron.dialog.showMessageBoxSync = () => ++asked;
    const { service, quit } = shell();
    service.desktop.report(signedIn);
    expect(quit()).toBe('quits');
    expect(asked).toBe(0);
  });

  it('a tel: link at start waits for the sign-in; one from a second launch goes to the page at once', () => {
    const { service, commands } = shell({ argv: ['electron', 'main.cjs', 'tel:13800138000'] });
    expect(commands).toEqual([]);
    service.desktop.report(signedIn);
    expect(commands).toEqual([{ kind: 'callLink', number: '13800138000', canonical: '+8613800138000' }]);
    electron.app.emit('second-instance', {}, ['electron', 'main.cjs', 'sip:010-62345678@pbx']);
    expect(commands.at(-1)).toEqual({ kind: 'callLink', number: '01062345678', canonical: '+861062345678' });
  });

  it('sleep sets a ready agent away, waking reconnects and syncs', () => {
    const { service, commands } = shell();
    service.desktop.report(signedIn);
    electron.powerMonitor.emit('suspend');
    electron.powerMonitor.emit('resume');
    expect(commands).toEqual([{ kind: 'away' }, { kind: 'reconnect' }]);
    expect(service.syncs).toBe(1);
  });

  it('phone keys run their command; a key another program holds is in the log and the tray menu', () => {
    const { service, commands, log, tray } = shell({ takenKeys: ['MediaPlayPause'] });
    service.desktop.report(signedIn);
    electron.globalShortcut.registered.get('CommandOrControl+F9')!();
    expect(commands).toEqual([{ kind: 'answer' }]);
    expect(log).toContain('phone key MediaPlayPause (answerOrHangUp) not available: taken');
    expect(tray.menu.map((item) => item.label)).toContain('快捷键 MediaPlayPause 已被其他程序占用');
  });

  it('a ringing call brings the window out of the tray and flashes it until it stops ringing', () => {
    const { service, window, close } = shell();
    service.desktop.report(signedIn);
    close();
    expect(window.visible).toBe(false);
    service.desktop.report({ ...signedIn, callActive: true, ringing: true });
    expect(window).toMatchObject({ visible: true, flashing: true });
    service.desktop.report({ ...signedIn, agentState: 'on_call', callActive: true });
    expect(window.flashing).toBe(false);
  });

  describe('updates', () => {
    const ON: UpdatePlan = { enabled: true, settings: { enabled: true, checkEveryHours: 4 } };
    const menu = (tray: { menu: { label?: string; enabled?: boolean; click?: () => void }[] }) => tray.menu.filter((item) => item.label);
    beforeEach(() => {
      vi.useFakeTimers();
      electron.Notification.shown = [];
    });
    afterEach(() => vi.useRealTimers());

    it('a development run shows no update lines and installs nothing', async () => {
      const { tray, updater, quit, quitEvent } = shell();
      updater.published = '0.2.0';
      await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
      expect(menu(tray).map((item) => item.label)).toEqual(['坐席工作台: 未登录', '显示工作台', '导出诊断信息…', '退出']);
      expect(quit()).toBe('quits');
      quitEvent();
      expect(updater.installs).toEqual([]);
    });

    it('downloaded: a notification, the tray offers "restart to update" only without a call or unsynced changes; choosing it quits and installs, then starts again', async () => {
      const { service, tray, updater, emitSync, quit, quitEvent } = shell({ updates: ON });
      const quits: number[] = [];
      electron.app.quit = () => void quits.push(1);
      service.desktop.report({ ...signedIn, agentState: 'on_call', callActive: true });
      updater.published = '0.2.0';
      await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
      expect(menu(tray).map((item) => item.label)).toContain('发现新版本 0.2.0：通话结束后开始下载');
      service.desktop.report(signedIn);
      await vi.advanceTimersByTimeAsync(0);
      expect(electron.Notification.shown).toEqual([{ title: '坐席工作台新版本已下载', body: '版本 0.2.0 将在退出时安装；空闲时也可在托盘菜单中选择“重启以更新”。' }]);
      expect(menu(tray).map((item) => item.label)).toEqual(['坐席工作台: 就绪', '新版本 0.2.0 已下载：退出时安装', '重启以更新', '显示工作台', '导出诊断信息…', '退出']);

      // Changes waiting for headquarters: offered greyed; a click from a stale menu is refused.
      const staleRestart = menu(tray).find((item) => item.label === '重启以更新')!;
      service.unsyncedChanges = 2;
      emitSync(true, 2);
      expect(menu(tray).find((item) => item.label?.startsWith('重启以更新'))).toMatchObject({ label: '重启以更新（通话结束、更改同步到总部后可用）', enabled: false });
      staleRestart.click!();
      expect(quits).toEqual([]);

      service.unsyncedChanges = 0;
      emitSync(true, 0);
      menu(tray).find((item) => item.label === '重启以更新')!.click!();
      expect(quits).toEqual([1]);
      expect(quit()).toBe('quits'); // nothing to lose: no question
      quitEvent(0);
      expect(updater.installs).toEqual([[true, true]]);
    });

    it('quitting during a call (the agent said yes) does not install; a later quiet quit does', async () => {
      electron.dialog.showMessageBoxSync = () => 0; // "quit"
      const first = shell({ updates: ON });
      first.updater.published = '0.2.0';
      await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
      expect(first.updates.state).toEqual({ kind: 'ready', version: '0.2.0' });
      first.service.desktop.report({ ...signedIn, agentState: 'on_call', callActive: true });
      expect(first.quit()).toBe('quits');
      first.quitEvent(0);
      expect(first.updater.installs).toEqual([]);

      const next = shell({ updates: ON });
      next.updater.published = '0.2.0';
      await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
      next.service.desktop.report(signedIn);
      expect(next.quit()).toBe('quits');
      next.quitEvent(0);
      expect(next.updater.installs).toEqual([[true, false]]);
    });

    it('Windows ending the session never installs', async () => {
      const { updater, window, quitEvent } = shell({ updates: ON });
      updater.published = '0.2.0';
      await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
      window.emit('session-end');
      electron.app.emit('before-quit', { preventDefault() {} });
      quitEvent(0);
      expect(updater.installs).toEqual([]);
    });
  });
});
