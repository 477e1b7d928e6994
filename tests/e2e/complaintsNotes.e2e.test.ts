import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { browserSeatStackForThisFile } from '../support/browserSeatStack.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, signIn, waitUntilSynced } from '../support/seatPage.js';

/**
 * Complaints and notes on the customer card, in Chromium against a real backend and browser seat,
 * by keyboard and in Chinese: a complaint about an order (and so its outlet) taken with Alt+Q,
 * refused first for an empty text and a promise in the past, then worked to "confirmed" with a
 * coupon; a note written with Alt+Z, refused over its limit, found by the filter. What the agent
 * did is checked in the backend's database once synced.
 * (dist/renderer is built by `npm test` before vitest runs; run `npm run build` when running alone.)
 */
const AGENT = { login: 'bj.agent1', password: 'demo1234' };
const stack = browserSeatStackForThisFile('e2e-complaints-notes', { customers: 300 });
const { pageProblems, query } = stack;
let page: Page;
let seat: RunningSeat;
beforeAll(() => {
  ({ page, seat } = stack);
});

const byTestId = (testId: string) => page.getByTestId(testId);

describe('complaints and notes in Chromium, by keyboard', () => {
  it('takes a complaint about an order, refuses bad input in Chinese, and works it to confirmed with a coupon', async () => {
    await page.goto(seat.openUrl);
    await signIn(page, AGENT.login, AGENT.password);

    const [target] = query<{ customerId: string; phone: string; orderId: string; orderNumber: string; outletId: string }>(
      `SELECT c.id AS customerId, c.phone, o.id AS orderId, o.order_number AS orderNumber, o.outlet_id AS outletId
       FROM customers c JOIN branches b ON b.id = c.branch_id JOIN service_orders o ON o.customer_id = c.id
       WHERE b.code = 'BJ01' AND o.outlet_id IS NOT NULL AND c.phone LIKE '+861%' ORDER BY o.id LIMIT 1`,
    );
    await page.keyboard.press('Escape');
    expect(await activeTestId(page)).toBe('search-input');
    await page.keyboard.type(target!.phone.slice(3));
    await page.locator(`[data-testid="search-result"][data-customer-id="${target!.customerId}"]`).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(target!.customerId);

    // Alt+Q: the complaint form, on its first box.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Q');
    await expect.poll(() => activeTestId(page)).toBe('complaint-category');
    await byTestId('complaint-order').selectOption(target!.orderId);
    await byTestId('complaint-promised-by').fill('2020-01-01T10:00');
    await byTestId('complaint-words').focus();
    await page.keyboard.press('Enter');
    const errors = page.locator('[data-testid="complaint-form"] [data-testid="field-error"]');
    await expect.poll(() => errors.allInnerTexts()).toEqual([zhCN.errors.refusal.complaint_deadline_in_past, zhCN.complaints.rule.customerWords]);
    expect(await activeTestId(page)).toBe('complaint-promised-by');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await byTestId('complaint-words').focus();
    await page.keyboard.type('师傅上门迟到三个小时，态度也不好');
    await page.keyboard.press('Enter');
    const row = byTestId('complaint-row').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('received');
    expect(await activeTestId(page)).toBe('new-complaint-button');
    await waitUntilSynced(page);
    const [stored] = query<{ id: string; status: string; outlet_id: string; order_id: string }>('SELECT id, status, outlet_id, order_id FROM complaints WHERE customer_id = ?', target!.customerId);
    expect(stored).toMatchObject({ status: 'received', outlet_id: target!.outletId, order_id: target!.orderId });

    // Each step from the row's button: Enter opens it, Enter confirms it.
    for (const to of ['acknowledged', 'investigating'] as const) {
      await page.locator(`[data-testid="complaint-step"][data-to="${to}"]`).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => activeTestId(page)).toBe('complaint-step-submit');
      await page.keyboard.press('Enter');
      await expect.poll(() => row.getAttribute('data-status')).toBe(to);
    }
    await page.locator('[data-testid="complaint-step"][data-to="resolved"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => activeTestId(page)).toBe('complaint-resolution');
    await page.keyboard.type('改派师傅当天修好并致歉');
    await byTestId('complaint-compensation').selectOption('coupon');
    await byTestId('complaint-resolution').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="complaint-step-form"] [data-testid="field-error"]').allInnerTexts()).toEqual(['“优惠券”补偿须填写金额（元）']);
    await byTestId('complaint-compensation-yuan').focus();
    await page.keyboard.type('50');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.getAttribute('data-status')).toBe('resolved');
    await page.locator('[data-testid="complaint-step"][data-to="confirmed"]').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.getAttribute('data-status')).toBe('confirmed');
    await waitUntilSynced(page);
    expect(query('SELECT status, resolution, compensation_kind, compensation_yuan FROM complaints WHERE id = ?', stored!.id)).toEqual([
      { status: 'confirmed', resolution: '改派师傅当天修好并致歉', compensation_kind: 'coupon', compensation_yuan: 50 },
    ]);
  });

  it('writes a note with Alt+Z, refuses one over the limit, and finds notes by their words', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Z');
    await expect.poll(() => activeTestId(page)).toBe('note-text');
    await page.keyboard.insertText('长'.repeat(1001));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="note-form"] [data-testid="field-error"]').allInnerTexts()).toEqual(['备注不能为空，最多 1000 字']);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('客户下午不方便接电话，请上午联系');
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId('note').count()).toBe(1);
    await expect.poll(() => byTestId('note-author').first().innerText()).toBe('李娜');
    await waitUntilSynced(page);
    const customerId = await byTestId('customer-card').getAttribute('data-customer-id');
    expect(query('SELECT text FROM notes WHERE customer_id = ?', customerId)).toEqual([{ text: '客户下午不方便接电话，请上午联系' }]);

    await byTestId('notes-filter').focus();
    await page.keyboard.type('漏水');
    await expect.poll(() => byTestId('note').count()).toBe(0);
    await expect.poll(() => byTestId('notes-none').innerText()).toBe('没有包含“漏水”的备注');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('上午');
    await expect.poll(() => byTestId('note').count()).toBe(1);
    expect(pageProblems).toEqual([]);
  });
});
