import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { startSeat, type RunningSeat } from './seatProcess.js';

/**
 * What the end-to-end tests do on a browser seat's page again and again, by keyboard as an agent
 * does: sign in and wait for the first sync, find a customer's card from the search box, wait for
 * the outbox to drain, save a screenshot.
 */

/** The test id of the focused element (keyboard-first screens are checked by where focus goes). */
export const activeTestId = (page: Page): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** Presses Tab (or Shift+Tab) until the element with this test id has the focus, at most `max` times. */
export async function tabTo(page: Page, testId: string, options: { key?: 'Tab' | 'Shift+Tab'; max?: number } = {}): Promise<void> {
  for (let presses = 0; ; presses++) {
    if ((await activeTestId(page)) === testId) return;
    if (presses === (options.max ?? 40)) break;
    await page.keyboard.press(options.key ?? 'Tab');
  }
  throw new Error(`${options.key ?? 'Tab'} never reached ${testId} (at ${await activeTestId(page)})`);
}

/** Signs `login` in on the login screen and waits until the seat is online and its first sync is done. */
export async function signIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByTestId('login-user').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-password').press('Enter');
  await page.getByTestId('workspace').waitFor({ timeout: 30_000 });
  await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
  await expect.poll(() => page.getByTestId('sync-progress').count(), { timeout: 90_000 }).toBe(0);
}

/** Waits until nothing the agent did waits in the outbox. */
export const waitUntilSynced = (page: Page): Promise<void> =>
  expect.poll(() => page.getByTestId('pending-count').getAttribute('data-count'), { timeout: 30_000 }).toBe('0');

/** Esc to the search box, the phone's national digits, Enter on the customer's result: their card. */
export async function openCustomerCard(page: Page, customerId: string, phone: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  expect(await activeTestId(page)).toBe('search-input');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(phone.replace(/^\+86/, ''));
  await page.locator(`[data-testid="search-result"][data-customer-id="${customerId}"]`).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(customerId);
}

/** Saves the page as `<name>.png` in SCREENSHOT_DIR when it is set (for looking at the screens). */
export async function screenshotIfAsked(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** Records the page's script and console errors in `problems` (a working UI has none). */
export function recordPageProblems(page: Page, problems: string[], who = '', ignore?: (text: string) => boolean): void {
  const prefix = who ? `${who} ` : '';
  page.on('pageerror', (error) => problems.push(`${prefix}page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !ignore?.(message.text())) problems.push(`${prefix}console error: ${message.text()}`);
  });
}

/** Replaces the page's desktop Notification with one that records what it was asked to show (permission granted). */
async function recordDesktopNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body: string }> = [];
    (window as unknown as { shownNotices: typeof shown }).shownNotices = shown;
    class RecordedNotification {
      static permission = 'granted';
      static requestPermission = () => Promise.resolve('granted');
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
  });
}

/** The desktop notifications the page has shown since it loaded (see recordDesktopNotifications). */
export const shownDesktopNotifications = (page: Page): Promise<Array<{ title: string; body: string }>> =>
  page.evaluate(() => (window as unknown as { shownNotices: Array<{ title: string; body: string }> }).shownNotices);

export interface SeatOfItsOwn {
  /** The backend the seat syncs with (or a link in front of it). */
  backendUrl: string;
  /** The seat's data folder is made below it, named after the login. */
  dir: string;
  browser: Browser;
  /** Running seats, for the test to stop in afterAll. */
  seats: RunningSeat[];
  problems: string[];
  /** Console errors not counted as problems (e.g. failed requests while a test cuts the link). */
  ignoreConsole?: (text: string) => boolean;
  recordNotifications?: boolean;
}

/** A browser seat of its own and a 1366×768 Chinese page on it with `login` signed in and synced. */
export async function signedInSeatPage(login: string, options: SeatOfItsOwn): Promise<Page> {
  const seat = await startSeat({ backendUrl: options.backendUrl, dataDir: path.join(options.dir, `seat-${login}`) });
  options.seats.push(seat);
  const page = await options.browser.newPage();
  recordPageProblems(page, options.problems, login, options.ignoreConsole);
  if (options.recordNotifications) await recordDesktopNotifications(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seat.openUrl);
  await signIn(page, login);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  return page;
}
