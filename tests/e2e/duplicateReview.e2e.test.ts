import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { browserSeatStackForThisFile } from '../support/browserSeatStack.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, openCustomerCard, screenshotIfAsked, signIn, signedInSeatPage, waitUntilSynced } from '../support/seatPage.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Duplicates approved with a reason (issue 12, "supervisor acts"), in Chromium at 1366×768, in
 * Chinese, by keyboard: bj.agent1 files a second repair for a unit with an open one, with her
 * reason, and My work marks it awaiting the supervisor; bj.super (a seat of his own) opens the desk
 * (Alt+Y), where it is listed with her reason, is refused without a reason of his own, then approves
 * it with one; the backend holds the decision and ONE duplicate_approved event by bj.super with the
 * reason; bj.agent1's My work shows it approved with the reason, and Enter on it opens the order's
 * history with the decision by 赵敏. (dist/renderer is built by
 * `npm test` before vitest runs; run `npm run build:renderer` when running alone.)
 */
const AGENT_REASON = '客户说上次修完又坏了，要求另派师傅';
const APPROVAL = '同一台空调二次报修，同意另开工单';
const stack = browserSeatStackForThisFile('e2e-duplicate-review', { customers: 300, viewport: { width: 1366, height: 768 } });
const { pageProblems, query } = stack;
const tmp = makeTempDir('e2e-duplicate-review-super');
const otherSeats: RunningSeat[] = [];
let agent: Page;
let supervisor: Page;

beforeAll(() => {
  agent = stack.page;
});
afterAll(async () => {
  for (const seat of otherSeats) await seat.stop();
  tmp.cleanup();
});

interface Unit {
  customerId: string;
  phone: string;
  productId: string;
  openOrderNumber: string;
}

