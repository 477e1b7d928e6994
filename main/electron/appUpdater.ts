import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { UpdaterEngine } from '../services/desktop/appUpdates.js';

/**
 * electron-updater's updater for this platform (NSIS on Windows, AppImage or deb on Linux),
 * logging to the app's log. Touched only when updates are on: creating it reads the feed the
 * package was built with (resources/app-update.yml). The decisions are in
 * main/services/desktop/appUpdates.ts.
 */
export function electronUpdaterEngine(
  log: { info(line: string): void; warn(line: string): void; error(line: string): void },
  options: { testFeedUrl: string | null },
): UpdaterEngine {
  const updater = autoUpdater;
  updater.logger = {
    info: (message?: unknown) => log.info(`electron-updater: ${String(message)}`),
    warn: (message?: unknown) => log.warn(`electron-updater: ${String(message)}`),
    error: (message?: unknown) => log.error(`electron-updater: ${String(message)}`),
  };
  if (options.testFeedUrl) {
    // A checkout run toward the `_electron` tests' feed (never an installed app): act as if
    // installed, with the feed file electron-builder would have put in the package.
    const feedFile = path.join(app.getPath('userData'), 'test-app-update.yml');
    fs.writeFileSync(feedFile, `provider: generic\nurl: ${JSON.stringify(options.testFeedUrl)}\nupdaterCacheDirName: agent-workstation-updater-test\n`);
    updater.forceDevUpdateConfig = true;
    updater.updateConfigPath = feedFile;
  }
  if (!('install' in updater) || typeof updater.install !== 'function') {
    throw new Error('this platform has no installer-based updater (Windows NSIS, Linux AppImage or deb)');
  }
  return updater as unknown as UpdaterEngine;
}
