import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { launchChromium } from '../support/chromium.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, shownDesktopNotifications, signIn, signedInSeatPage, type SeatOfItsOwn } from '../support/seatPage.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * My work (issue 11), in Chromium by keyboard against a real backend and two browser seats, in
 * Chinese at 1366×768: bj.agent1 hands one of her open orders to bj.agent2 with the existing
 * single-order handover and a note; bj.agent2, signed in on another seat, gets it live: the
 * header's badge, a desktop notification, the row marked new with 李娜 and the note. Alt+1 takes
 * the focus to My work, Enter opens the customer's card at that order (its history), and back in
 * My work (Alt+1) the mark is gone, also after signing in again. A complaint she takes is listed with
 * its deadline, and Enter on it opens the card at that complaint.
 * Screenshots go to SCREENSHOT_DIR (default: the test's temporary folder).
 * (dist/renderer is built by `npm test` before vitest runs; run `npm run build` when running alone.)
 */
const NOTE = '客户下午三点后在家，备件已到';
const tmp = makeTempDir('e2e-my-work');
const screenshotDir = process.env.SCREENSHOT_DIR ?? tmp.dir;
let backend: RunningBackend;
let browser: Browser;
const seats: RunningSeat[] = [];
const pageProblems: string[] = [];
let agent1: Page;
let agent2: Page;

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(backend.dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Each seat on its own data folder, its desktop notifications recorded. */
const seatOptions = (): SeatOfItsOwn => ({ backendUrl: backend.url, dir: tmp.dir, browser, seats, problems: pageProblems, recordNotifications: true });

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 300 });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  for (const seat of seats) await seat.stop();
  await backend?.stop();
  if (!process.env.SCREENSHOT_DIR) tmp.cleanup();
});


