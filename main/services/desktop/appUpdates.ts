import type { PhoneStatus } from '../../../shared/desktopLink.js';
import { UpdateSettings, type SeatConfig } from '../../../shared/seatConfig.js';

/**
 * Updates of the installed app from headquarters, decided here and carried out by an updater
 * engine (electron-updater's, wired in main/electron/appUpdater.ts; a fake in tests).
 *
 * - On only in an installed app whose machine seat file does not turn them off (provisioning
 *   keeps a user's seat file out of it). From a checkout, only toward a test feed named by
 *   AW_UPDATE_FEED (the `_electron` tests' loopback feed); the environment is ignored when installed.
 * - A check shortly after the start and every few hours; a found version downloads in the
 *   background, starting when no call is up (a 100 MB download would crowd a branch link's voice).
 * - Never installed during a call or wrap-up, nor while the outbox holds changes headquarters has
 *   not received: installed when the app quits with none of these, or when the agent chooses
 *   "restart to update" at such a moment. Otherwise it waits for the next quit.
 * - Every failure is logged and shown, and the next check tries again; nothing here throws.
 */

/** The slice of electron-updater's AppUpdater (NsisUpdater, AppImageUpdater, DebUpdater) used here. */
export interface UpdaterEngine {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  channel: string | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  /** Runs the downloaded installer (silently; starting the app again after it when runAfter). */
  install(isSilent: boolean, isForceRunAfter: boolean): boolean;
  on(event: 'checking-for-update' | 'update-not-available' | 'update-cancelled', listener: () => void): unknown;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

type UpdatesOffReason = 'not_installed' | 'turned_off';

/** What the agent is shown (tray) and IT reads in the log and diagnostics. */
export type UpdateState =
  | { kind: 'off'; reason: UpdatesOffReason }
  /** Up to date as of `checkedAt` (null: not checked yet). */
  | { kind: 'current'; checkedAt: Date | null }
  | { kind: 'checking' }
  /** Found; its download starts when no call is up. */
  | { kind: 'found'; version: string }
  | { kind: 'downloading'; version: string; percent: number }
  /** Downloaded: installed at the next quit with nothing to lose, or by "restart to update". */
  | { kind: 'ready'; version: string }
  | { kind: 'failed'; message: string };

export type UpdatePlan =
  | { enabled: false; reason: UpdatesOffReason }
  /** `testFeed`: a checkout run toward AW_UPDATE_FEED (electron-updater told to act as if installed). */
  | { enabled: true; settings: UpdateSettings; firstCheckAfterMs?: number; testFeed?: boolean };

/** The first check, this long after the start (the login and first sync go first). */
export const FIRST_CHECK_DELAY_MS = 30_000;

/** Whether this app takes updates, and how: from what provisioning gave (the machine file's `updates`). */
export function updatePlan(config: Pick<SeatConfig, 'updates'>, isPackaged: boolean, env: NodeJS.ProcessEnv = {}): UpdatePlan {
  if (!isPackaged) {
    if (!env.AW_UPDATE_FEED) return { enabled: false, reason: 'not_installed' };
    // Checked as IT's setting is (https, or plain http on this PC): a bad one stops the start with its reason.
    const settings = UpdateSettings.parse({ url: env.AW_UPDATE_FEED, ...(env.AW_UPDATE_CHANNEL ? { channel: env.AW_UPDATE_CHANNEL } : {}) });
    return { enabled: true, settings, firstCheckAfterMs: 1000, testFeed: true };
  }
  const settings = config.updates ?? { enabled: true, checkEveryHours: 4 };
  if (!settings.enabled) return { enabled: false, reason: 'turned_off' };
  return { enabled: true, settings };
}

/** What installing now would cost: a call (or its wrap-up) dropped, changes headquarters has not received. */
interface UpdateSeat {
  desktop: { readonly phone: PhoneStatus; onPhone(listener: (status: PhoneStatus) => void): () => void };
  readonly unsyncedChanges: number;
}

/** Nothing to lose: no call, no wrap-up, every local change at headquarters. */
export function quietMoment(phone: PhoneStatus, unsyncedChanges: number): boolean {
  return !phone.callActive && phone.agentState !== 'on_call' && phone.agentState !== 'wrap_up' && unsyncedChanges === 0;
}

interface AppUpdatesOptions {
  plan: UpdatePlan;
  /** The engine, created only when updates are on; `testFeedUrl`: a checkout run toward a test feed, to act as if installed. */
  engine: (options: { testFeedUrl: string | null }) => UpdaterEngine;
  seat: UpdateSeat;
  log: (line: string) => void;
}

export class AppUpdates {
  private current: UpdateState;
  private engine: UpdaterEngine | null = null;
  private readonly listeners = new Set<(state: UpdateState) => void>();
  private timers: ReturnType<typeof setTimeout>[] = [];
  private stopPhone: (() => void) | null = null;
  /** Set when the app quits at a quiet moment (or for "restart to update"): install then. */
  private installAtQuit: { runAfter: boolean } | null = null;
  private installed = false;
  /** The last failure logged since the last check or download began (the engine reports one twice). */
  private lastFailure: string | null = null;