describe('a duplicate order approved by the supervisor with a reason, by keyboard', () => {
  let orderNumber: string;
  let orderId: string;

  it('bj.agent1 files a second repair for a unit with an open one, with her reason; My work marks it awaiting the supervisor', async () => {
    await agent.goto(stack.seat.openUrl);
    await signIn(agent, 'bj.agent1');
    // A BJ01 unit with an open repair: any new repair of it may duplicate that one.
    const [unit] = query<Unit>(
      `SELECT c.id AS customerId, c.phone, p.id AS productId, o.order_number AS openOrderNumber
         FROM service_orders o JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id JOIN branches b ON b.id = c.branch_id
        WHERE b.code = 'BJ01' AND o.type = 'repair' AND o.status IN ('new','dispatched','accepted','in_service','parts_pending')
          AND o.deleted = 0 AND p.deleted = 0 AND c.deleted = 0 AND c.phone LIKE '+861%'
        ORDER BY o.id LIMIT 1`,
    );
    expect(unit, 'the demo has an open repair in BJ01').toBeDefined();
    await openCustomerCard(agent, unit!.customerId, unit!.phone);

    await agent.keyboard.press('Escape');
    await agent.keyboard.press('Alt+O');
    await agent.getByTestId('new-order-form').waitFor();
    expect(await activeTestId(agent)).toBe('order-type');
    await agent.getByTestId('order-type').selectOption('repair');
    await agent.getByTestId('order-product').selectOption(unit!.productId);
    const warranty = agent.getByTestId('order-product-warranty');
    await warranty.waitFor({ timeout: 10_000 });
    if ((await warranty.getAttribute('data-status')) === 'out_of_warranty') {
      await agent.getByTestId('order-fee-estimate').focus();
      await agent.keyboard.press('ControlOrMeta+A');
      await agent.keyboard.type('150');
      await agent.getByTestId('order-fee-consent-given').focus();
      await agent.keyboard.press('Space');
    }
    const fault = '空调又不制冷了（二次报修）';
    await agent.getByTestId('order-fault').focus();
    await agent.keyboard.type(fault);
    const warning = agent.getByTestId('order-duplicate-warning');
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.textContent()).toContain(unit!.openOrderNumber);
    await agent.getByTestId('order-duplicate-reason').focus();
    await agent.keyboard.type(AGENT_REASON);
    await agent.getByTestId('order-fault').focus();
    await agent.keyboard.press('Enter');
    await agent.getByTestId('new-order-form').waitFor({ state: 'detached', timeout: 10_000 });
    const row = agent.locator('[data-testid="order-row"]').filter({ hasText: fault }).first();
    await row.waitFor({ timeout: 10_000 });
    orderNumber = (await row.getAttribute('data-order-number'))!;
    await waitUntilSynced(agent);
    const [made] = query<{ id: string; duplicateReason: string; duplicateReview: string }>(
      'SELECT id, duplicate_reason AS duplicateReason, duplicate_review AS duplicateReview FROM service_orders WHERE order_number = ?',
      orderNumber,
    );
    expect(made).toMatchObject({ duplicateReason: AGENT_REASON, duplicateReview: 'null' });
    orderId = made!.id;

    // My work (Alt+1): her order, awaiting the supervisor.
    await agent.keyboard.press('Escape');
    await agent.keyboard.press('Alt+1');
    const badge = agent.locator(`[data-testid="my-work-orders"] [data-testid="my-work-row"][data-order-number="${orderNumber}"] [data-testid="my-work-duplicate-review"]`);
    await expect.poll(() => badge.getAttribute('data-decision'), { timeout: 15_000 }).toBe('awaiting');
    expect(await badge.textContent()).toBe(zhCN.duplicateReview.awaiting);
    await screenshotIfAsked(agent, 'duplicate-awaiting-my-work');
  }, 180_000);

  it('bj.super finds it in the desk with her reason, is refused without a reason of his own, and approves it with one', async () => {
    supervisor = await signedInSeatPage('bj.super', { backendUrl: stack.backend.url, dir: tmp.dir, browser: agent.context().browser()!, seats: otherSeats, problems: pageProblems });
    await supervisor.keyboard.press('Alt+y');
    await supervisor.getByTestId('desk-panel').waitFor();
    const section = supervisor.getByTestId('duplicate-review');
    const row = section.locator(`[data-testid="duplicate-review-row"][data-order-id="${orderId}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain(AGENT_REASON);
    expect(await row.textContent()).toContain('李娜');
    expect(await section.locator('h3').textContent()).toBe(zhCN.duplicateReview.heading.replace('{{count}}', String(await section.getByTestId('duplicate-review-row').count())));

    // The list by keyboard: ↓/↑ to her order, Enter to the reason.
    await section.getByTestId('duplicate-review-list').focus();
    for (let i = 0; i < 20 && (await row.getAttribute('aria-selected')) !== 'true'; i++) await supervisor.keyboard.press('ArrowDown');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await supervisor.keyboard.press('Enter');
    expect(await activeTestId(supervisor)).toBe('duplicate-review-reason');

    // No reason: refused in Chinese, nothing decided.
    await supervisor.keyboard.press('Tab');
    expect(await activeTestId(supervisor)).toBe('duplicate-review-approve');
    await supervisor.keyboard.press('Enter');
    const error = section.getByTestId('duplicate-review-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toContain(zhCN.errors.refusal.duplicate_review_reason_required.replace('{{orderNumber}}', orderNumber));
    expect(await activeTestId(supervisor)).toBe('duplicate-review-reason');
    expect(await row.count()).toBe(1);

    await supervisor.keyboard.type(APPROVAL);
    await supervisor.keyboard.press('Tab');
    await supervisor.keyboard.press('Enter');
    const decided = section.getByTestId('duplicate-review-decided');
    await decided.waitFor({ timeout: 10_000 });
    expect(await decided.textContent()).toBe(zhCN.duplicateReview.approvedNotice.replace('{{number}}', orderNumber));
    expect(await decided.getAttribute('data-decision')).toBe('approved');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await screenshotIfAsked(supervisor, 'duplicate-approved-desk');
    await waitUntilSynced(supervisor);

    const [superId] = query<{ id: string }>("SELECT id FROM agents WHERE login = 'bj.super'");
    expect(query<{ review: string }>('SELECT duplicate_review AS review FROM service_orders WHERE id = ?', orderId).map((r) => JSON.parse(r.review) as unknown)).toEqual([{ decision: 'approved', reason: APPROVAL }]);
    expect(query('SELECT kind, agent_id AS agentId, note FROM order_events WHERE order_id = ? AND kind IN (?, ?)', orderId, 'duplicate_approved', 'duplicate_rejected')).toEqual([
      { kind: 'duplicate_approved', agentId: superId!.id, note: APPROVAL },
    ]);
  }, 180_000);

  it("bj.agent1's My work shows it approved with the supervisor's reason", async () => {
    const badge = agent.locator(`[data-testid="my-work-orders"] [data-testid="my-work-row"][data-order-number="${orderNumber}"] [data-testid="my-work-duplicate-review"]`);
    await expect.poll(() => badge.getAttribute('data-decision'), { timeout: 30_000 }).toBe('approved');
    expect(await badge.textContent()).toBe(zhCN.duplicateReview.decided.approved.replace('{{reason}}', APPROVAL));
    await screenshotIfAsked(agent, 'duplicate-approved-my-work');

    // Enter on the row opens the card at the order's history: the decision, by 赵敏, with his reason.
    await agent.keyboard.press('Alt+1');
    await expect.poll(() => activeTestId(agent)).toBe('my-work-row');
    const numbers = await agent.getByTestId('my-work-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-number')));
    for (let i = 0; i < numbers.indexOf(orderNumber); i++) await agent.keyboard.press('ArrowDown');
    expect(await agent.evaluate(() => document.activeElement?.getAttribute('data-order-number'))).toBe(orderNumber);
    await agent.keyboard.press('Enter');
    await agent.locator(`[data-testid="order-timeline"][data-order-id="${orderId}"]`).waitFor({ timeout: 10_000 });
    const entry = agent.locator('[data-testid="timeline-entry"][data-kind="duplicate_approved"]');
    await entry.waitFor({ timeout: 10_000 });
    expect(await entry.locator('.timeline-what').textContent()).toBe(zhCN.timeline.duplicateApproved.replace('{{by}}', '赵敏').replace('{{reason}}', APPROVAL));
    expect(pageProblems).toEqual([]);
  }, 60_000);
});
