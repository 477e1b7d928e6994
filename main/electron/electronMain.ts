import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { appVersion } from '../appVersion.js';
import { contentSecurityPolicy, contentSecurityPolicyFor } from '../securityPolicy.js';
import { createAppLogs } from '../services/appLog.js';
import { osUserName, vaultCacheKeys } from '../services/credentials/cacheKeys.js';
import { resolveSipCredential } from '../services/credentials/sipCredential.js';
import { SecretVault } from '../services/credentials/secretVault.js';
import { AppUpdates, updatePlan } from '../services/desktop/appUpdates.js';
import { SeatSetupService } from '../services/desktop/seatSetup.js';
import { shellLanguage, shellTexts } from '../services/desktop/shellTexts.js';
import { regQueryPolicyReader } from '../services/seatPolicy.js';
import { provisionSeat } from '../services/seatProvisioning.js';
import { checkSqliteDriver, resolveNativeBinding } from '../services/sqliteDriver.js';
import { WorkstationService } from '../services/workstationService.js';
import { APP_ENTRY_URL, APP_SCHEME, chooseHeadset, isHidDeviceAllowed, isPermissionAllowed, linkDisposition, rendererFileFor, type HidDeviceInfo } from '../windowPolicy.js';
import { applicationMenuTemplate } from './applicationMenu.js';
import { electronUpdaterEngine } from './appUpdater.js';
import { startDesktopShell } from './desktopShell.js';
import { registerWorkstationIpc, type ContractService } from './ipcBridge.js';
import { keychainCipher } from './keychainCipher.js';

/**
 * The thin Electron edge: one hardened window on our own secure scheme, IPC generated from the
 * contract, and the host-agnostic services underneath. Everything else lives in main/services.
 */

// A standard, secure scheme: the page is a secure context (navigator.mediaDevices for the softphone).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
// A crash (main process, page, GPU) leaves a minidump in the profile (app.getPath('crashDumps')),
// uploaded nowhere; the diagnostics bundle counts them (a dump may hold secrets from memory: IT
// fetches one from the PC when a developer asks for it).
crashReporter.start({ uploadToServer: false, compress: true });
// Windows shows a toast (the incoming call) only for an app with the installer's AppUserModelId.
if (process.platform === 'win32') app.setAppUserModelId('com.example.agentworkstation');

const bundleDir = __dirname; // dist/electron
const rendererDir = path.resolve(bundleDir, '../renderer');

let mainWindow: BrowserWindow | null = null;

/** Chromium's network stack (after ready): the system proxy (PAC) and the OS certificate store. */
const hostFetch: typeof fetch = (input, init) => net.fetch(input instanceof URL ? input.href : (input as string | Request), init);

/** The window's webContents while it is open; null once it is closed (its webContents destroyed). */
function openWebContents() {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null;
}

const logDir = path.join(app.getPath('userData'), 'logs');
const logs = createAppLogs({ dir: logDir });

// One instance per Windows user: two would share one cache and both register the SIP account.
const firstInstance = app.requestSingleInstanceLock();
if (!firstInstance) app.quit();

