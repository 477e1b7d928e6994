import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { browserSeatStackForThisFile } from '../support/browserSeatStack.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, signIn, waitUntilSynced } from '../support/seatPage.js';

/**
 * The customer's one contact history, in Chromium against a real backend and browser seat, by
 * keyboard and in Chinese: on a customer with orders and a follow-up, the agent writes a note
 * (Alt+Z), takes a complaint (Alt+Q) and records a WeChat contact (F9, the history's form), is
 * refused an empty one; the history shows every step newest first with the orders' events and
 * the follow-up below; a kind chip narrows it; the contact reaches the backend's database.
 * (dist/renderer is built by `npm test` before vitest runs; run `npm run build` when running alone.)
 */
const AGENT = { login: 'bj.agent1', password: 'demo1234' };
const stack = browserSeatStackForThisFile('e2e-contact-history', { customers: 300 });
const { pageProblems, query } = stack;
let page: Page;
let seat: RunningSeat;
beforeAll(() => {
  ({ page, seat } = stack);
});

const byTestId = (testId: string) => page.getByTestId(testId);
const entries = () =>
  page.locator('[data-testid="history-entry"]').evaluateAll((rows) =>
    rows.map((r) => ({ kind: r.getAttribute('data-kind'), step: r.getAttribute('data-step'), at: r.querySelector('time')?.getAttribute('datetime') ?? '', text: r.textContent ?? '' })),
  );

describe('the contact history in Chromium, by keyboard', () => {
  it('shows a note, a complaint and a contact recorded by hand above the orders and follow-ups, newest first; a chip narrows it; the contact syncs', async () => {
    await page.goto(seat.openUrl);
    await signIn(page, AGENT.login, AGENT.password);

    // A customer of the branch with orders and a follow-up (their order was completed).
    const [target] = query<{ customerId: string; phone: string }>(
      `SELECT c.id AS customerId, c.phone FROM customers c JOIN branches b ON b.id = c.branch_id
       WHERE b.code = 'BJ01' AND c.phone LIKE '+861%' AND EXISTS (SELECT 1 FROM follow_ups f WHERE f.customer_id = c.id)
       ORDER BY c.id LIMIT 1`,
    );
    expect(target).toBeDefined();
    const orderEvents = query<{ n: number }>('SELECT count(*) AS n FROM order_events e JOIN service_orders o ON o.id = e.order_id WHERE o.customer_id = ?', target!.customerId)[0]!.n;
    expect(orderEvents).toBeGreaterThan(0);

    await page.keyboard.press('Escape');
    await page.keyboard.type(target!.phone.slice(3));
    await page.locator(`[data-testid="search-result"][data-customer-id="${target!.customerId}"]`).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(target!.customerId);
    // The history is there before anything is added: the orders' events and the follow-up.
    await expect.poll(async () => (await entries()).some((e) => e.kind === 'order'), { timeout: 10_000 }).toBe(true);
    const before = await entries();
    expect(before.some((e) => e.kind === 'followUp')).toBe(true);

    // A note (Alt+Z).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Z');
    await expect.poll(() => activeTestId(page)).toBe('note-text');
    await page.keyboard.type('客户希望周末上门');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await entries())[0]?.kind).toBe('note');

    // A complaint (Alt+Q).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Q');
    await expect.poll(() => activeTestId(page)).toBe('complaint-category');
    await byTestId('complaint-words').focus();
    await page.keyboard.type('师傅没有按约定时间上门');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await entries())[0]?.kind).toBe('complaint');

    // F9: the history, on its first chip; Tab to the form, an empty contact is refused in Chinese.
    await page.keyboard.press('Escape');
    await page.keyboard.press('F9');
    await expect.poll(() => activeTestId(page)).toBe('history-filter-all');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('contact-channel');
    await byTestId('contact-channel').selectOption('wechat');
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('contact-text');
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId('contact-error').innerText()).toBe(zhCN.errors.refusal.contact_text_empty);
    await page.keyboard.type('客户在微信上发来故障照片');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await entries())[0]?.kind).toBe('contact');
    expect(await byTestId('contact-error').count()).toBe(0);
    expect(await byTestId('contact-text').inputValue()).toBe('');

    // Every step, newest first: the contact, the complaint, the note, then what was there before.
    const all = await entries();
    expect(all.slice(0, 3).map((e) => `${e.kind}:${e.step}`)).toEqual(['contact:wechat', 'complaint:received', 'note:customer']);
    expect(all[0]!.text).toContain('微信');
    expect(all[0]!.text).toContain('客户在微信上发来故障照片');
    expect(all[1]!.text).toContain('师傅没有按约定时间上门');
    expect(all[2]!.text).toContain('客户希望周末上门');
    const times = all.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(all.map((e) => e.kind))).toEqual(new Set(['contact', 'complaint', 'note', ...before.map((e) => e.kind)]));

    // A chip narrows it: F9, then → to the notes chip (Tab order: all, call, contact, note…), Enter.
    await page.keyboard.press('F9');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-kind'))).toBe('note');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await entries()).map((e) => e.kind)).toEqual(['note']);
    expect(await page.locator('[data-testid="history-filter"][data-kind="note"]').getAttribute('aria-pressed')).toBe('true');
    // And back to everything.
    await page.keyboard.press('F9');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await entries()).length).toBe(all.length);

    // The contact recorded by hand reaches the backend, as this agent's, on the customer.
    await waitUntilSynced(page);
    expect(query('SELECT channel, notes, disposition, talk_seconds AS talk FROM interactions WHERE customer_id = ? AND channel <> ?', target!.customerId, 'phone')).toEqual([
      { channel: 'wechat', notes: '客户在微信上发来故障照片', disposition: 'other', talk: 0 },
    ]);
    expect(pageProblems).toEqual([]);
  });
});
