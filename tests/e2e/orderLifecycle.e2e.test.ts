import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { browserSeatStackForThisFile } from '../support/browserSeatStack.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, signIn } from '../support/seatPage.js';

/**
 * An order's steps from its row at 1366×768 in Chinese, by keyboard: the row's buttons stay on one
 * line and nothing is wider than the card; completing another agent's order asks to take it over,
 * and the completion (resolution, parts, fee, technician) and the takeover reach the backend.
 * (dist/renderer is built by `npm test` before vitest runs; run `npm run build` when running alone.)
 */
const AGENT = { login: 'bj.agent2', password: 'demo1234' };
const stack = browserSeatStackForThisFile('e2e-order-lifecycle', { customers: 300, viewport: { width: 1366, height: 768 } });
const { pageProblems, query } = stack;
let page: Page;
let seat: RunningSeat;
beforeAll(() => {
  ({ page, seat } = stack);
});

const byTestId = (testId: string) => page.getByTestId(testId);

describe('order steps from the row, at 1366×768', () => {
  it('completes another agent’s order: one line of buttons, the form inside the card, the takeover asked and recorded', async () => {
    await page.goto(seat.openUrl);
    await signIn(page, AGENT.login, AGENT.password);

    // An order in service owned by bj.agent1, of a customer with several orders (the busiest rows).
    const [target] = query<{ id: string; orderNumber: string; customerId: string; phone: string }>(
      `SELECT o.id, o.order_number AS orderNumber, o.customer_id AS customerId, c.phone
         FROM service_orders o JOIN customers c ON c.id = o.customer_id JOIN agents a ON a.id = o.owner_agent_id
        WHERE a.login = 'bj.agent1' AND o.status = 'in_service' AND o.deleted = 0
        ORDER BY (SELECT count(*) FROM service_orders x WHERE x.customer_id = o.customer_id) DESC, o.id LIMIT 1`,
    );
    expect(target, 'the demo has an order in service of bj.agent1').toBeDefined();
    await page.keyboard.press('Escape');
    await page.keyboard.type(target!.phone.replace('+86', ''));
    await page.locator(`[data-testid="search-result"][data-customer-id="${target!.customerId}"]`).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(target!.customerId);

    // Every row's buttons on one line, and no element of the card wider than the card.
    const layout = await page.evaluate(() => {
      const card = document.querySelector('[data-testid="customer-card"]')!;
      const rows = [...document.querySelectorAll('[data-testid="order-actions"]')].map((actions) => {
        const button = actions.querySelector('button')!.getBoundingClientRect();
        return { height: actions.getBoundingClientRect().height, button: button.height };
      });
      return { rows, cardScroll: card.scrollWidth, cardClient: card.clientWidth };
    });
    expect(layout.rows.length).toBeGreaterThan(0);
    for (const row of layout.rows) expect(row.height).toBeLessThanOrEqual(row.button + 1);
    expect(layout.cardScroll).toBeLessThanOrEqual(layout.cardClient);

    const row = page.locator(`[data-testid="order-row"][data-order-number="${target!.orderNumber}"]`);
    const complete = row.locator('[data-testid="order-step"][data-status="completed"]');
    expect((await complete.textContent())?.trim()).toBe(zhCN.orderActions.step.completed);
    await complete.focus();
    await page.keyboard.press('Enter');
    const form = byTestId('complete-form');
    await form.waitFor();
    expect(await activeTestId(page)).toBe('complete-resolution');
    const inside = await page.evaluate(() => {
      const f = document.querySelector('[data-testid="complete-form"]')!.getBoundingClientRect();
      const c = document.querySelector('[data-testid="customer-card"]')!.getBoundingClientRect();
      return f.left >= c.left && f.right <= c.right;
    });
    expect(inside, 'the completion form stays inside the card').toBe(true);

    await page.keyboard.type('更换启动电容，试机正常');
    await page.keyboard.press('Tab');
    await page.keyboard.type('启动电容×1');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('80');
    await page.keyboard.press('Tab');
    await page.keyboard.type('张师傅');
    await page.keyboard.press('Enter');

    // Not bj.agent2's order: the step waits for "take it over?", answered with Enter.
    const question = byTestId('order-takeover');
    await question.waitFor({ timeout: 10_000 });
    expect(await question.textContent()).toContain(zhCN.orderActions.takeoverYes);
    expect(await activeTestId(page)).toBe('order-takeover-confirm');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('completed');
    expect(await row.locator('[data-testid="order-step"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')))).toEqual(['closed']);

    await expect.poll(() => byTestId('pending-count').getAttribute('data-count'), { timeout: 30_000 }).toBe('0');
    const [stored] = query<{ status: string; completion: string; owner: string }>(
      `SELECT o.status, o.completion, a.login AS owner FROM service_orders o JOIN agents a ON a.id = o.owner_agent_id WHERE o.id = ?`,
      target!.id,
    );
    expect(stored!.status).toBe('completed');
    expect(stored!.owner).toBe(AGENT.login);
    expect(JSON.parse(stored!.completion)).toEqual({ resolution: '更换启动电容，试机正常', parts: [{ name: '启动电容', quantity: 1 }], fee: 80, technician: '张师傅' });
    const events = query<{ kind: string }>('SELECT kind FROM order_events WHERE order_id = ? ORDER BY seq, rowid', target!.id).map((e) => e.kind);
    expect(events.slice(-2)).toEqual(['owner_changed', 'status_changed']);
    expect(pageProblems).toEqual([]);
  });
});