  constructor(private readonly options: AppUpdatesOptions) {
    this.current = options.plan.enabled ? { kind: 'current', checkedAt: null } : { kind: 'off', reason: options.plan.reason };
  }

  get state(): UpdateState {
    return this.current;
  }

  onChange(listener: (state: UpdateState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Wires the engine and schedules the checks; with updates off, only says so in the log. */
  start(): void {
    const { plan, log } = this.options;
    if (!plan.enabled) {
      log(`updates: off (${plan.reason === 'not_installed' ? 'not an installed app' : 'turned off in the seat file'})`);
      return;
    }
    let engine: UpdaterEngine;
    try {
      engine = this.options.engine({ testFeedUrl: plan.testFeed ? (plan.settings.url ?? null) : null });
      // Downloads are started here (not during a call); installing is decided here (never by the engine at quit).
      engine.autoDownload = false;
      engine.autoInstallOnAppQuit = false;
      const { url, channel } = plan.settings;
      if (url) engine.setFeedURL({ provider: 'generic', url, ...(channel ? { channel } : {}) });
      else if (channel) engine.channel = channel;
      // Setting a channel lets electron-updater go back a version; IT rolls back by publishing a higher one.
      engine.allowDowngrade = false;
    } catch (error) {
      this.fail(error);
      return;
    }
    this.engine = engine;
    engine.on('checking-for-update', () => {
      if (this.current.kind === 'current' || this.current.kind === 'failed') this.set({ kind: 'checking' });
    });
    engine.on('update-not-available', () => {
      if (this.current.kind === 'checking') this.set({ kind: 'current', checkedAt: new Date() });
    });
    engine.on('update-available', (info) => {
      if (this.current.kind === 'downloading' && this.current.version === info.version) return;
      if (this.current.kind === 'ready' && this.current.version === info.version) return;
      this.set({ kind: 'found', version: info.version });
      this.downloadWhenNoCall();
    });
    engine.on('download-progress', (progress) => {
      if (this.current.kind !== 'downloading') return;
      const percent = Math.max(0, Math.min(100, Math.floor(progress.percent)));
      if (percent !== this.current.percent) this.set({ ...this.current, percent });
    });
    engine.on('update-downloaded', (info) => {
      log(`updates: ${info.version} downloaded; installed at a quit with no call and nothing unsynced, or by "restart to update"`);
      this.set({ kind: 'ready', version: info.version });
    });
    engine.on('update-cancelled', () => {
      if (this.current.kind === 'downloading') this.set({ kind: 'found', version: this.current.version });
    });
    // electron-updater emits 'error' as well as rejecting; an EventEmitter without a listener would throw.
    engine.on('error', (error) => this.fail(error));
    this.stopPhone = this.options.seat.desktop.onPhone(() => this.downloadWhenNoCall());
    const everyMs = plan.settings.checkEveryHours * 3_600_000;
    this.timers.push(setTimeout(() => this.checkNow(), plan.firstCheckAfterMs ?? FIRST_CHECK_DELAY_MS));
    this.timers.push(setInterval(() => this.checkNow(), everyMs));
    for (const timer of this.timers) (timer as { unref?: () => void }).unref?.();
    log(`updates: on (${plan.settings.url ?? 'the built-in feed'}${plan.settings.channel ? `, channel ${plan.settings.channel}` : ''}, every ${plan.settings.checkEveryHours} h)`);
  }

  /** Asks the feed now (the schedule's, or IT's diagnostics); a downloaded version is kept meanwhile. */
  checkNow(): void {
    const engine = this.engine;
    if (!engine || this.current.kind === 'downloading') return;
    this.lastFailure = null;
    void this.guard(() => engine.checkForUpdates());
  }

  /** Whether installing now would lose nothing (the tray offers "restart to update" only then). */
  get canInstallNow(): boolean {
    return this.current.kind === 'ready' && quietMoment(this.options.seat.desktop.phone, this.options.seat.unsyncedChanges);
  }

  /**
   * The agent chose "restart to update": true when it may go ahead (the host then quits the app,
   * which installs and starts again); false during a call or with unsynced changes.
   */
  restartToUpdate(): boolean {
    if (!this.canInstallNow) {
      this.options.log('updates: restart to update refused (a call, wrap-up or unsynced changes)');
      return false;
    }
    this.installAtQuit = { runAfter: true };
    this.options.log(`updates: restart to update ${this.current.kind === 'ready' ? this.current.version : ''}`.trim());
    return true;
  }

  /**
   * The app is about to quit (the quit question, if any, was answered yes): a downloaded version
   * is installed after it only if nothing is lost now. Call before the seat closes.
   */
  quitting(): void {
    if (this.current.kind !== 'ready') return;
    // Judged now, even after "restart to update": a call may have come in since.
    if (this.canInstallNow) this.installAtQuit = { runAfter: this.installAtQuit?.runAfter ?? false };
    else {
      this.installAtQuit = null;
      this.options.log('updates: not installed at this quit (a call, wrap-up or unsynced changes); next time');
    }
  }

  /** The app has quit (Electron's 'quit'): run the installer if `quitting` or "restart" said so. */
  quit(exitCode: number): void {
    this.stop();
    const engine = this.engine;
    if (!engine || !this.installAtQuit || this.installed) return;
    if (exitCode !== 0) {
      this.options.log(`updates: not installed, the app quit with code ${exitCode}`);
      return;
    }
    this.installed = true;
    try {
      const started = engine.install(true, this.installAtQuit.runAfter);
      this.options.log(started ? 'updates: installer started' : 'updates: the installer did not start');
    } catch (error) {
      this.fail(error);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    this.stopPhone?.();
    this.stopPhone = null;
  }

  private downloadWhenNoCall(): void {
    const engine = this.engine;
    if (!engine || this.current.kind !== 'found') return;
    if (this.options.seat.desktop.phone.callActive) return; // the phone's next report tries again
    const version = this.current.version;
    this.set({ kind: 'downloading', version, percent: 0 });
    this.options.log(`updates: downloading ${version}`);
    this.lastFailure = null;
    void this.guard(() => engine.downloadUpdate());
  }

  private async guard(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
    // The same failure arrives twice (the engine's 'error' and the rejected promise): once is enough.
    if (this.lastFailure === message) return;
    this.lastFailure = message;
    this.options.log(`updates: failed: ${message}`);
    // A downloaded version stays ready; a check or download that failed is tried again at the next check.
    if (this.current.kind !== 'ready') this.set({ kind: 'failed', message });
  }

  private set(state: UpdateState): void {
    this.current = state;
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (error) {
        this.options.log(`updates: a listener failed: ${(error as Error).message}`);
      }
    }
  }
}
