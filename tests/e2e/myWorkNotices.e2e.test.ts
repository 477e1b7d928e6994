import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { launchChromium } from '../support/chromium.js';
import { startSeat, type RunningSeat } from '../support/seatProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * My work's notifications end to end (issue 11), in Chromium against a real backend, in Chinese at
 * 1366×768: bj.agent1 is signed in at her browser seat, on My work. The parts desk (bj.parts)
 * decides a parts request she made, and the supervisor's seat and hers change the same field of
 * her order from one version (the supervisor's arrives first): each reaches her seat by sync and
 * becomes a desktop notification (recorded in the page, as permitted) and the header's badge, in
 * Chinese.
 * (dist/renderer is built by `npm test` before vitest runs; run `npm run build` when running alone.)
 */
const PASSWORD = 'demo1234';
const tmp = makeTempDir('e2e-my-work-notices');
const screenshotDir = process.env.SCREENSHOT_DIR ?? tmp.dir;
let backend: RunningBackend;
let browser: Browser;
let seat: RunningSeat;
let page: Page;
const pageProblems: string[] = [];

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(backend.dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function bearer(login: string): Promise<string> {
  const response = await fetch(`${backend.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  return `Bearer ${((await response.json()) as { token: string }).token}`;
}

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 300 });
  browser = await launchChromium();
  seat = await startSeat({ backendUrl: backend.url, dataDir: path.join(tmp.dir, 'seat-bj.agent1') });
  page = await browser.newPage();
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console error: ${message.text()}`);
  });
  // Desktop notifications, as permitted, recorded where the test can read them.
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
  await page.setViewportSize({ width: 1366, height: 768 });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await seat?.stop();
  await backend?.stop();
  if (!process.env.SCREENSHOT_DIR) tmp.cleanup();
});

const shownNotices = (p: Page) => p.evaluate(() => (window as unknown as { shownNotices: Array<{ title: string; body: string }> }).shownNotices.slice());
const badge = () => page.getByTestId('my-work-badge');

describe('My work notifies by desktop notification and badge, in Chromium', () => {
  let order: { id: string; orderNumber: string; version: number };

  it('bj.agent1 signs in on My work', async () => {
    await page.goto(seat.openUrl);
    await page.getByTestId('login-user').fill('bj.agent1');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-password').press('Enter');
    await page.getByTestId('workspace').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => page.getByTestId('sync-progress').count(), { timeout: 90_000 }).toBe(0);
    await page.getByTestId('my-work').waitFor();
    const [owner] = query<{ id: string }>("SELECT id FROM agents WHERE login = 'bj.agent1'");
    [order] = query<{ id: string; orderNumber: string; version: number }>(
      `SELECT id, order_number AS orderNumber, version FROM service_orders
       WHERE owner_agent_id = ? AND status IN ('new', 'dispatched', 'accepted', 'in_service') AND deleted = 0 ORDER BY order_number LIMIT 1`,
      owner!.id,
    ) as [typeof order];
    expect(order, 'the demo data gives bj.agent1 an open order').toBeDefined();
    expect(await badge().count()).toBe(0);
  });

  it('the parts desk decides her parts request: a notification and the badge', async () => {
    const agent = await bearer('bj.agent1');
    const made = await fetch(`${backend.url}/parts-requests`, {
      method: 'POST',
      headers: { authorization: agent, 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: order.id, partNumber: 'E2E-NOTICE-01', quantity: 1, note: '主板' }),
    });
    expect(made.status).toBe(201);
    const { id: requestId } = (await made.json()) as { id: string };
    // My work lists it as requested first (what a notice is a change from).
    const row = page.locator(`[data-testid="my-work-row"][data-row-key="parts-${requestId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await badge().count()).toBe(0);

    const decided = await fetch(`${backend.url}/parts-requests/${requestId}/decision`, {
      method: 'POST',
      headers: { authorization: await bearer('bj.parts'), 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'reject', reason: '型号不符，请核对' }),
    });
    expect(decided.status).toBe(200);
    const title = zhCN.myWork.notice.partsRequest
      .replace('{{number}}', order.orderNumber)
      .replace('{{part}}', 'E2E-NOTICE-01')
      .replace('{{status}}', zhCN.partsRequests.statusName.rejected);
    await expect.poll(() => shownNotices(page), { timeout: 15_000 }).toContainEqual({ title, body: zhCN.myWork.notice.title });
    await expect.poll(() => badge().textContent(), { timeout: 5_000 }).toBe(zhCN.myWork.newBadge.replace('{{count}}', '1'));
    // Once: no second notification for the same status.
    expect((await shownNotices(page)).filter((n) => n.title === title)).toHaveLength(1);
  });

  it('a conflict on her change of an order field waits for her: a notification and the badge', async () => {
    // The supervisor's seat and hers change the order's fault text from the same version; the
    // supervisor's reaches the backend first, so hers becomes a conflict that waits for her.
    const push = async (login: string, seatId: string, fault: string) => {
      const response = await fetch(`${backend.url}/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await bearer(login) },
        body: JSON.stringify({
          seatId,
          mutations: [{ mutationId: crypto.randomUUID(), entity: 'serviceOrder', entityId: order.id, op: 'update', baseVersion: order.version, patch: { fault, updatedAt: new Date().toISOString() } }],
        }),
      });
      return ((await response.json()) as { results: Array<{ status: string }> }).results[0]?.status;
    };
    const base = query<{ version: number }>('SELECT version FROM service_orders WHERE id = ?', order.id)[0]!.version;
    order.version = base;
    expect(await push('bj.super', `02/${crypto.randomUUID()}`, '开机无反应（班长核实：电源板烧毁）')).toBe('applied');
    expect(await push('bj.agent1', `03/${crypto.randomUUID()}`, '开机无反应，指示灯不亮')).toBe('conflict');
    const [owner] = query<{ id: string }>("SELECT id FROM agents WHERE login = 'bj.agent1'");
    expect(query('SELECT agent_id AS agentId, field FROM conflicts WHERE entity_id = ? AND resolved = 0', order.id)).toEqual([{ agentId: owner!.id, field: 'fault' }]);

    await expect
      .poll(() => shownNotices(page), { timeout: 15_000 })
      .toContainEqual({ title: zhCN.myWork.notice.conflict.replace('{{count}}', '1'), body: zhCN.myWork.notice.conflictBody });
    await expect.poll(() => badge().textContent(), { timeout: 5_000 }).toBe(zhCN.myWork.newBadge.replace('{{count}}', '2'));
    await page.locator('[data-testid="my-work-row"][data-row-key^="conflict-"]').waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'my-work-notices-1366x768-zh-CN.png') });

    expect(pageProblems).toEqual([]);
  });
});
