import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/locales/en.js';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import type { RunningBackend } from '../support/backendProcess.js';
import { browserSeatStackForThisFile } from '../support/browserSeatStack.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, signIn, waitUntilSynced } from '../support/seatPage.js';

/**
 * The work beside the customer card, in Chromium against a real backend and browser seat, driven
 * by the keyboard as an agent works: knowledge search (Alt+B), a new product (Alt+I), an order's
 * parts, dispatch, history and handover, the overdue list (Alt+U), preview dialing (Alt+W) and
 * the follow-up tasks (Alt+G);
 * what the agent did is checked in the backend's database once synced.
 * (dist/renderer is built by `npm test` before vitest runs; run `npm run build` when running alone.)
 */
const AGENT = { login: 'bj.agent1', password: 'demo1234' };
/** Enough customers that branch BJ01 has several orders still waiting for dispatch past their deadline. */
const SEED_CUSTOMERS = 3000;
const stack = browserSeatStackForThisFile('e2e-work-panels', { customers: SEED_CUSTOMERS });
const { pageProblems, query } = stack;
let page: Page;
let seat: RunningSeat;
let backend: RunningBackend;
beforeAll(() => {
  ({ page, seat, backend } = stack);
});

const byTestId = (testId: string) => page.getByTestId(testId);
const textOf = async (locator: Locator) => (await locator.textContent())?.trim() ?? '';

/** Tab-free keyboard use of one control: focus it, then a key (Enter by default). */
async function press(locator: Locator, key = 'Enter'): Promise<void> {
  await locator.focus();
  await page.keyboard.press(key);
}

