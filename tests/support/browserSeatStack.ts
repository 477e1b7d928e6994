import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBackend, type RunningBackend } from './backendProcess.js';
import { launchChromium } from './chromium.js';
import { recordPageProblems } from './seatPage.js';
import { startSeat, type RunningSeat } from './seatProcess.js';

/** A backend process, a browser seat on it and a Chromium page, for end-to-end tests of the UI. */
export interface BrowserSeatStack {
  backend: RunningBackend;
  seat: RunningSeat;
  browser: Browser;
  page: Page;
  stop(): Promise<void>;
}

/**
 * Starts the three under `dir`, the backend seeded with `customers`; script errors and console
 * errors of the page go to `pageProblems` (a working UI has none). If a step fails, what did start
 * is stopped again before the error goes on.
 */
export async function startBrowserSeatStack(dir: string, customers: number, pageProblems: string[]): Promise<BrowserSeatStack> {
  let backend: RunningBackend | undefined;
  let seat: RunningSeat | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await seat?.stop();
    await backend?.stop();
  };
  try {
    backend = await startBackend({ dir, customers });
    seat = await startSeat({ backendUrl: backend.url, dataDir: path.join(dir, 'seat') });
    browser = await launchChromium();
    const page = await browser.newPage();
    recordPageProblems(page, pageProblems);
    return { backend, seat, browser, page, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