async function start(): Promise<void> {
  if (!firstInstance) return; // the first instance has been told to come forward
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate({ isPackaged: app.isPackaged })));
  const provisioned = provisionSeat({
    platform: process.platform,
    isPackaged: app.isPackaged,
    env: process.env,
    userDataDir: app.getPath('userData'),
    // HKLM\SOFTWARE\Policies\AgentWorkstation, read on Windows only
    readPolicy: regQueryPolicyReader(),
  });
  if (provisioned.kind === 'needs-seat-file') {
    // The first-run screen: it names the file IT deploys, or saves one for this user and restarts.
    logs.main.warn({ seatFile: provisioned.seatFile, saveTo: provisioned.saveTo }, 'no seat file: first-run screen');
    const setup = new SeatSetupService({
      fetch: hostFetch,
      machineSeatFile: provisioned.seatFile,
      saveTo: provisioned.saveTo,
      onSaved: (file) => {
        logs.main.info({ seatFile: file }, 'seat file saved by the first-run screen: restarting');
        setTimeout(() => {
          app.relaunch();
          app.exit(0);
        }, 1500);
      },
    });
    await openWindow(setup, contentSecurityPolicy(), []);
    return;
  }
  const config = provisioned.config;
  const nativeBinding = resolveNativeBinding({ isPackaged: app.isPackaged, env: process.env, appDir: path.resolve(bundleDir, '../..') });
  checkSqliteDriver(nativeBinding);
  logs.main.info({ version: appVersion, electron: process.versions.electron, seatCode: config.seatCode, backendUrl: config.backendUrl, seatFile: provisioned.seatFile }, 'starting');
  const cipher = keychainCipher((line) => logs.main.warn(line));
  const vault = cipher ? new SecretVault(path.resolve(config.dataDir, 'secrets.json'), cipher) : null;
  const sipCredential = resolveSipCredential(config, {
    vault,
    seatFile: provisioned.seatFile ?? undefined,
    log: (line) => logs.main.info(line),
  });
  if (sipCredential.problem) logs.main.warn(`Softphone: ${sipCredential.problem.message}`);
  const service = new WorkstationService({
    config,
    host: 'electron',
    appVersion,
    nativeBinding,
    sipCredential,
    // Encrypted at rest where a real keychain holds the key; otherwise plain, as the log said.
    cacheKeys: vault ? vaultCacheKeys(vault, osUserName()) : undefined,
    // Backend traffic through Chromium's network stack: the system proxy (PAC) and the Windows
    // certificate store, as the SIP WebSocket in the page has. (The snapshot reader thread cannot
    // use it: where only this path reaches headquarters, the seat reads snapshots here.)
    fetch: hostFetch,
  });

  // Updates from headquarters: on in an installed app unless IT's seat file turns them off.
  const updates = new AppUpdates({
    plan: updatePlan(config, app.isPackaged, process.env),
    engine: (options) => electronUpdaterEngine({ info: (line) => logs.main.info(line), warn: (line) => logs.main.warn(line), error: (line) => logs.main.error(line) }, options),
    seat: service,
    log: (line) => logs.main.info(line),
  });

  await openWindow(service, contentSecurityPolicyFor(config), [new URL(config.backendUrl).hostname], {
    beforeLoad: () => {
      const desktopShell = startDesktopShell({
        service,
        window: () => mainWindow,
        trayIconDir: app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.resolve(bundleDir, '../../resources/tray'),
        log: (line) => logs.main.info(line),
        updates,
        appVersion,
        diagnostics: (notes) => ({
          logDir,
          versions: { app: appVersion, electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node, os: `${os.type()} ${os.release()} ${os.arch()}` },
          seatFile: provisioned.seatFile,
          config,
          cache: service.cacheReport(),
          phone: service.desktop.phone,
          notes: [...notes, `updates: ${JSON.stringify(updates.state)}`, crashReportsNote(app.getPath('crashDumps'))],
          now: new Date(),
        }),
      });
      return { unloadConfirmed: desktopShell.quitConfirmed };
    },
  });
  // After the quit question (before-quit may be cancelled) and once the window is gone.
  app.on('will-quit', () => service.close());
}

/**
 * The one hardened window on our scheme, its IPC handled by `service` (the workstation, or the
 * first-run setup). `beforeLoad` wires what needs the window before its page loads.
 */
