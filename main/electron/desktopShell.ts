import path from 'node:path';
import { app, BrowserWindow, dialog, globalShortcut, Menu, nativeImage, Notification, powerMonitor, shell, Tray, type MenuItemConstructorOptions } from 'electron';
import fs from 'node:fs';
import type { AppUpdates } from '../services/desktop/appUpdates.js';
import { loginItemSettings } from '../services/desktop/autostart.js';
import { callLinkInArgv, CALL_LINK_SCHEMES } from '../services/desktop/callLinks.js';
import { diagnosticsBundle, diagnosticsFileName, type DiagnosticsInput } from '../services/desktop/diagnostics.js';
import { DEFAULT_PHONE_KEYS, registerPhoneKeys } from '../services/desktop/phoneKeys.js';
import { followPowerEvents } from '../services/desktop/powerEvents.js';
import { shellLanguage, shellTexts } from '../services/desktop/shellTexts.js';
import { quitQuestion, ringAlert, trayMenuItems, trayState, trayTooltip, updateMenuItems, windowCloseAction, type TrayAction } from '../services/desktop/trayPolicy.js';
import type { EventPayload } from '../../shared/workstationApi.js';
import type { WorkstationService } from '../services/workstationService.js';

interface DesktopShellOptions {
  service: WorkstationService;
  window: () => BrowserWindow | null;
  /** Where the tray's state icons are (resources/tray, or the package's resources). */
  trayIconDir: string;
  log: (line: string) => void;
  /** What goes into the diagnostics bundle now (the shell adds its own notes). */
  diagnostics: (notes: string[]) => DiagnosticsInput;
  /** The app's updates from headquarters (their state in the tray, "restart to update", install at quit). */
  updates: AppUpdates;
  appVersion: string;
}

/**
 * The phone-like behaviour of the desktop app, wired to Electron: the tray with the agent's
 * state, close-to-tray during a shift, the question before quitting, tel:/sip:/callto: links,
 * sleep and wake, global answer/hang-up keys, updates. Every decision is in main/services/desktop.
 */
