import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdueComplaints } from '../../server/complaints/escalateComplaints.js';
import { openServerDatabase } from '../../server/db/openServerDatabase.js';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { browserSeatStackForThisFile } from '../support/browserSeatStack.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, screenshotIfAsked, signIn, waitUntilSynced } from '../support/seatPage.js';

/**
 * Complaints and notes on the customer card, in Chromium against a real backend and browser seat,
 * by keyboard and in Chinese: a complaint about an order (and so its outlet) taken with Alt+Q,
 * refused first for an empty text and a promise in the past, then worked to "confirmed" with a
 * coupon — its acknowledge deadline passing on the way (the backend's escalation sweep run on a
 * clock the test moves, as tests/integration/complaintsNotes.test.ts does), so the supervisor has
 * it — and the customer's history (F9) shows every step, newest first, with who took it; a note
 * written with Alt+Z, refused over its limit, found by the filter. What the agent did is checked
 * in the backend's database once synced. Screenshots (1366×768, Chinese) go to SCREENSHOT_DIR when set.
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
    await page.setViewportSize({ width: 1366, height: 768 });
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

    // Its acknowledge deadline passes: the backend's sweep, on the clock the test moves, gives it to the supervisor.
    const [due] = query<{ acknowledge_due_at: string }>('SELECT acknowledge_due_at FROM complaints WHERE id = ?', stored!.id);
    const sweptAt = new Date(Date.parse(due!.acknowledge_due_at) + 60_000);
    const database = openServerDatabase(stack.backend.dbFile);
    try {
      expect(await escalateOverdueComplaints(database.db, new Date(sweptAt.getTime() - 120_000))).toEqual([]);
      expect(await escalateOverdueComplaints(database.db, sweptAt)).toHaveLength(1);
    } finally {
      await database.close();
    }
    await expect.poll(() => row.getAttribute('data-escalation'), { timeout: 15_000 }).toBe('supervisor');

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
    expect(query('SELECT status, resolution, compensation_kind, compensation_yuan, escalation FROM complaints WHERE id = ?', stored!.id)).toEqual([
      { status: 'confirmed', resolution: '改派师傅当天修好并致歉', compensation_kind: 'coupon', compensation_yuan: 50, escalation: 'supervisor' },
    ]);

    // Every step is recorded at the backend once, with its time and who took it (the escalation: the backend).
    const steps = query<{ id: string; kind: string; at: string; login: string | null; text: string; escalation: string | null }>(
      `SELECT s.id, s.kind, s.at, a.login, s.text, s.escalation FROM complaint_steps s LEFT JOIN agents a ON a.id = s.agent_id
       WHERE s.complaint_id = ? ORDER BY s.version`,
      stored!.id,
    );
    expect(steps.map((step) => [step.kind, step.login])).toEqual([
      ['received', AGENT.login],
      ['escalated', null],
      ['acknowledged', AGENT.login],
      ['investigating', AGENT.login],
      ['resolved', AGENT.login],
      ['confirmed', AGENT.login],
    ]);
    expect(steps[1]).toMatchObject({ at: sweptAt.toISOString(), escalation: 'supervisor' });

    // F9: the customer's history shows each of them, newest first (the escalation at the moved clock's time), with who.
    await page.keyboard.press('Escape');
    await page.keyboard.press('F9');
    await expect.poll(() => activeTestId(page)).toBe('history-filter-all');
    const complaintEntries = () =>
      page.locator(`[data-testid="history-entry"][data-key^="complaint:${stored!.id}:"]`).evaluateAll((rows) =>
        rows.map((r) => ({
          key: r.getAttribute('data-key'),
          at: r.querySelector('time')?.getAttribute('datetime') ?? '',
          who: r.querySelector('.history-who')?.textContent ?? '',
          summary: r.querySelector('[data-testid="history-summary"]')?.textContent ?? '',
        })),
      );
    const newestFirst = [...steps].sort((x, y) => Date.parse(y.at) - Date.parse(x.at));
    await expect.poll(async () => (await complaintEntries()).map((e) => e.key), { timeout: 10_000 }).toEqual(newestFirst.map((step) => `complaint:${stored!.id}:${step.id}`));
    const shown = await complaintEntries();
    expect(shown.map((e) => e.at)).toEqual(newestFirst.map((step) => step.at));
    expect(shown.map((e) => e.who)).toEqual(newestFirst.map((step) => (step.login === null ? zhCN.contactHistory.system : '李娜')));
    const summaryOf = (kind: string) => shown[newestFirst.findIndex((step) => step.kind === kind)]!.summary;
    // Each names the complaint's order (its number first), then the step.
    expect(summaryOf('escalated')).toBe(`${target!.orderNumber}投诉${zhCN.complaints.escalationName.supervisor}`);
    expect(summaryOf('investigating')).toBe(`${target!.orderNumber}${zhCN.contactHistory.complaint.investigating}`);
    expect(summaryOf('resolved')).toContain('优惠券 50 元');
    expect(summaryOf('resolved')).toContain('改派师傅当天修好并致歉');
    expect(summaryOf('received')).toContain('师傅上门迟到三个小时，态度也不好');
    await page.locator(`[data-testid="history-entry"][data-key^="complaint:${stored!.id}:"]`).first().scrollIntoViewIfNeeded();
    await screenshotIfAsked(page, 'history-complaint-steps-1366x768-zh-CN');
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
