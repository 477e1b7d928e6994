import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { backendRows, startBackend, type RunningBackend } from './backendProcess.js';
import { launchChromium } from './chromium.js';
import { recordPageProblems } from './seatPage.js';
import { startSeat, type RunningSeat } from './seatProcess.js';
import { makeTempDir } from './tempDir.js';

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

/** One stack for a whole test file, started in beforeAll and stopped (its folder removed) in afterAll. */
export interface FileStack {
  readonly backend: RunningBackend;
  readonly seat: RunningSeat;
  readonly page: Page;
  /** Script and console errors of the page: a working UI has none. */
  readonly pageProblems: string[];
  /** Rows of the backend's database file, read as the backend wrote them. */
  query<T>(sql: string, ...params: unknown[]): T[];
}

/** Registers the hooks that give this test file its stack: `name` names its temporary folder. */
export function browserSeatStackForThisFile(name: string, options: { customers: number; viewport?: { width: number; height: number } }): FileStack {
  const tmp = makeTempDir(name);
  const pageProblems: string[] = [];
  let stack: BrowserSeatStack | undefined;
  beforeAll(async () => {
    stack = await startBrowserSeatStack(tmp.dir, options.customers, pageProblems);
    if (options.viewport) await stack.page.setViewportSize(options.viewport);
  });
  afterAll(async () => {
    await stack?.stop();
    tmp.cleanup();
  });
  const started = (): BrowserSeatStack => {
    if (!stack) throw new Error('the stack starts in beforeAll');
    return stack;
  };
  return {
    get backend() {
      return started().backend;
    },
    get seat() {
      return started().seat;
    },
    get page() {
      return started().page;
    },
    pageProblems,
    query: <T>(sql: string, ...params: unknown[]) => backendRows<T>(started().backend, sql, ...params),
  };
}