/** Opens a customer's card the keyboard way: Esc to the search box, type, Enter. */
async function openCard(customerId: string, typed: string): Promise<void> {
  await page.keyboard.press('Escape');
  expect(await activeTestId(page)).toBe('search-input');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(typed);
  const match = page.locator(`[data-testid="search-result"][data-customer-id="${customerId}"]`);
  await match.waitFor({ timeout: 10_000 });
  await expect.poll(() => page.getByTestId('search-result').count(), { timeout: 10_000 }).toBe(1);
  await page.keyboard.press('Enter');
  await expect.poll(() => byTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(customerId);
}

describe('work panels in Chromium, by keyboard', () => {
  it('logs in as bj.agent1 and the first sync completes', async () => {
    await page.goto(seat.openUrl);
    // The initial sync brings everything (knowledge, campaigns, orders) before the panels are opened.
    await signIn(page, AGENT.login, AGENT.password);
    await expect.poll(async () => textOf(byTestId('last-sync')), { timeout: 30_000 }).toMatch(/\d{1,2}:\d{2}/);
    // The UI starts in Chinese: the panels below are checked in English at the end.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('Alt+B searches the knowledge base in Chinese, ↓ Enter reads an article, Esc gives the focus back', async () => {
    await page.keyboard.press('Escape');
    expect(await activeTestId(page)).toBe('search-input');

    await page.keyboard.press('Alt+B');
    const panel = byTestId('knowledge-panel');
    await panel.waitFor();
    expect(await textOf(panel.locator('h2'))).toBe(zhCN.knowledge.heading);
    expect(await activeTestId(page)).toBe('knowledge-query');

    // Every seeded article is listed before typing; a Chinese word narrows them to the matching ones.
    await expect.poll(() => byTestId('knowledge-result').count(), { timeout: 10_000 }).toBeGreaterThan(2);
    const titles = () => byTestId('knowledge-result').locator('strong').allTextContents();
    await page.keyboard.type('冷媒');
    await expect.poll(titles, { timeout: 10_000 }).toEqual(['空调不制冷的排查话术']);

    // One of the results is highlighted (the `selected` item), and ↓ Enter opens the highlighted one.
    await page.keyboard.press('ArrowDown');
    const highlighted = page.locator('[data-testid="knowledge-result"].selected');
    await expect.poll(() => highlighted.count()).toBe(1);
    const highlightedId = await highlighted.getAttribute('data-article-id');
    const highlight = await highlighted.evaluate((el) => getComputedStyle(el).backgroundColor);
    const plain = await page.evaluate(() => {
      const probe = document.createElement('button');
      probe.className = 'overdue-entry';
      document.body.append(probe);
      const color = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return color;
    });
    expect(highlight).not.toBe(plain);
    await page.keyboard.press('Enter');
    const article = byTestId('knowledge-article');
    await article.waitFor();
    expect(await article.getAttribute('data-article-id')).toBe(highlightedId);
    expect(await textOf(byTestId('knowledge-article-title'))).toBe('空调不制冷的排查话术');
    expect(await textOf(byTestId('knowledge-article-body'))).toContain('冷媒');

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await activeTestId(page)).toBe('search-input');
  });

  it('Alt+I registers a product on the open card: field errors first, then the warranty badge', async () => {
    const sample = backend.sampleCustomer;
    await openCard(sample.id, sample.phone);
    const productsBefore = await byTestId('product-row').count();

    await page.keyboard.press('Alt+I');
    const form = byTestId('new-product-form');
    await form.waitFor();
    expect(await activeTestId(page)).toBe('new-product-serial');

    // Nothing filled in: the serial number's box says so.
    await page.keyboard.press('Enter');
    await form.locator('[data-testid="field-error"][data-field="serialNumber"]').waitFor();
    // A serial number that is not one: still refused on that field, nothing registered.
    await page.keyboard.type('ab?1');
    await page.keyboard.press('Enter');
    await form.locator('[data-testid="field-error"][data-field="serialNumber"]').waitFor();
    expect(await byTestId('new-product-saved').count()).toBe(0);

    const serial = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const purchased = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(serial);
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('new-product-model');
    await page.keyboard.type('KFR-35GW/E2E');
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('new-product-category');
    await byTestId('new-product-category').selectOption('tv');
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('new-product-purchase-date');
    await byTestId('new-product-purchase-date').fill(purchased);
    await page.keyboard.press('Enter');

    const saved = byTestId('new-product-saved');
    await saved.waitFor({ timeout: 10_000 });
    expect(await saved.getAttribute('data-serial')).toBe(serial);
    expect(await saved.getAttribute('data-warranty')).toBe('in_warranty');
    expect(await textOf(byTestId('new-product-warranty'))).toBe(zhCN.warranty.in_warranty);
    expect(await form.locator('[data-testid="field-error"]').count()).toBe(0);
    const row = page.locator(`[data-testid="product-row"][data-serial="${serial}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('warranty-status').getAttribute('data-status')).toBe('in_warranty');
    expect(await byTestId('product-row').count()).toBe(productsBefore + 1);

    await waitUntilSynced(page);
    const stored = query<{ model: string; category: string; purchase_date: string; customer_id: string }>(
      'SELECT model, category, purchase_date, customer_id FROM products WHERE serial_number = ?',
      serial,
    );
    expect(stored).toEqual([{ model: 'KFR-35GW/E2E', category: 'tv', purchase_date: purchased, customer_id: sample.id }]);
  });

  it('Alt+U lists the overdue orders; ↓↑ Enter opens the card at that order', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+U');
    const panel = byTestId('overdue-panel');
    await panel.waitFor();
    const entries = byTestId('overdue-entry');
    await expect.poll(() => entries.count(), { timeout: 10_000 }).toBeGreaterThan(1);
    expect(await activeTestId(page)).toBe('overdue-entry');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    const chosen = await page.evaluate(() => document.activeElement?.getAttribute('data-order-number') ?? null);
    expect(chosen).toBe(await entries.nth(1).getAttribute('data-order-number'));
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="order-row"][data-order-number="${chosen}"]`).waitFor({ timeout: 10_000 });
    const [order] = query<{ id: string; customer_id: string; status: string }>('SELECT id, customer_id, status FROM service_orders WHERE order_number = ?', chosen);
    expect(await byTestId('customer-card').getAttribute('data-customer-id')).toBe(order!.customer_id);
    // Overdue orders are open ones, late at some stage (dispatch, acceptance, on site or completion).
    expect(['new', 'dispatched', 'accepted', 'in_service', 'parts_pending']).toContain(order!.status);
    // "At that order": its history shows beside the card, and the list has closed.
    await page.locator(`[data-testid="order-timeline"][data-order-id="${order!.id}"]`).waitFor({ timeout: 10_000 });
    expect(await byTestId('overdue-panel').count()).toBe(0);
  });

  it("a new order's row: parts, dispatch to a suggested outlet, history, and a handover to bj.agent2", async () => {
    // A fresh order (Alt+O) on the open card: its history starts with "created".
    const customerId = (await byTestId('customer-card').getAttribute('data-customer-id'))!;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+O');
    await byTestId('new-order-form').waitFor();
    expect(await activeTestId(page)).toBe('order-type');
    await byTestId('order-type').selectOption('complaint');
    await byTestId('order-product').selectOption('');
    await byTestId('order-fault').focus();
    await page.keyboard.type('师傅未按约定时间上门 e2e');
    await page.keyboard.press('Enter');
    await byTestId('new-order-form').waitFor({ state: 'detached', timeout: 10_000 });
    await waitUntilSynced(page);
    const [target] = query<{ id: string; orderNumber: string }>(
      "SELECT id, order_number AS orderNumber FROM service_orders WHERE customer_id = ? AND fault = '师傅未按约定时间上门 e2e'",
      customerId,
    );
    expect(target, 'the new order reached the backend').toBeDefined();
    const [agent2] = query<{ id: string; display_name: string }>("SELECT id, display_name FROM agents WHERE login = 'bj.agent2'");
    const orderRow = page.locator(`[data-testid="order-row"][data-order-number="${target!.orderNumber}"]`);
    expect(await orderRow.getAttribute('data-status')).toBe('new');

    // Parts: part number and quantity, Enter; the request is listed as requested.
    await press(orderRow.getByTestId('parts-requests-button'));
    const parts = byTestId('parts-requests');
    await parts.waitFor();
    expect(await activeTestId(page)).toBe('parts-part-number');
    await page.keyboard.type('PCB-E2E-01');
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('parts-quantity');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    const request = parts.locator('[data-testid="parts-request-row"][data-part-number="PCB-E2E-01"]');
    await request.waitFor({ timeout: 10_000 });
    expect(await request.getAttribute('data-status')).toBe('requested');
    expect(await textOf(request)).toContain(zhCN.partsRequests.statusName.requested);
    await page.keyboard.press('Escape');
    await parts.waitFor({ state: 'detached' });
    expect(await activeTestId(page)).toBe('parts-requests-button');

    // Dispatch: the outlet suggestions come first (nearest, least loaded), the window defaults to tomorrow morning.
    await press(orderRow.getByTestId('order-dispatch'));
    const dispatch = byTestId('dispatch-form');
    await dispatch.waitFor();
    expect(await activeTestId(page)).toBe('dispatch-outlet');
    await expect.poll(async () => (await byTestId('dispatch-outlet').inputValue()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const outletId = await byTestId('dispatch-outlet').inputValue();
    const start = await byTestId('dispatch-start').inputValue();
    const end = await byTestId('dispatch-end').inputValue();
    expect(start < end).toBe(true);
    // Enter right on the outlet list dispatches, as in the window's boxes.
    await page.keyboard.press('Enter');
    await expect.poll(() => orderRow.getAttribute('data-status'), { timeout: 10_000 }).toBe('dispatched');

    // History: created and dispatched, newest first, with the focus on it.
    const timeline = page.locator(`[data-testid="order-timeline"][data-order-id="${target!.id}"]`);
    const kinds = () => timeline.getByTestId('timeline-entry').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
    const historyButton = orderRow.getByTestId('order-timeline-button');
    await press(historyButton);
    await timeline.waitFor();
    expect(await historyButton.getAttribute('aria-expanded')).toBe('true');
    expect(await activeTestId(page)).toBe('order-timeline');
    await expect.poll(kinds, { timeout: 10_000 }).toEqual(['dispatched', 'created']);
    const [outlet] = query<{ name: string }>('SELECT name FROM outlets WHERE id = ?', outletId);
    expect(await textOf(timeline.locator('[data-kind="dispatched"]'))).toContain(outlet!.name);

    // Hand over to bj.agent2: the open timeline shows the owner change.
    await press(orderRow.getByTestId('order-handover'));
    await byTestId('handover-form').waitFor();
    expect(await activeTestId(page)).toBe('handover-agent');
    await expect.poll(() => byTestId('handover-agent').locator(`option[value="${agent2!.id}"]`).count(), { timeout: 10_000 }).toBe(1);
    await byTestId('handover-agent').selectOption(agent2!.id);
    await page.keyboard.press('Enter');
    await byTestId('handover-form').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(kinds, { timeout: 10_000 }).toEqual(['owner_changed', 'dispatched', 'created']);
    const ownerChange = timeline.locator('[data-testid="timeline-entry"][data-kind="owner_changed"]');
    expect(await textOf(ownerChange)).toContain(agent2!.display_name);

    await waitUntilSynced(page);
    const [order] = query<{ status: string; owner_agent_id: string }>('SELECT status, owner_agent_id FROM service_orders WHERE id = ?', target!.id);
    expect(order).toEqual({ status: 'dispatched', owner_agent_id: agent2!.id });
    const requests = query<{ part_number: string; quantity: number; status: string }>(
      'SELECT part_number, quantity, status FROM parts_requests WHERE order_id = ?',
      target!.id,
    );
    expect(requests).toEqual([{ part_number: 'PCB-E2E-01', quantity: 2, status: 'requested' }]);
    const events = query<{ kind: string; outlet_id: string | null }>('SELECT kind, outlet_id FROM order_events WHERE order_id = ? ORDER BY seq', target!.id);
    expect(events.find((e) => e.kind === 'dispatched')?.outlet_id).toBe(outletId);
    await page.keyboard.press('Escape');
  });

  it('Alt+W works a campaign: Enter previews the next target on its card, an outcome moves to the next', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+W');
    const panel = byTestId('campaigns-panel');
    await panel.waitFor();
    await expect.poll(() => byTestId('campaign-entry').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.keyboard.press('Enter');

    const preview = byTestId('campaign-preview');
    await preview.waitFor({ timeout: 10_000 });
    const firstTarget = (await preview.getAttribute('data-target-id'))!;
    const [target] = query<{ customer_id: string; status: string }>('SELECT customer_id, status FROM campaign_targets WHERE id = ?', firstTarget);
    expect(target!.status).toBe('pending');
    await expect.poll(() => byTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(target!.customer_id);
    expect(await textOf(byTestId('campaign-target-name'))).toBe(await textOf(byTestId('customer-name')));

    // The outcome: done is chosen first; notes, then Ctrl+Enter records it.
    expect(await activeTestId(page)).toBe('campaign-outcome-done');
    expect(await byTestId('campaign-outcome-done').isChecked()).toBe(true);
    await byTestId('campaign-notes').focus();
    await page.keyboard.type('客户确认已送达 e2e');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => preview.getAttribute('data-target-id'), { timeout: 10_000 }).not.toBe(firstTarget);
    const nextTarget = await preview.getAttribute('data-target-id');
    expect(nextTarget).toBeTruthy();

    await waitUntilSynced(page);
    await expect
      .poll(() => query<{ status: string; outcome_notes: string }>('SELECT status, outcome_notes FROM campaign_targets WHERE id = ?', firstTarget)[0], { timeout: 10_000 })
      .toEqual({ status: 'done', outcome_notes: '客户确认已送达 e2e' });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('Alt+G lists the follow-up of an order completed at headquarters; Enter opens its card, 4 and remarks record it', async () => {
    // An order of the branch completed elsewhere (sync push, as another seat would): the server schedules its follow-up.
    const [order] = query<{ id: string; version: number; order_number: string; customer_id: string }>(
      // The agent's own (one owner per order), completed with what completion records.
      "SELECT o.id, o.version, o.order_number, o.customer_id FROM service_orders o JOIN branches b ON b.id = o.branch_id JOIN agents a ON a.id = o.owner_agent_id WHERE b.code = 'BJ01' AND a.login = 'bj.agent1' AND o.status = 'in_service' AND o.deleted = 0 ORDER BY o.order_number LIMIT 1",
    );
    expect(order, 'the seed has an order in service at BJ01').toBeDefined();
    const login = await fetch(`${backend.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AGENT) });
    const { token } = (await login.json()) as { token: string };
    const push = await fetch(`${backend.url}/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        seatId: 'e2e-hq',
        mutations: [{ mutationId: crypto.randomUUID(), entity: 'serviceOrder', entityId: order!.id, op: 'update', baseVersion: order!.version, patch: { status: 'completed', completion: { resolution: '更换主板', parts: [{ name: '主板', quantity: 1 }], fee: 0, technician: '李师傅' } } }],
      }),
    });
    expect(((await push.json()) as { results: { status: string }[] }).results[0]?.status).toBe('applied');
    const [followUp] = query<{ id: string }>("SELECT id FROM follow_ups WHERE order_id = ? AND status = 'open'", order!.id);
    expect(followUp, 'completing the order scheduled a follow-up').toBeDefined();

    await page.keyboard.press('Escape');
    expect(await activeTestId(page)).toBe('search-input');
    await page.keyboard.press('Alt+G');
    const panel = byTestId('follow-ups-panel');
    await panel.waitFor();
    expect(await textOf(panel.locator('h2'))).toContain(zhCN.followUps.heading.split('（')[0]!);
    expect(await activeTestId(page)).toBe('follow-ups-list');
    const entry = page.locator(`[data-testid="follow-up-entry"][data-follow-up-id="${followUp!.id}"]`);
    await entry.waitFor({ timeout: 30_000 });
    const ids = await byTestId('follow-up-entry').evaluateAll((els) => els.map((el) => el.getAttribute('data-follow-up-id')));
    for (let i = 0; i < ids.indexOf(followUp!.id); i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => entry.getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => textOf(entry.getByTestId('follow-up-customer')), { timeout: 10_000 }).not.toBe(zhCN.followUps.unknownCustomer);
    await entry.getByTestId('follow-up-dial').waitFor();

    // Enter: the customer's card at that order, its pending follow-up listed on the card.
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(order!.customer_id);
    await page.locator(`[data-testid="order-row"][data-order-number="${order!.order_number}"]`).waitFor({ timeout: 10_000 });
    await page.locator(`[data-testid="customer-follow-up"][data-follow-up-id="${followUp!.id}"]`).waitFor({ timeout: 10_000 });

    // 4 on the list: the result form with satisfaction 4, the focus in the remarks; Ctrl+Enter saves.
    expect(await activeTestId(page)).toBe('follow-ups-list');
    await page.keyboard.press('4');
    const form = byTestId('follow-up-result');
    await form.waitFor();
    expect(await form.getAttribute('data-follow-up-id')).toBe(followUp!.id);
    expect(await byTestId('follow-up-satisfaction-4').isChecked()).toBe(true);
    expect(await activeTestId(page)).toBe('follow-up-remarks');
    await page.keyboard.type('师傅准时上门，空调已修好 e2e');
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached', timeout: 10_000 });
    await entry.waitFor({ state: 'detached' });
    await page.locator(`[data-testid="customer-follow-up"][data-follow-up-id="${followUp!.id}"]`).waitFor({ state: 'detached' });

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await activeTestId(page)).toBe('search-input');
    await waitUntilSynced(page);
    await expect
      .poll(() => query<{ status: string; satisfaction: number; remarks: string }>('SELECT status, satisfaction, remarks FROM follow_ups WHERE id = ?', followUp!.id)[0], { timeout: 10_000 })
      .toEqual({ status: 'done', satisfaction: 4, remarks: '师傅准时上门，空调已修好 e2e' });
    // The follow-up closed the loop: the order is followed up.
    expect(query<{ status: string }>('SELECT status FROM service_orders WHERE id = ?', order!.id)[0]?.status).toBe('visited');
  });

  it('header buttons open the knowledge and campaign panels for the mouse', async () => {
    await byTestId('knowledge-open').click();
    await byTestId('knowledge-panel').waitFor();
    await byTestId('campaigns-open').click();
    await byTestId('campaigns-panel').waitFor();
    expect(await byTestId('knowledge-panel').count()).toBe(0);
    await page.keyboard.press('Escape');
    await byTestId('campaigns-panel').waitFor({ state: 'detached' });
  });

  it('? (outside text boxes) and F1 show every key in Chinese; Esc closes the list and the focus goes back', async () => {
    await page.keyboard.press('Escape');
    await byTestId('knowledge-open').focus();
    await page.keyboard.press('?');
    const overlay = byTestId('shortcuts-panel');
    await overlay.waitFor();
    expect(await textOf(overlay.locator('h2'))).toBe(zhCN.shortcuts.heading);
    expect(await overlay.getByTestId('shortcut-row').count()).toBeGreaterThan(35);
    expect(await textOf(overlay.locator('[data-shortcut="knowledge"] dd'))).toBe(zhCN.shortcuts.keys.knowledge);
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    expect(await activeTestId(page)).toBe('knowledge-open');
    // In the search box ? is typed, F1 still opens the list.
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    expect(await byTestId('search-input').inputValue()).toContain('?');
    expect(await overlay.count()).toBe(0);
    await page.keyboard.press('F1');
    await overlay.waitFor();
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    expect(await activeTestId(page)).toBe('search-input');
    await byTestId('search-input').fill('');
  });

  it('speaks English after the language switch', async () => {
    await byTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+B');
    await expect.poll(async () => textOf(byTestId('knowledge-panel').locator('h2'))).toBe(en.knowledge.heading);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+W');
    await expect.poll(async () => textOf(byTestId('campaigns-panel').locator('h2'))).toBe(en.campaigns.heading);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+G');
    await expect.poll(async () => textOf(byTestId('follow-ups-panel').locator('h2'))).toMatch(/^Follow-up tasks of the branch \(\d+\)$/);
    await page.keyboard.press('Escape');
  });

  it('ran without script errors, CSP violations or failed loads', () => {
    expect(pageProblems).toEqual([]);
  });
});