export function startDesktopShell(options: DesktopShellOptions): { quitConfirmed: () => boolean } {
  const { service, log, updates } = options;
  const t = shellTexts(shellLanguage(app.getLocale()));
  let quitting = false;
  let keyNotes: string[] = [];

  const showWindow = () => {
    const window = options.window();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const tray = new Tray(nativeImage.createFromPath(path.join(options.trayIconDir, `${trayState(service.desktop.phone)}.png`)));
  const run = (action: TrayAction) => {
    if (action === 'show') showWindow();
    else if (action === 'exportDiagnostics') void exportDiagnostics();
    else if (action === 'restartToUpdate') {
      // Refused (and the menu redrawn) if a call or unsynced changes came up since it was drawn.
      if (updates.restartToUpdate()) app.quit();
      else refreshTray();
    } else app.quit();
  };
  let headquartersOnline = true;
  let lastOutboxEmpty = true;
  const refreshTray = () => {
    const phone = service.desktop.phone;
    tray.setImage(nativeImage.createFromPath(path.join(options.trayIconDir, `${trayState(phone)}.png`)));
    tray.setToolTip(trayTooltip(phone, t, headquartersOnline));
    const updateItems = updateMenuItems(updates.state, updates.canInstallNow, options.appVersion, t);
    const template: MenuItemConstructorOptions[] = trayMenuItems(phone, t, keyNotes, headquartersOnline, updateItems).map((item) =>
      'separator' in item ? { type: 'separator' } : item.action ? { label: item.label, click: () => run(item.action!) } : { label: item.label, enabled: false },
    );
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };
  // Saved where the agent chooses (Desktop by default), then shown in the file manager.
  const exportDiagnostics = async () => {
    const now = new Date();
    const owner = options.window();
    const saveOptions = { defaultPath: path.join(app.getPath('desktop'), diagnosticsFileName(service.seatConfig.seatCode, now)), filters: [{ name: 'Zip', extensions: ['zip'] }] };
    const choice = owner && !owner.isDestroyed() ? await dialog.showSaveDialog(owner, saveOptions) : await dialog.showSaveDialog(saveOptions);
    if (choice.canceled || !choice.filePath) return;
    fs.writeFileSync(choice.filePath, diagnosticsBundle(options.diagnostics(keyNotes)));
    log(`diagnostics exported to ${choice.filePath}`);
    shell.showItemInFolder(choice.filePath);
  };
  tray.on('click', showWindow);
  service.on((event, payload) => {
    if (event !== 'sync.status') return;
    const { online, pending } = payload as EventPayload<'sync.status'>;
    // "Restart to update" waits for the outbox to empty: redraw when it does (or fills).
    const outboxEmpty = pending === 0;
    if (online === headquartersOnline && outboxEmpty === lastOutboxEmpty) return;
    headquartersOnline = online;
    lastOutboxEmpty = outboxEmpty;
    refreshTray();
  });
  let lastPhone = service.desktop.phone;
  service.desktop.onPhone((phone) => {
    refreshTray();
    const alert = ringAlert(lastPhone, phone);
    lastPhone = phone;
    const window = options.window();
    if (!alert || !window || window.isDestroyed()) return;
    if (alert === 'start') {
      // From the tray back to the taskbar, flashing; restoring a minimised one would take the focus.
      if (!window.isVisible()) window.showInactive();
      window.flashFrame(true);
    } else window.flashFrame(false);
  });
  // The update's state in the tray; once downloaded, a notification says when it installs.
  updates.onChange((state) => {
    refreshTray();
    if (state.kind === 'ready' && Notification.isSupported()) new Notification({ title: t.updateReadyNoticeTitle, body: t.updateReadyNotice(state.version) }).show();
  });
  refreshTray();

  // Close-to-tray: the window hides while an agent is logged in; the phone keeps working.
  const shiftWindow = options.window();
  shiftWindow?.on('close', (event) => {
    if (windowCloseAction(service.desktop.phone, quitting) === 'hide') {
      event.preventDefault();
      shiftWindow.hide();
    }
  });

  // Every way out (tray, menu, Ctrl+Q, the OS) comes through here: ask if a call or unsynced work would be lost.
  app.on('before-quit', (event) => {
    if (quitting) return;
    const question = quitQuestion(service.desktop.phone, service.unsyncedChanges, t);
    if (question) {
      // Quitting from the tray: the window is hidden, so the question stands on its own.
      const owner = options.window();
      const boxOptions = { type: 'warning' as const, title: question.title, message: question.title, detail: question.detail, buttons: question.buttons, defaultId: 1, cancelId: 1 };
      const choice = owner && !owner.isDestroyed() && owner.isVisible() ? dialog.showMessageBoxSync(owner, boxOptions) : dialog.showMessageBoxSync(boxOptions);
      if (choice !== 0) {
        event.preventDefault();
        return;
      }
    }
    quitting = true;
    log('quitting');
    updates.quitting();
  });
  // After the seat closed (will-quit): the downloaded version installs if quitting found a quiet moment.
  app.on('quit', (_event, exitCode) => updates.quit(exitCode));
  // The OS ending the session does not wait for questions (Linux and macOS: powerMonitor; Windows: the window's session-end).
  const sessionEnds = () => {
    quitting = true;
    app.quit();
  };
  powerMonitor.on('shutdown', sessionEnds);
  shiftWindow?.on('session-end', sessionEnds);

  // tel:/sip:/callto: — registered by the installer (electron-builder `protocols`) and here for
  // the user; a link given to a second launch is handed over by the single-instance lock.
  if (app.isPackaged) for (const scheme of CALL_LINK_SCHEMES) app.setAsDefaultProtocolClient(scheme);
  const takeLink = (argv: readonly string[]) => {
    const link = callLinkInArgv(argv);
    if (!link) return;
    log(`call link: ${link.number}`);
    service.desktop.send(link);
    showWindow();
  };
  takeLink(process.argv);
  app.on('second-instance', (_event, argv) => takeLink(argv));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    takeLink([url]);
  });

  followPowerEvents(powerMonitor, service, log);
  updates.start();
  const autostart = loginItemSettings(service.seatConfig, app.isPackaged);
  if (autostart) app.setLoginItemSettings(autostart);

  const keys = registerPhoneKeys(service.seatConfig.phoneKeys ?? DEFAULT_PHONE_KEYS, globalShortcut, (command) => service.desktop.send(command));
  for (const problem of keys.problems) log(`phone key ${problem.accelerator} (${problem.action}) not available: ${problem.reason}`);
  keyNotes = keys.problems.map((p) => (p.reason === 'taken' ? t.keyTaken(p.accelerator) : t.keyInvalid(p.accelerator)));
  if (keyNotes.length) refreshTray();
  app.on('will-quit', () => globalShortcut.unregisterAll());

  return { quitConfirmed: () => quitting };
}
