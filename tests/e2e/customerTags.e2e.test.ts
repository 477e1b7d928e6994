import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { browserSeatStackForThisFile } from '../support/browserSeatStack.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, openCustomerCard, screenshotIfAsked, signIn, waitUntilSynced } from '../support/seatPage.js';

/**
 * Customer tags and VIP treatment (issue 11) in Chromium at 1366×768, in Chinese, by keyboard,
 * against a real backend and browser seat: bj.agent1 tags a customer "elderly" and "prefers
 * evenings" in the edit form (Alt+E, Space ticks, Enter saves) and the card shows the chips, which
 * reach the backend; a gold VIP's card and new-order form show what the tier entitles to, and the
 * out-of-warranty fee the customer consents to is the member price, recorded as such.
 * (dist/renderer is built by `npm test` before vitest runs; run `npm run build` when running alone.)
 * SCREENSHOT_DIR set: the card and the order form are saved there as PNG.
 */
const AGENT = { login: 'bj.agent1', password: 'demo1234' };
const stack = browserSeatStackForThisFile('e2e-customer-tags', { customers: 300, viewport: { width: 1366, height: 768 } });
const { pageProblems, query } = stack;
let page: Page;
let seat: RunningSeat;
beforeAll(() => {
  ({ page, seat } = stack);
});

const byTestId = (testId: string) => page.getByTestId(testId);

/** Whether an element lies wholly inside the viewport's width (nothing cut off at 1366 px). */
const fitsWidth = (testId: string) => byTestId(testId).first().evaluate((el) => el.getBoundingClientRect().right <= window.innerWidth && el.scrollWidth <= el.clientWidth + 1);

describe('customer tags and VIP treatment in Chromium, by keyboard', () => {
  it('tags a customer "elderly" and "prefers evenings" from the edit form; the card shows them and the backend has them', async () => {
    await page.goto(seat.openUrl);
    await signIn(page, AGENT.login, AGENT.password);

    const [target] = query<{ id: string; phone: string }>(
      `SELECT c.id, c.phone FROM customers c JOIN branches b ON b.id = c.branch_id
        WHERE b.code = 'BJ01' AND c.deleted = 0 AND c.tags = '[]' AND c.vip_tier = 'none' AND c.phone LIKE '+861%' AND c.province_code IS NOT NULL
        ORDER BY c.id LIMIT 1`,
    );
    expect(target, 'the demo has an untagged BJ01 customer').toBeDefined();
    await openCustomerCard(page, target!.id, target!.phone);
    expect(await byTestId('customer-tags').count()).toBe(0);
    expect(await byTestId('vip-banner').count()).toBe(0);

    // Alt+E: the edit form; the tags are ticks, Space ticks one, Tab goes to the next, Enter saves.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+E');
    await byTestId('edit-customer-form').waitFor();
    await byTestId('field-tag-elderly').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('field-tag-prefers_evenings');
    await page.keyboard.press('Space');
    expect(await byTestId('field-tag-elderly').isChecked()).toBe(true);
    expect(await byTestId('field-tag-prefers_evenings').isChecked()).toBe(true);
    expect(await byTestId('field-tag-repeat_complainer').isChecked()).toBe(false);
    await screenshotIfAsked(page, 'customer-tags-edit-form');
    await page.keyboard.press('Enter');
    await byTestId('edit-customer-form').waitFor({ state: 'detached', timeout: 10_000 });

    const chips = page.locator('[data-testid="customer-tags"] [data-tag]');
    await expect.poll(() => chips.evaluateAll((els) => els.map((el) => el.getAttribute('data-tag')))).toEqual(['elderly', 'prefers_evenings']);
    expect(await chips.allInnerTexts()).toEqual([zhCN.customerTag.elderly, zhCN.customerTag.prefers_evenings]);
    expect(await fitsWidth('customer-tags')).toBe(true);
    await screenshotIfAsked(page, 'customer-tags-card');
    await waitUntilSynced(page);
    expect(query<{ tags: string }>('SELECT tags FROM customers WHERE id = ?', target!.id).map((r) => JSON.parse(r.tags) as string[])).toEqual([['elderly', 'prefers_evenings']]);
  });

  it("shows a gold VIP's entitlements on the card and the new-order form, and records the member price the customer consents to", async () => {
    const [gold] = query<{ id: string; phone: string; productId: string }>(
      `SELECT c.id, c.phone, p.id AS productId FROM customers c JOIN branches b ON b.id = c.branch_id JOIN products p ON p.customer_id = c.id
        WHERE b.code = 'BJ01' AND c.deleted = 0 AND p.deleted = 0 AND c.vip_tier = 'gold' AND c.phone LIKE '+861%'
          AND date(p.purchase_date, '+' || p.warranty_months || ' months') < date('now', '-1 month')
          AND NOT EXISTS (SELECT 1 FROM service_orders x WHERE x.customer_id = c.id AND x.status IN ('new','dispatched','accepted','in_service','parts_pending'))
        ORDER BY c.id LIMIT 1`,
    );
    expect(gold, 'the demo has a gold BJ01 customer with a unit out of warranty and no open order').toBeDefined();
    await openCustomerCard(page, gold!.id, gold!.phone);
    const banner = byTestId('vip-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-tier')).toBe('gold');
    expect(await banner.innerText()).toContain('金卡会员权益');
    expect(await byTestId('vip-priority-dispatch').innerText()).toBe(zhCN.vipBanner.priorityDispatch);
    expect(await byTestId('vip-fee-discount').innerText()).toBe('过保费用优惠 10%');

    // Alt+O: the order form repeats what the tier entitles to; out of warranty the member price is what the customer agrees to.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+O');
    await byTestId('new-order-form').waitFor();
    expect(await activeTestId(page)).toBe('order-type');
    expect(await byTestId('order-vip-banner').innerText()).toContain('优先派单');
    await byTestId('order-type').selectOption('repair');
    await byTestId('order-product').selectOption(gold!.productId);
    await expect.poll(() => byTestId('order-product-warranty').getAttribute('data-status'), { timeout: 10_000 }).toBe('out_of_warranty');
    await byTestId('order-fee-estimate').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('300');
    await expect.poll(() => byTestId('order-fee-payable').innerText()).toBe('会员价 270 元（原价 300 元，优惠 10%）');
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('order-fee-consent-given');
    await page.keyboard.press('Space');
    await byTestId('order-fault').focus();
    await page.keyboard.type('不加热，金卡客户');
    expect(await fitsWidth('order-vip-banner')).toBe(true);
    await screenshotIfAsked(page, 'customer-tags-vip-order');
    await page.keyboard.press('Enter');
    await byTestId('new-order-form').waitFor({ state: 'detached', timeout: 10_000 });
    await waitUntilSynced(page);
    const [order] = query<{ fee_consent: string }>("SELECT fee_consent FROM service_orders WHERE customer_id = ? AND fault = '不加热，金卡客户'", gold!.id);
    expect(JSON.parse(order!.fee_consent)).toMatchObject({ estimate: 270 });
    expect(pageProblems).toEqual([]);
  });
});
