import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { launchChromium } from '../support/chromium.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, signedInSeatPage } from '../support/seatPage.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The shift handover (issue 11), in Chromium by keyboard against a real backend and browser seats,
 * in Chinese at 1366×768: bj.agent1 presses F8, ticks 王强 with Space, writes the handover note,
 * hands over all her open orders with Ctrl+Enter, reads the summary and signs out. Each of those
 * orders is bj.agent2's over the backend's REST API (GET /orders/:id) with the note on its
 * owner_changed event; bj.agent2 signs in on his own seat, finds them in his own handover list
 * (F8) and reads the note on an order's timeline. Screenshots go to SCREENSHOT_DIR when set.
 * (dist/renderer is built by `npm test` before vitest runs; run `npm run build` when running alone.)
 */
const NOTE = '这些客户都约了明天上午回电，备件已申请';
const tmp = makeTempDir('e2e-shift-handover');
let backend: RunningBackend;
let browser: Browser;
const seats: RunningSeat[] = [];
const pageProblems: string[] = [];

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(backend.dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `shift-handover-${name}-1366x768.png`) });
}

/** Elements of the dialog wider than their box that neither scroll nor truncate on purpose. */
async function overflowingInDialog(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const dialog = document.querySelector('[data-testid="shift-handover-panel"]')!;
    const box = dialog.getBoundingClientRect();
    if (box.right > window.innerWidth || box.bottom > window.innerHeight || box.left < 0 || box.top < 0) found.push('the dialog leaves the window');
    for (const el of dialog.querySelectorAll('*')) {
      if (el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.display === 'inline' || /auto|scroll|hidden/.test(style.overflowX) || style.textOverflow === 'ellipsis') continue;
      if (/^(INPUT|SELECT|TEXTAREA|OPTION)$/.test(el.tagName)) continue;
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) found.push(`${el.tagName.toLowerCase()}.${el.className}`);
    }
    return found;
  });
}

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 200 });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  for (const seat of seats) await seat.stop();
  await backend?.stop();
  tmp.cleanup();
});

