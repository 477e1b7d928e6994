import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiOrderPage, KpiPage } from '../../shared/domain/kpis.js';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { useBackendBehindLink } from '../support/backendBehindLink.js';
import { launchChromium } from '../support/chromium.js';
import { startSeat, type RunningSeat } from '../support/seatProcess.js';

/**
 * The supervisor's desk in Chromium at 1366×768, in Chinese, against a real backend and browser
 * seat: bj.super opens it by keyboard (Alt+Y), reads the figures the backend computes, drills from
 * a figure to its orders (Enter), exports CSV, opens an order's customer; with the link cut, the
 * desk shows the figures it kept, marked offline with their time. (dist/renderer is built by
 * `npm test` before vitest runs; run `npm run build:renderer` when running alone.)
 */
const stack = useBackendBehindLink('e2e-desk', 300);
let seat: RunningSeat;
let browser: Browser;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  seat = await startSeat({ backendUrl: stack.link.url, dataDir: path.join(stack.dir, 'seat') });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console error: ${message.text()}`);
  });
});
afterAll(async () => {
  await browser?.close();
  await seat?.stop();
});

const byTestId = (testId: string) => page.getByTestId(testId);

/** What the backend answers bj.super directly, to hold the desk to. */
async function backendGet(pathAndQuery: string): Promise<unknown> {
  const login = await fetch(new URL('/auth/login', stack.backend.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bj.super', password: 'demo1234' }) });
  const { token } = (await login.json()) as { token: string };
  return (await fetch(new URL(pathAndQuery, stack.backend.url), { headers: { authorization: `Bearer ${token}` } })).json();
}

async function deskQuery(): Promise<string> {
  const value = (testId: string) => byTestId(testId).inputValue();
  return `period=${await value('desk-period')}&by=${await value('desk-by')}&from=${await value('desk-from')}&to=${await value('desk-to')}&limit=100`;
}

async function shownRows(): Promise<Array<{ key: string; period: string; calls: string; aht: string; complaintRate: string }>> {
  return byTestId('desk-row').evaluateAll((rows) =>
    rows.map((row) => ({
      key: row.getAttribute('data-key') ?? '',
      period: row.getAttribute('data-period') ?? '',
      calls: row.querySelector('[data-testid="desk-calls"]')?.textContent?.trim() ?? '',
      aht: row.querySelector('[data-testid="desk-aht"]')?.textContent?.trim() ?? '',
      complaintRate: row.querySelector('[data-testid="desk-complaint-rate"]')?.textContent?.trim() ?? '',
    })),
  );
}

describe("the supervisor's desk in Chromium", () => {
  it('bj.super signs in; the header shows the role and the desk', async () => {
    await page.goto(seat.openUrl);
    await byTestId('login-user').fill('bj.super');
    await byTestId('login-password').fill('demo1234');
    await page.keyboard.press('Enter');
    await byTestId('agent-name').waitFor({ timeout: 30_000 });
    expect(await byTestId('agent-role').textContent()).toBe(zhCN.header.role.supervisor);
    expect(await byTestId('desk-open').textContent()).toBe(zhCN.desk.button);
  });

  it('Alt+Y opens the desk with the figures the backend computes, by day and by month', async () => {
    await page.keyboard.press('Alt+y');
    await byTestId('desk-panel').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('desk-period');
    for (const period of ['day', 'month']) {
      if (period === 'month') await byTestId('desk-period').selectOption('month');
      await expect.poll(async () => (await byTestId('desk-period').inputValue()) === period && (await byTestId('desk-row').count()) > 0, { timeout: 15_000 }).toBe(true);
      const expected = KpiPage.parse(await backendGet(`/kpis?${await deskQuery()}`)).items;
      await expect.poll(shownRows, { timeout: 10_000 }).toEqual(
        expected.map((row) => ({
          key: row.key,
          period: row.period,
          calls: row.calls ? `${row.calls.answered} / ${row.calls.missed}` : '—',
          aht: row.calls && row.calls.answered > 0 ? (row.calls.handleSeconds / row.calls.answered).toFixed(0) : '—',
          // Complaints per 1,000 orders made, two decimals (the column the chart and the exports have).
          complaintRate: row.complaints.orders > 0 ? (Math.round((row.complaints.received * 100_000) / row.complaints.orders) / 100).toFixed(2) : '—',
        })),
      );
    }
    expect(await byTestId('desk-stamp').getAttribute('data-fresh')).toBe('true');
  });

  it('Enter on a figure lists the orders behind it; Enter on one opens its customer', async () => {
    const figure = byTestId('desk-figure').first();
    const row = page.locator('[data-testid="desk-row"]', { has: figure }).first();
    const [key, start, figureName] = [await row.getAttribute('data-key'), await row.getAttribute('data-period'), await figure.getAttribute('data-figure')];
    await figure.focus();
    await page.keyboard.press('Enter');
    await byTestId('desk-drill').waitFor();
    const expected = KpiOrderPage.parse(await backendGet(`/kpis/orders?figure=${figureName}&period=month&start=${start}&by=agent&key=${key}&limit=50`)).items;
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => byTestId('desk-drill-order').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id'))), { timeout: 10_000 }).toEqual(expected.map((o) => o.id));

    const download = page.waitForEvent('download');
    await byTestId('desk-export').focus();
    await page.keyboard.press('Enter');
    const csv = readFileSync((await (await download).path())!, 'utf8');
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith(`\uFEFF${zhCN.desk.csv.period},${zhCN.desk.csv.group},`)).toBe(true);
    expect(lines).toHaveLength((await byTestId('desk-row').count()) + 1);

    await byTestId('desk-drill-open').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(expected[0]!.customerId);
    expect(await byTestId('desk-panel').count()).toBe(0);
  });

  it('with the link cut, the desk shows the figures it kept, marked offline with their time', async () => {
    await page.keyboard.press('Alt+y');
    await byTestId('desk-row').first().waitFor();
    const online = await shownRows();
    await page.keyboard.press('Escape');
    stack.link.setDown(true);
    try {
      await page.keyboard.press('Alt+y');
      await expect.poll(() => byTestId('desk-stamp').getAttribute('data-fresh'), { timeout: 20_000 }).toBe('false');
      expect(await byTestId('desk-stamp').textContent()).toMatch(/^离线：显示 .+ 保存的数据$/);
      expect(await shownRows()).toEqual(online);
    } finally {
      stack.link.setDown(false);
    }
    expect(pageProblems).toEqual([]);
  });
});

describe('the parts desk in Chromium', () => {
  it('bj.parts approves a request from RDC stock and rejects another with a reason; the agent sees both', async () => {
    // A request made now by an agent, beside the demo's waiting ones.
    const agentLogin = await fetch(new URL('/auth/login', stack.backend.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bj.agent1', password: 'demo1234' }) });
    const authorization = `Bearer ${((await agentLogin.json()) as { token: string }).token}`;
    const backendDb = new Database(stack.backend.dbFile);
    const openOrder = backendDb.prepare("SELECT id FROM service_orders WHERE status IN ('new', 'dispatched', 'accepted', 'in_service') AND branch_id = (SELECT id FROM branches WHERE code = 'BJ01') LIMIT 1").get() as { id: string };
    const made = await fetch(new URL('/parts-requests', stack.backend.url), { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ orderId: openOrder.id, partNumber: 'TV-PSU-0180', quantity: 1, note: '电源板' }) });
    expect(made.status).toBe(201);
    const waiting = backendDb.prepare("SELECT id, part_number AS partNumber, quantity FROM parts_requests WHERE status = 'requested' AND branch_id = (SELECT id FROM branches WHERE code = 'BJ01') ORDER BY created_at DESC").all() as Array<{ id: string; partNumber: string; quantity: number }>;
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    const [toApprove, toReject] = waiting as [(typeof waiting)[0], (typeof waiting)[0]];
    backendDb.prepare("UPDATE rdc_stock SET quantity = 50 WHERE part_number = ? AND branch_id = (SELECT id FROM branches WHERE code = 'BJ01')").run(toApprove.partNumber);
    backendDb.close();

    await byTestId('logout').click();
    await byTestId('login-user').fill('bj.parts');
    await byTestId('login-password').fill('demo1234');
    await page.keyboard.press('Enter');
    await byTestId('agent-role').waitFor({ timeout: 30_000 });
    expect(await byTestId('agent-role').textContent()).toBe(zhCN.header.role.parts_desk);
    await page.keyboard.press('Alt+y');
    const row = (id: string) => page.locator(`[data-testid="parts-desk-row"][data-request-id="${id}"]`);
    await row(toApprove.id).waitFor({ timeout: 15_000 });
    expect(await row(toApprove.id).getByTestId('parts-desk-stock').getAttribute('data-enough')).toBe('true');

    await row(toApprove.id).getByTestId('parts-desk-approve').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId('parts-desk-last').getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    await expect.poll(() => row(toApprove.id).count()).toBe(0);

    await row(toReject.id).getByTestId('parts-desk-reject').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('parts-desk-reason');
    await page.keyboard.type('型号不符，请核对');
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId('parts-desk-last').getAttribute('data-status'), { timeout: 10_000 }).toBe('rejected');

    // What the agent reads: the new statuses, the reason; one shipment from the warehouse.
    const read = async (url: string) => (await fetch(new URL(url, stack.backend.url), { headers: { authorization } })).json() as Promise<Record<string, unknown>>;
    expect((await read(`/parts-requests/${toApprove.id}`)).status).toBe('approved');
    expect((await read(`/parts-requests/${toReject.id}`)).status).toBe('rejected');
    expect((await read(`/parts-requests/${toReject.id}/steps`)).items).toEqual([expect.objectContaining({ status: 'rejected', reason: '型号不符，请核对' })]);
    const check = new Database(stack.backend.dbFile, { readonly: true });
    try {
      expect(check.prepare('SELECT count(*) AS n FROM parts_shipments WHERE request_id = ?').get(toApprove.id)).toEqual({ n: 1 });
      expect(check.prepare("SELECT quantity FROM rdc_stock WHERE part_number = ? AND branch_id = (SELECT id FROM branches WHERE code = 'BJ01')").get(toApprove.partNumber)).toEqual({ quantity: 50 - toApprove.quantity });
    } finally {
      check.close();
    }
    expect(pageProblems).toEqual([]);
  });
});
