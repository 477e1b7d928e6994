import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { backendRows, startBackend, type RunningBackend } from '../support/backendProcess.js';
import { launchChromium } from '../support/chromium.js';
import { bearerOf } from '../support/seatedBackend.js';
import { screenshotIfAsked, shownDesktopNotifications, signedInSeatPage } from '../support/seatPage.js';
import type { RunningSeat } from '../support/seatProcess.js';
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
const tmp = makeTempDir('e2e-my-work-notices');
let backend: RunningBackend;
let browser: Browser;
const seats: RunningSeat[] = [];
let page: Page;
const pageProblems: string[] = [];
const query = <T>(sql: string, ...params: unknown[]): T[] => backendRows<T>(backend, sql, ...params);
const bearer = (login: string) => bearerOf(backend.url, login);

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 300 });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  for (const seat of seats) await seat.stop();
  await backend?.stop();
  tmp.cleanup();
});

const badge = () => page.getByTestId('my-work-badge');

describe('My work notifies by desktop notification and badge, in Chromium', () => {
  let order: { id: string; orderNumber: string; version: number };

  it('bj.agent1 signs in on My work', async () => {
    // Desktop notifications, as permitted, recorded where the test can read them.
    page = await signedInSeatPage('bj.agent1', { backendUrl: backend.url, dir: tmp.dir, browser, seats, problems: pageProblems, recordNotifications: true });
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
    await expect.poll(() => shownDesktopNotifications(page), { timeout: 15_000 }).toContainEqual({ title, body: zhCN.myWork.notice.title });
    await expect.poll(() => badge().textContent(), { timeout: 5_000 }).toBe(zhCN.myWork.newBadge.replace('{{count}}', '1'));
    // Once: no second notification for the same status.
    expect((await shownDesktopNotifications(page)).filter((n) => n.title === title)).toHaveLength(1);
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
      .poll(() => shownDesktopNotifications(page), { timeout: 15_000 })
      .toContainEqual({ title: zhCN.myWork.notice.conflict.replace('{{count}}', '1'), body: zhCN.myWork.notice.conflictBody });
    await expect.poll(() => badge().textContent(), { timeout: 5_000 }).toBe(zhCN.myWork.newBadge.replace('{{count}}', '2'));
    await page.locator('[data-testid="my-work-row"][data-row-key^="conflict-"]').waitFor();
    await screenshotIfAsked(page, 'my-work-notices-1366x768-zh-CN');

    expect(pageProblems).toEqual([]);
  });
});