async function openWindow(
  service: ContractService,
  csp: string,
  externalHosts: string[],
  options: { beforeLoad?: () => { unloadConfirmed: () => boolean } } = {},
): Promise<BrowserWindow> {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir, path.sep);
    if (!file || !file.startsWith(rendererDir)) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', csp);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  session.defaultSession.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(isPermissionAllowed(permission, details.requestingUrl ?? webContents.getURL(), mediaTypes));
  });
  session.defaultSession.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, requestingOrigin, details.mediaType ? [details.mediaType] : []),
  );
  // The headset's buttons (WebHID): telephony devices for our page; pairing takes the first headset.
  session.defaultSession.setDevicePermissionHandler((details) => isHidDeviceAllowed(details.deviceType, details.origin, details.device as HidDeviceInfo));
  session.defaultSession.on('select-hid-device', (event, details, callback) => {
    event.preventDefault();
    callback(chooseHeadset(details.deviceList, details.frame?.url));
  });

  registerWorkstationIpc(ipcMain, service, openWebContents);

  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Agent Workstation',
    webPreferences: {
      preload: path.join(bundleDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // Minimised windows must keep SIP keep-alives and re-registration on time.
      backgroundThrottling: false,
    },
  });
  mainWindow = window;
  window.on('closed', () => {
    mainWindow = null;
  });
  const wired = options.beforeLoad?.();
  // The page's warnings and errors go to its own log (info and debug stay in DevTools).
  window.webContents.on('console-message', (event) => {
    if (event.level === 'warning') logs.renderer.warn({ source: event.sourceId, line: event.lineNumber }, event.message);
    else if (event.level === 'error') logs.renderer.error({ source: event.sourceId, line: event.lineNumber }, event.message);
  });
  // The page holds its unload while a call is up (renderer/src/softphone/unloadGuard.ts): ask,
  // unless the agent already said yes to quitting during the call.
  window.webContents.on('will-prevent-unload', (event) => {
    if (wired?.unloadConfirmed()) {
      event.preventDefault();
      return;
    }
    const owner = mainWindow;
    const t = shellTexts(shellLanguage(app.getLocale()));
    const boxOptions = { type: 'warning' as const, title: t.callUpTitle, message: t.callUp, buttons: [t.endCallAndClose, t.stayOnCall], defaultId: 1, cancelId: 1 };
    const choice = owner ? dialog.showMessageBoxSync(owner, boxOptions) : dialog.showMessageBoxSync(boxOptions);
    // preventDefault here overrides the page's hold: the unload goes ahead
    if (choice === 0) event.preventDefault();
  });
  // A crashed page is a blank window with a dropped call: note it, say so, and load the app again.
  window.webContents.on('render-process-gone', (_event, details) => {
    logs.main.error({ reason: details.reason, exitCode: details.exitCode }, 'renderer gone');
    if (details.reason === 'clean-exit') return;
    const current = mainWindow;
    if (!current || current.isDestroyed()) return;
    const t = shellTexts(shellLanguage(app.getLocale()));
    void dialog.showMessageBox(current, { type: 'error', title: t.windowStoppedTitle, message: t.windowStopped });
    void current.loadURL(APP_ENTRY_URL);
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (linkDisposition(url, externalHosts) === 'external') void shell.openExternal(url);
    return { action: 'deny' };
  });
  await window.loadURL(APP_ENTRY_URL);
  return window;
}

// A second launch (a second click on the icon, a tel: link) brings this one forward.
app.on('second-instance', () => {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
});
// Closing the window quits only when it really closes: during a shift it hides to the tray.
app.on('window-all-closed', () => app.quit());
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.whenReady().then(start).catch((error: unknown) => {
  // A GUI app started from the Start menu has no console: say it in a dialog and in the log.
  const message = error instanceof Error ? error.message : String(error);
  try {
    logs.main.fatal({ err: error }, `could not start: ${message}`);
  } catch {
    // the dialog below still tells the agent
  }
  const t = shellTexts(shellLanguage(app.getLocale()));
  dialog.showErrorBox(t.cannotStartTitle, `${message}\n\n${t.detailsIn(path.join(logDir, 'main.log'))}`);
  app.exit(1);
});

/** How many crash reports the profile keeps and the newest one's time, for the diagnostics bundle. */
function crashReportsNote(dir: string): string {
  const dumps = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.dmp')) : [];
  const newest = dumps.map((name) => fs.statSync(path.join(dir, name)).mtime).sort((a, b) => b.getTime() - a.getTime())[0];
  return `crash reports in ${dir}: ${dumps.length}${newest ? `, newest ${newest.toISOString()}` : ''}`;
}