describe('shift handover by keyboard', () => {
  it('bj.agent1 hands her open orders to bj.agent2 with a note and signs out; bj.agent2 holds them, with the note on each timeline', async () => {
    const open = query<{ id: string; orderNumber: string; customerId: string }>(
      `SELECT o.id, o.order_number AS orderNumber, o.customer_id AS customerId FROM service_orders o JOIN agents a ON a.id = o.owner_agent_id
        WHERE a.login = 'bj.agent1' AND o.deleted = 0 AND o.status IN ('new', 'dispatched', 'accepted', 'in_service', 'parts_pending') ORDER BY o.created_at`,
    );
    expect(open.length, 'the demo gives bj.agent1 open orders').toBeGreaterThan(3);
    const [agent2] = query<{ id: string }>("SELECT id FROM agents WHERE login = 'bj.agent2'");

    const page = await signedInSeatPage('bj.agent1', { backendUrl: backend.url, dir: tmp.dir, browser, seats, problems: pageProblems });
    await page.keyboard.press('Escape');
    expect(await activeTestId(page)).toBe('search-input');
    // F8 from anywhere, even the search box: the dialog opens on the receivers, every open order ticked.
    await page.keyboard.press('F8');
    const dialog = page.getByTestId('shift-handover-panel');
    await dialog.waitFor();
    await expect.poll(() => page.getByTestId('handover-order').count(), { timeout: 10_000 }).toBe(open.length);
    expect(await page.getByTestId('handover-order-check').evaluateAll((boxes) => boxes.every((b) => (b as HTMLInputElement).checked))).toBe(true);
    expect(await page.getByTestId('handover-orders-count').textContent()).toBe(zhCN.shiftHandover.orders.replace('{{selected}}', String(open.length)).replace('{{count}}', String(open.length)));
    expect(await page.getByTestId('handover-receiver').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-login')))).toEqual(['bj.agent2', 'bj.super']);
    expect(await activeTestId(page)).toBe('handover-receiver');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-login'))).toBe('bj.agent2');

    // Space ticks 王强; Tab past 赵敏 (the distribution waits for a second receiver) to the note.
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('handover-note');
    await page.keyboard.type(NOTE);
    expect(await page.getByTestId('shift-handover-submit').textContent()).toBe(zhCN.shiftHandover.submit.replace('{{count}}', String(open.length)));
    expect(await overflowingInDialog(page)).toEqual([]);
    await screenshot(page, 'ready');

    await page.keyboard.press('ControlOrMeta+Enter');
    const result = page.getByTestId('shift-handover-result');
    await result.waitFor({ timeout: 15_000 });
    expect((await result.locator('.handover-summary-head').textContent())?.trim()).toBe(`${open.length} 张工单已转交给 王强`);
    await expect.poll(() => page.getByTestId('shift-handover-upload').getAttribute('data-state'), { timeout: 15_000 }).toBe('uploaded');
    expect(await activeTestId(page)).toBe('shift-handover-done');
    await screenshot(page, 'done');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // Signs out by keyboard.
    await page.getByTestId('logout').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('login-user').waitFor({ timeout: 10_000 });

    // Over the backend's REST API, as bj.agent2: each order is his, with the note on its owner change.
    const login = await fetch(`${backend.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bj.agent2', password: DEMO_PASSWORD }) });
    const authorization = `Bearer ${((await login.json()) as { token: string }).token}`;
    for (const order of open) {
      const response = await fetch(`${backend.url}/orders/${order.id}`, { headers: { authorization } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { ownerAgentId: string; handoverNote: string | null })).toMatchObject({ ownerAgentId: agent2!.id, handoverNote: NOTE });
      const events = (await (await fetch(`${backend.url}/orders/${order.id}/events`, { headers: { authorization } })).json()) as { items?: unknown[] } | unknown[];
      const list = (Array.isArray(events) ? events : (events.items ?? [])) as Array<{ kind: string; toOwnerAgentId: string | null; note: string | null }>;
      expect(list.filter((e) => e.kind === 'owner_changed').at(-1), order.orderNumber).toMatchObject({ toOwnerAgentId: agent2!.id, note: NOTE });
    }
    expect(query<{ n: number }>("SELECT count(*) AS n FROM order_events WHERE kind = 'owner_changed' AND note = ?", NOTE)[0]!.n).toBe(open.length);

    // bj.agent2 on his own seat: the orders are his (his own handover list has them) …
    const pageB = await signedInSeatPage('bj.agent2', { backendUrl: backend.url, dir: tmp.dir, browser, seats, problems: pageProblems });
    await pageB.keyboard.press('F8');
    await pageB.getByTestId('shift-handover-panel').waitFor();
    await expect.poll(() => pageB.getByTestId('handover-order').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(open.length);
    const listed = await pageB.getByTestId('handover-order').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-number')));
    expect(listed).toEqual(expect.arrayContaining(open.map((o) => o.orderNumber)));
    await pageB.keyboard.press('Escape');
    await expect.poll(() => pageB.getByTestId('shift-handover-panel').count()).toBe(0);

    // … and an order's timeline shows who handed it over and the note.
    const sample = open[0]!;
    await pageB.keyboard.press('Escape');
    expect(await activeTestId(pageB)).toBe('search-input');
    await pageB.keyboard.type(sample.orderNumber);
    await pageB.locator(`[data-testid="search-result"][data-customer-id="${sample.customerId}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(() => pageB.getByTestId('search-result').count(), { timeout: 10_000 }).toBe(1);
    await pageB.keyboard.press('Enter');
    await expect.poll(() => pageB.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(sample.customerId);
    const timelineButton = pageB.locator(`[data-testid="order-timeline-button"][data-order-id="${sample.id}"]`);
    await timelineButton.focus();
    await pageB.keyboard.press('Enter');
    const handover = pageB.locator('[data-testid="timeline-entry"][data-kind="owner_changed"]').first();
    await handover.waitFor({ timeout: 10_000 });
    expect(await handover.getByTestId('timeline-handover-note').textContent()).toBe(`交班备注：${NOTE}`);
    expect(await handover.textContent()).toContain('李娜');
    await screenshot(pageB, 'timeline');
    expect(pageProblems).toEqual([]);
  }, 240_000);
});
