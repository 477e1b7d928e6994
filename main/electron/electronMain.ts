import path from 'node:path';
import { app, BrowserWindow, ipcMain, net, protocol, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { appVersion } from '../appVersion.js';
import { contentSecurityPolicyFor } from '../securityPolicy.js';
import { cacheKeysIn } from '../services/credentials/cacheKeys.js';
import { resolveSipCredential } from '../services/credentials/sipCredential.js';
import { SecretVault } from '../services/credentials/secretVault.js';
import { loadSeatConfig } from '../services/seatConfigLoader.js';
import { WorkstationService } from '../services/workstationService.js';
import { APP_ENTRY_URL, APP_SCHEME, isPermissionAllowed, linkDisposition, rendererFileFor } from '../windowPolicy.js';
import { registerWorkstationIpc } from './ipcBridge.js';
import { keychainCipher } from './keychainCipher.js';

/**
 * The thin Electron edge: one hardened window on our own secure scheme, IPC generated from the
 * contract, and the host-agnostic services underneath. Everything else lives in main/services.
 */

// A standard, secure scheme: the page is a secure context (navigator.mediaDevices for the softphone).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

const bundleDir = __dirname; // dist/electron
const rendererDir = path.resolve(bundleDir, '../renderer');

let mainWindow: BrowserWindow | null = null;

async function start(): Promise<void> {
  const config = loadSeatConfig();
  const cipher = keychainCipher((line) => console.warn(line));
  const vault = cipher ? new SecretVault(path.resolve(config.dataDir, 'secrets.json'), cipher) : null;
  const sipCredential = resolveSipCredential(config, {
    vault,
    seatFile: process.env.SEAT_CONFIG,
    log: (line) => console.log(line),
  });
  if (sipCredential.problem) console.warn(`Softphone: ${sipCredential.problem.message}`);
  const service = new WorkstationService({
    config,
    host: 'electron',
    appVersion,
    nativeBinding: process.env.BETTER_SQLITE3_ELECTRON_BINDING,
    sipCredential,
    // Encrypted at rest where a real keychain holds the key; otherwise plain, as the log said.
    cacheKeyFor: vault ? cacheKeysIn(vault) : undefined,
  });
  const csp = contentSecurityPolicyFor(config);

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

  registerWorkstationIpc(ipcMain, service, () => mainWindow?.webContents ?? null);

  mainWindow = new BrowserWindow({
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
  mainWindow.webContents.on('will-navigate', (event) => event.preventDefault());
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    if (linkDisposition(url) === 'external') void shell.openExternal(url);
    return { action: 'deny' };
  });
  await mainWindow.loadURL(APP_ENTRY_URL);

  app.on('before-quit', () => service.close());
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => app.quit());
app.whenReady().then(start).catch((error: unknown) => {
  console.error(`Agent Workstation could not start: ${(error as Error).message}`);
  app.exit(1);
});