describe('My work in Chromium, by keyboard', () => {
  let order: { id: string; orderNumber: string; customerId: string };
  let agent2Id: string;

  it('is the first screen after login, with the agent’s own open orders and counts in the header', async () => {
    agent1 = await signedInSeatPage('bj.agent1', seatOptions());
    agent2 = await signedInSeatPage('bj.agent2', seatOptions());
    const [owner] = query<{ id: string }>("SELECT id FROM agents WHERE login = 'bj.agent1'");
    agent2Id = query<{ id: string }>("SELECT id FROM agents WHERE login = 'bj.agent2'")[0]!.id;
    const open = query<{ id: string; orderNumber: string; customerId: string }>(
      `SELECT id, order_number AS orderNumber, customer_id AS customerId FROM service_orders
       WHERE owner_agent_id = ? AND status IN ('new', 'dispatched', 'accepted', 'in_service', 'parts_pending') AND deleted = 0 ORDER BY order_number`,
      owner!.id,
    );
    expect(open.length, 'the demo data gives bj.agent1 open orders').toBeGreaterThan(0);
    order = open[0]!;

    const myWork = agent1.getByTestId('my-work');
    await myWork.waitFor();
    // Exactly her open orders (the list shows up to 200), and the header counts them.
    await expect.poll(() => agent1.getByTestId('my-work-counts').getAttribute('data-orders'), { timeout: 10_000 }).toBe(String(open.length));
    const listed = await agent1.getByTestId('my-work-orders').getByTestId('my-work-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-number')));
    expect(new Set(listed)).toEqual(new Set(open.slice(0, 200).map((o) => o.orderNumber)));
    expect(await agent1.getByTestId('my-work-orders').locator('h3').textContent()).toBe(zhCN.myWork.section.orders.replace('{{count}}', String(open.length)));
    // bj.agent2's are hers, not bj.agent1's.
    const agent2Listed = await agent2.getByTestId('my-work-orders').getByTestId('my-work-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-number')));
    expect(agent2Listed).not.toContain(order.orderNumber);
    expect(await agent2.getByTestId('my-work-new').count()).toBe(0);
  });

  it('bj.agent1 hands one order to bj.agent2 with a note (the single-order handover, by keyboard)', async () => {
    // Alt+1 puts the focus on My work; ↓ down to the order, Enter opens the card at it.
    await agent1.keyboard.press('Alt+1');
    await expect.poll(() => activeTestId(agent1)).toBe('my-work-row');
    const rows = agent1.getByTestId('my-work-row');
    const index = (await rows.evaluateAll((els) => els.map((r) => r.getAttribute('data-order-number')))).indexOf(order.orderNumber);
    for (let i = 0; i < index; i++) await agent1.keyboard.press('ArrowDown');
    expect(await agent1.evaluate(() => document.activeElement?.getAttribute('data-order-number'))).toBe(order.orderNumber);
    await agent1.keyboard.press('Enter');
    await expect.poll(() => agent1.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(order.customerId);
    await agent1.locator(`[data-testid="order-timeline"][data-order-id="${order.id}"]`).waitFor({ timeout: 10_000 });
    expect(await agent1.getByTestId('my-work').count()).toBe(0);

    const orderRow = agent1.locator(`[data-testid="order-row"][data-order-number="${order.orderNumber}"]`);
    await orderRow.getByTestId('order-handover').focus();
    await agent1.keyboard.press('Enter');
    await agent1.getByTestId('handover-form').waitFor();
    expect(await activeTestId(agent1)).toBe('handover-agent');
    await expect.poll(() => agent1.getByTestId('handover-agent').locator(`option[value="${agent2Id}"]`).count(), { timeout: 10_000 }).toBe(1);
    await agent1.getByTestId('handover-agent').selectOption(agent2Id);
    await agent1.keyboard.press('Tab');
    expect(await activeTestId(agent1)).toBe('handover-note');
    await agent1.keyboard.type(NOTE);
    await agent1.screenshot({ path: path.join(screenshotDir, 'handover-note-1366x768-zh-CN.png') });
    await agent1.keyboard.press('Enter');
    await agent1.getByTestId('handover-form').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => agent1.getByTestId('pending-count').getAttribute('data-count'), { timeout: 30_000 }).toBe('0');

    // At the backend: the owner changed, with one owner_changed event by 李娜 carrying the note.
    expect(query<{ owner: string }>('SELECT owner_agent_id AS owner FROM service_orders WHERE id = ?', order.id)).toEqual([{ owner: agent2Id }]);
    const events = query<{ note: string | null; login: string }>(
      "SELECT e.note, a.login FROM order_events e JOIN agents a ON a.id = e.agent_id WHERE e.order_id = ? AND e.kind = 'owner_changed'",
      order.id,
    );
    expect(events).toEqual([{ note: NOTE, login: 'bj.agent1' }]);
  });

  it('bj.agent2 sees it arrive: badge, desktop notification, marked new with who and the note', async () => {
    const row = agent2.locator(`[data-testid="my-work-handovers"] [data-testid="my-work-row"][data-order-number="${order.orderNumber}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-new')).toBe('true');
    expect(await row.getByTestId('my-work-new').textContent()).toBe(zhCN.myWork.isNew);
    expect(await row.getByTestId('my-work-note').textContent()).toBe(NOTE);
    expect(await row.textContent()).toContain(zhCN.myWork.from.replace('{{name}}', '李娜'));
    await expect.poll(() => agent2.getByTestId('my-work-badge').textContent(), { timeout: 10_000 }).toBe(zhCN.myWork.newBadge.replace('{{count}}', '1'));
    // Now hers: listed among her open orders too.
    await agent2.locator(`[data-testid="my-work-orders"] [data-testid="my-work-row"][data-order-number="${order.orderNumber}"]`).waitFor();
    const notices = await shownDesktopNotifications(agent2);
    expect(notices).toContainEqual({
      title: zhCN.myWork.notice.handover.replace('{{name}}', '李娜').replace('{{number}}', order.orderNumber),
      body: zhCN.myWork.notice.handoverBody.replace('{{note}}', NOTE),
    });
    await agent2.screenshot({ path: path.join(screenshotDir, 'my-work-1366x768-zh-CN.png') });
  });

  it('bj.agent2 opens it by keyboard (the card at that order), and the new mark is gone after looking, also after signing in again', async () => {
    await agent2.keyboard.press('Alt+1');
    // The newest handover is the first row.
    await expect.poll(() => agent2.evaluate(() => document.activeElement?.getAttribute('data-order-number'))).toBe(order.orderNumber);
    expect(await agent2.evaluate(() => document.activeElement?.closest('[data-testid="my-work-handovers"]') !== null)).toBe(true);
    await agent2.keyboard.press('Enter');
    await expect.poll(() => agent2.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(order.customerId);
    await agent2.locator(`[data-testid="order-timeline"][data-order-id="${order.id}"]`).waitFor({ timeout: 10_000 });
    expect(await agent2.getByTestId('my-work-badge').count()).toBe(0);
    expect(await agent2.getByTestId('my-work-open').getAttribute('data-new-handovers')).toBe('0');

    await agent2.keyboard.press('Alt+1');
    const row = agent2.locator(`[data-testid="my-work-handovers"] [data-testid="my-work-row"][data-order-number="${order.orderNumber}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-new')).toBe('false');
    expect(await row.getByTestId('my-work-new').count()).toBe(0);
    expect(await row.getByTestId('my-work-note').textContent()).toBe(NOTE);

    // The seat kept "last looked": signing in again shows it seen.
    await agent2.getByTestId('logout').click();
    await agent2.getByTestId('login-user').waitFor();
    await signIn(agent2, 'bj.agent2');
    const again = agent2.locator(`[data-testid="my-work-handovers"] [data-testid="my-work-row"][data-order-number="${order.orderNumber}"]`);
    await again.waitFor({ timeout: 10_000 });
    expect(await again.getAttribute('data-new')).toBe('false');
    expect(await agent2.getByTestId('my-work-badge').count()).toBe(0);
    expect(pageProblems).toEqual([]);
  });

  it('a complaint bj.agent2 takes is in her My work with its deadline; Enter opens the card at that complaint', async () => {
    // From My work to the handed-over order's card, then Alt+Q there.
    await agent2.keyboard.press('Alt+1');
    await expect.poll(() => agent2.evaluate(() => document.activeElement?.getAttribute('data-order-number'))).toBe(order.orderNumber);
    await agent2.keyboard.press('Enter');
    await expect.poll(() => agent2.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(order.customerId);
    await agent2.keyboard.press('Escape');
    await agent2.keyboard.press('Alt+Q');
    await expect.poll(() => activeTestId(agent2)).toBe('complaint-category');
    await agent2.getByTestId('complaint-words').focus();
    await agent2.keyboard.type('师傅上门迟到三个小时');
    await agent2.keyboard.press('Enter');
    await agent2.getByTestId('complaint-form').waitFor({ state: 'detached', timeout: 10_000 });
    const complaintId = (await agent2.getByTestId('complaint-row').first().getAttribute('data-complaint-id'))!;

    await agent2.keyboard.press('Alt+1');
    const row = agent2.locator(`[data-testid="my-work-complaints"] [data-testid="my-work-row"][data-complaint-id="${complaintId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('my-work-deadline').textContent()).toMatch(/^须于 .+ 前确认$/);
    await expect.poll(() => agent2.getByTestId('my-work-counts').getAttribute('data-complaints')).toBe('1');
    const keys = await agent2.getByTestId('my-work-row').evaluateAll((els) => els.map((r) => r.getAttribute('data-row-key')));
    const at = keys.indexOf(`complaint-${complaintId}`);
    for (let i = 0; i < at; i++) await agent2.keyboard.press('ArrowDown');
    expect(await agent2.evaluate(() => document.activeElement?.getAttribute('data-complaint-id'))).toBe(complaintId);
    await agent2.keyboard.press('Enter');
    await expect
      .poll(() => agent2.evaluate(() => document.activeElement?.closest('[data-testid="complaint-row"]')?.getAttribute('data-complaint-id') ?? null), { timeout: 10_000 })
      .toBe(complaintId);
    expect(pageProblems).toEqual([]);
  });
});
