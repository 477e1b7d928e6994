import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendRows, startBackend, type RunningBackend } from '../support/backendProcess.js';
import { launchChromium } from '../support/chromium.js';
import { startFaultyProxy, type FaultyProxy } from '../support/faultyProxy.js';
import { bearerOf } from '../support/seatedBackend.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { activeTestId, signedInSeatPage } from '../support/seatPage.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * An agent's day (issue 10, "What shows it"), in Chromium by keyboard against a real backend and
 * browser seats, in Chinese at 1366×768: bj.agent1 finds a caller by an order number, opens a
 * repair of an out-of-warranty unit with a fee estimate and the customer's consent, is refused a
 * second one on the same unit without a reason and allowed it with one, and dispatches to the
 * outlet suggested for the customer's region; bj.agent2 completes it with parts and fee, records
 * the follow-up "call back at 15:00" (it leaves the list) and then done with score 2, which
 * bj.super sees flagged. Then the same order work once more with bj.agent2's link cut, synced when
 * the link is back. Every step is checked on screen (no English sentence) and in the backend.
 * (dist/renderer is built by `npm test` before vitest runs; run `npm run build` when running alone.)
 */
const tmp = makeTempDir('e2e-agent-day');
let backend: RunningBackend;
let link: FaultyProxy;
let browser: Browser;
const seats: RunningSeat[] = [];
/** Script errors and console errors of the pages: a working UI has none. */
const pageProblems: string[] = [];

/** Rows of the backend's database file, read as the backend wrote them. */
const query = <T>(sql: string, ...params: unknown[]): T[] => backendRows<T>(backend, sql, ...params);

/** A seat of its own with a page signed in as `login`; a cut link's failed requests are not page problems. */
const seatPage = (login: string, backendUrl: string): Promise<Page> =>
  signedInSeatPage(login, { backendUrl, dir: tmp.dir, browser, seats, problems: pageProblems, ignoreConsole: (text) => text.includes('Failed to load resource') });

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 300 });
  link = await startFaultyProxy(new URL(backend.url), { drop: 0, delay: 0, delayMs: [0, 0], cutResponse: 0 });
  link.setFaults(false);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  for (const seat of seats) await seat.stop();
  await link?.close();
  await backend?.stop();
  tmp.cleanup();
});

const textOf = async (locator: Locator) => (await locator.textContent())?.trim() ?? '';

async function press(locator: Locator, key = 'Enter'): Promise<void> {
  await locator.focus();
  await locator.page().keyboard.press(key);
}

/** Visible English sentences (two Latin words in a row, no Chinese) in text, titles and placeholders. */
async function englishOnScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const han = /\p{Script=Han}/u;
    const english = (text: string) => !han.test(text) && /[A-Za-z]{2,}[,.:;!?]?\s+[A-Za-z]{2,}/.test(text);
    const visible = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || el.closest('[lang="en"]')) continue;
      for (const attr of ['title', 'placeholder', 'aria-label']) {
        const value = el.getAttribute(attr);
        if (value && english(value)) found.push(`@${attr}: ${value}`);
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim() ?? '';
      if (parent && text && visible(parent) && !parent.closest('[lang="en"]') && english(text)) found.push(text);
    }
    return found;
  });
}

/** Elements wider than their box that neither scroll nor truncate on purpose. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      if (el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.display === 'inline' || /auto|scroll/.test(style.overflowX) || style.textOverflow === 'ellipsis') continue;
      if (/^(INPUT|SELECT|TEXTAREA|OPTION|PROGRESS)$/.test(el.tagName)) continue;
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) found.push(`${el.tagName.toLowerCase()} in [${el.closest('[data-testid]')?.getAttribute('data-testid') ?? ''}]`);
    }
    return found;
  });
}

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/**
 * The screen at both sizes: no English sentence, nothing wider than its box; a screenshot of each
 * into SCREENSHOT_DIR when set. The page is left at 1366×768, where the agents work.
 */
async function checkScreen(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) fs.mkdirSync(dir, { recursive: true });
  for (const size of [...SIZES].reverse()) {
    await page.setViewportSize(size);
    expect(await englishOnScreen(page), `English on ${name} at ${size.width}x${size.height}`).toEqual([]);
    expect(await overflowing(page), `overflow on ${name} at ${size.width}x${size.height}`).toEqual([]);
    if (dir) await page.screenshot({ path: path.join(dir, `agent-day-${name}-${size.width}x${size.height}.png`) });
  }
}

async function waitUntilSynced(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('pending-count').getAttribute('data-count'), { timeout: 30_000 }).toBe('0');
}

/** The caller's card found by an order number typed in the search box (Esc, type, Enter). */
async function openCardByOrderNumber(page: Page, orderNumber: string, customerId: string): Promise<void> {
  await page.keyboard.press('Escape');
  expect(await activeTestId(page)).toBe('search-input');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(orderNumber);
  await page.locator(`[data-testid="search-result"][data-customer-id="${customerId}"]`).waitFor({ timeout: 10_000 });
  await expect.poll(() => page.getByTestId('search-result').count(), { timeout: 10_000 }).toBe(1);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(customerId);
}

interface Caller {
  customerId: string;
  knownOrderNumber: string;
  productId: string;
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
}

/**
 * A BJ01 customer with an earlier order (the number the caller reads out), no open order (so the
 * first repair is no duplicate) and a unit long out of warranty; `skip` customers are not taken.
 */
function pickCaller(skip: readonly string[]): Caller {
  const [caller] = query<Caller>(
    `SELECT c.id AS customerId, o.order_number AS knownOrderNumber, p.id AS productId,
            c.province_code AS provinceCode, c.city_code AS cityCode, c.district_code AS districtCode
       FROM customers c JOIN branches b ON b.id = c.branch_id
       JOIN service_orders o ON o.customer_id = c.id
       JOIN products p ON p.customer_id = c.id
      WHERE b.code = 'BJ01' AND c.deleted = 0 AND p.deleted = 0 AND o.deleted = 0
        AND NOT EXISTS (SELECT 1 FROM service_orders x WHERE x.customer_id = c.id AND x.status IN ('new','dispatched','accepted','in_service','parts_pending'))
        AND c.id NOT IN (${skip.map(() => '?').join(',') || "''"})
      ORDER BY p.purchase_date ASC, c.id LIMIT 1`,
    ...skip,
  );
  expect(caller, 'the demo has a BJ01 caller with an old unit and no open order').toBeDefined();
  return caller!;
}

/** Alt+O on the open card: a repair of `productId`; the fee estimate and consent when out of warranty. */
async function fillRepair(page: Page, productId: string, fault: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+O');
  await page.getByTestId('new-order-form').waitFor();
  expect(await activeTestId(page)).toBe('order-type');
  await page.getByTestId('order-type').selectOption('repair');
  await page.getByTestId('order-product').selectOption(productId);
  await expect.poll(() => page.getByTestId('order-product-warranty').getAttribute('data-status'), { timeout: 10_000 }).toBe('out_of_warranty');
  await page.getByTestId('order-fee-consent').waitFor();
  await page.getByTestId('order-fee-estimate').focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('150');
  await press(page.getByTestId('order-fee-consent-given'), 'Space');
  expect(await page.getByTestId('order-fee-consent-given').isChecked()).toBe(true);
  await page.getByTestId('order-fault').focus();
  await page.keyboard.type(fault);
}

/** A repair with fee consent, then a second one on the same unit: refused without a reason, made with one. */
async function openRepairAndDuplicate(page: Page, caller: Caller, tag: string): Promise<{ first: string; second: string }> {
  const fault = `开机无反应 ${tag}`;
  await fillRepair(page, caller.productId, fault);
  expect(await page.getByTestId('order-duplicate-warning').count()).toBe(0);
  await page.keyboard.press('Enter');
  await page.getByTestId('new-order-form').waitFor({ state: 'detached', timeout: 10_000 });
  const firstRow = () => page.locator('[data-testid="order-row"]').filter({ hasText: fault });
  await firstRow().first().waitFor({ timeout: 10_000 });
  const firstNumber = (await firstRow().first().getAttribute('data-order-number'))!;
  await checkScreen(page, `${tag}-order-created`);

  // The same unit again: the open repair is named, and without a reason the order is refused.
  const secondFault = `开机无反应，再次来电 ${tag}`;
  await fillRepair(page, caller.productId, secondFault);
  const warning = page.getByTestId('order-duplicate-warning');
  await warning.waitFor({ timeout: 10_000 });
  expect(await textOf(warning)).toContain(firstNumber);
  await page.getByTestId('order-fault').focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => textOf(page.getByTestId('order-error')), { timeout: 10_000 }).toContain(firstNumber);
  expect(await page.getByTestId('order-duplicate-reason').getAttribute('aria-invalid')).toBe('true');
  await checkScreen(page, `${tag}-duplicate-refused`);
  expect(await page.locator('[data-testid="order-row"]').filter({ hasText: secondFault }).count()).toBe(0);
  await page.getByTestId('order-duplicate-reason').focus();
  await page.keyboard.type('客户称上次维修后再次故障');
  await page.getByTestId('order-fault').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('new-order-form').waitFor({ state: 'detached', timeout: 10_000 });
  const secondRow = page.locator('[data-testid="order-row"]').filter({ hasText: secondFault }).first();
  await secondRow.waitFor({ timeout: 10_000 });
  return { first: firstNumber, second: (await secondRow.getAttribute('data-order-number'))! };
}

/** Dispatch from the row: the outlet offered first is the one suggested for the customer's region. */
async function dispatchByRegion(page: Page, orderNumber: string, caller: Caller): Promise<string> {
  const row = page.locator(`[data-testid="order-row"][data-order-number="${orderNumber}"]`);
  await press(row.getByTestId('order-dispatch'));
  await page.getByTestId('dispatch-form').waitFor();
  expect(await activeTestId(page)).toBe('dispatch-outlet');
  await expect.poll(async () => (await page.getByTestId('dispatch-outlet').inputValue()).length, { timeout: 10_000 }).toBeGreaterThan(0);
  const outletId = await page.getByTestId('dispatch-outlet').inputValue();
  const [outlet] = query<{ region_codes: string }>('SELECT region_codes FROM outlets WHERE id = ?', outletId);
  const served: string[] = JSON.parse(outlet!.region_codes) as string[];
  const customerCodes = [caller.districtCode, caller.cityCode, caller.provinceCode].filter((c): c is string => c !== null);
  expect(customerCodes.length, 'the customer has region codes').toBeGreaterThan(0);
  expect(served.some((code) => customerCodes.includes(code)), `outlet serves ${served.join(',')}; customer is in ${customerCodes.join(',')}`).toBe(true);
  await page.keyboard.press('Enter');
  // Another agent's order: the dispatch asks to take it over first.
  const takeover = page.getByTestId('dispatch-takeover');
  await expect.poll(async () => ((await takeover.count()) > 0 ? 'takeover' : await row.getAttribute('data-status')), { timeout: 10_000 }).toMatch(/^(takeover|dispatched)$/);
  if ((await takeover.count()) > 0) await press(page.getByTestId('dispatch-takeover-confirm'));
  await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('dispatched');
  return outletId;
}

/** The order's steps up to completed (taking it over when asked), completion with parts and fee. */
async function completeOrder(page: Page, orderNumber: string): Promise<void> {
  const row = page.locator(`[data-testid="order-row"][data-order-number="${orderNumber}"]`);
  for (const status of ['accepted', 'in_service'] as const) {
    await press(row.locator(`[data-testid="order-step"][data-status="${status}"]`));
    const takeover = page.getByTestId('order-takeover');
    const reached = () => row.getAttribute('data-status');
    await expect
      .poll(async () => ((await takeover.count()) > 0 ? 'takeover' : await reached()), { timeout: 10_000 })
      .toMatch(new RegExp(`^(takeover|${status})$`));
    if ((await takeover.count()) > 0) {
      expect(await activeTestId(page)).toBe('order-takeover-confirm');
      await page.keyboard.press('Enter');
    }
    await expect.poll(reached, { timeout: 10_000 }).toBe(status);
  }
  await press(row.locator('[data-testid="order-step"][data-status="completed"]'));
  await page.getByTestId('complete-form').waitFor();
  expect(await activeTestId(page)).toBe('complete-resolution');
  await page.keyboard.type('更换电源板，试机正常');
  await page.keyboard.press('Tab');
  await page.keyboard.type('电源板×1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('150');
  await page.keyboard.press('Tab');
  await page.keyboard.type('王师傅');
  await page.keyboard.press('Enter');
  await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('completed');
}

/** The backend's id of an order by its number. */
function orderId(orderNumber: string): string {
  const [order] = query<{ id: string }>('SELECT id FROM service_orders WHERE order_number = ?', orderNumber);
  expect(order, `order ${orderNumber} reached the backend`).toBeDefined();
  return order!.id;
}

/** An order as the backend's REST API gives it to bj.agent2. */
async function restOrder(id: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${backend.url}/orders/${id}`, { headers: { authorization: await bearerOf(backend.url, 'bj.agent2') } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** bj.super approves a possible duplicate as his seat pushes it (his desk's list is tested in duplicateReview.e2e.test.ts). */
async function supervisorApproves(orderNumber: string): Promise<void> {
  const [order] = query<{ id: string; version: number }>('SELECT id, version FROM service_orders WHERE order_number = ?', orderNumber);
  const mutation = { mutationId: randomUUID(), entity: 'serviceOrder', entityId: order!.id, op: 'update', baseVersion: order!.version, patch: { duplicateReview: { decision: 'approved', reason: '同一台机器再次故障，同意另派' } } };
  const response = await fetch(`${backend.url}/sync/push`, {
    method: 'POST',
    headers: { authorization: await bearerOf(backend.url, 'bj.super'), 'content-type': 'application/json' },
    body: JSON.stringify({ seatId: 'e2e-bj-super', mutations: [mutation] }),
  });
  expect(((await response.json()) as { results: Array<{ status: string }> }).results[0]?.status).toBe('applied');
}

/** The two orders over REST: the first completed with its fee consent, the repeat with its reason. */
async function expectOrdersOverRest(firstNumber: string, secondNumber: string): Promise<void> {
  const first = await restOrder(orderId(firstNumber));
  expect(first).toMatchObject({ orderNumber: firstNumber, status: 'completed', feeConsent: { estimate: 150 }, completion: { fee: 150, parts: [{ name: '电源板', quantity: 1 }] } });
  expect(await restOrder(orderId(secondNumber))).toMatchObject({ orderNumber: secondNumber, duplicateReason: '客户称上次维修后再次故障' });
}

function expectOrderRows(firstNumber: string, secondNumber: string, outletId: string): void {
  const first = orderId(firstNumber);
  const second = orderId(secondNumber);
  const [order] = query<{ status: string; fee_consent: string; completion: string; owner: string }>(
    'SELECT o.status, o.fee_consent, o.completion, a.login AS owner FROM service_orders o JOIN agents a ON a.id = o.owner_agent_id WHERE o.id = ?',
    first,
  );
  expect(order!.status).toBe('completed');
  expect(order!.owner).toBe('bj.agent2');
  expect(JSON.stringify(JSON.parse(order!.fee_consent))).toContain('150');
  expect(JSON.parse(order!.completion)).toMatchObject({ resolution: '更换电源板，试机正常', parts: [{ name: '电源板', quantity: 1 }], fee: 150, technician: '王师傅' });
  const events = query<{ kind: string; outlet_id: string | null }>('SELECT kind, outlet_id FROM order_events WHERE order_id = ? ORDER BY seq, rowid', first);
  expect(events.find((e) => e.kind === 'dispatched')?.outlet_id).toBe(outletId);
  const [duplicate] = query<{ duplicate_reason: string | null; status: string }>('SELECT duplicate_reason, status FROM service_orders WHERE id = ?', second);
  expect(duplicate).toEqual({ duplicate_reason: '客户称上次维修后再次故障', status: 'new' });
}

/** 15:00 next (today if still ahead, else tomorrow) in the page's time, as a datetime-local value and as an instant. */
async function nextThreePm(page: Page): Promise<{ local: string; iso: string }> {
  return page.evaluate(() => {
    const at = new Date();
    if (at.getHours() >= 15) at.setDate(at.getDate() + 1);
    at.setHours(15, 0, 0, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    return { local: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T15:00`, iso: at.toISOString() };
  });
}

/** Alt+G with the follow-up selected in the list; `key` on it starts its result (1–5: with that score). */
async function startFollowUpResult(page: Page, followUpId: string, key: string): Promise<Locator> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+G');
  await page.getByTestId('follow-ups-panel').waitFor();
  const entry = page.locator(`[data-testid="follow-up-entry"][data-follow-up-id="${followUpId}"]`);
  await entry.waitFor({ timeout: 30_000 });
  const ids = await page.getByTestId('follow-up-entry').evaluateAll((els) => els.map((el) => el.getAttribute('data-follow-up-id')));
  for (let i = 0; i < ids.indexOf(followUpId); i++) await page.keyboard.press('ArrowDown');
  await expect.poll(() => entry.getAttribute('aria-selected')).toBe('true');
  await page.keyboard.press(key);
  const form = page.getByTestId('follow-up-result');
  await form.waitFor();
  expect(await form.getAttribute('data-follow-up-id')).toBe(followUpId);
  return entry;
}

/** The customer asks to be called back at 15:00: the follow-up leaves the list until then. Returns that instant. */
async function followUpCallBackAtThree(page: Page, followUpId: string): Promise<string> {
  const entry = await startFollowUpResult(page, followUpId, '1');
  await press(page.getByTestId('follow-up-outcome-call_back'), 'Space');
  expect(await page.getByTestId('follow-up-outcome-call_back').isChecked()).toBe(true);
  const at = await nextThreePm(page);
  await page.getByTestId('follow-up-call-back-at').fill(at.local);
  await page.getByTestId('follow-up-remarks').focus();
  await page.keyboard.type('客户在开会，请下午三点再打');
  await checkScreen(page, 'follow-up-call-back');
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('follow-up-result').waitFor({ state: 'detached', timeout: 10_000 });
  await entry.waitFor({ state: 'detached', timeout: 10_000 });
  await page.keyboard.press('Escape');
  await page.getByTestId('follow-ups-panel').waitFor({ state: 'detached' });
  return at.iso;
}

/** Done with satisfaction 2 (2 on the list), a remark, Ctrl+Enter: the follow-up leaves the list. */
async function followUpDoneWithTwo(page: Page, followUpId: string): Promise<void> {
  const entry = await startFollowUpResult(page, followUpId, '2');
  expect(await page.getByTestId('follow-up-satisfaction-2').isChecked()).toBe(true);
  expect(await activeTestId(page)).toBe('follow-up-remarks');
  await page.keyboard.type('师傅态度差，收费偏高');
  await checkScreen(page, 'follow-up-score-2');
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('follow-up-result').waitFor({ state: 'detached', timeout: 10_000 });
  await entry.waitFor({ state: 'detached', timeout: 10_000 });
  await page.keyboard.press('Escape');
  await page.getByTestId('follow-ups-panel').waitFor({ state: 'detached' });
}

const callers: Caller[] = [];
let agent1: Page;
let agent2: Page;
let supervisor: Page;
let online: { caller: Caller; first: string; second: string; outletId: string };

describe("an agent's day in Chromium, by keyboard, in Chinese", () => {
  it('bj.agent1: caller by order number, repair out of warranty with fee consent, duplicate refused then allowed, dispatch by region', async () => {
    agent1 = await seatPage('bj.agent1', backend.url);
    const caller = pickCaller([]);
    callers.push(caller);
    await openCardByOrderNumber(agent1, caller.knownOrderNumber, caller.customerId);
    await checkScreen(agent1, 'card-by-order-number');
    const { first, second } = await openRepairAndDuplicate(agent1, caller, 'online');
    const outletId = await dispatchByRegion(agent1, first, caller);
    await checkScreen(agent1, 'dispatched');
    await waitUntilSynced(agent1);
    const [stored] = query<{ status: string; fee_consent: string; warranty: string }>('SELECT status, fee_consent, warranty FROM service_orders WHERE id = ?', orderId(first));
    expect(stored!.status).toBe('dispatched');
    expect(JSON.stringify(JSON.parse(stored!.fee_consent))).toContain('150');
    online = { caller, first, second, outletId };
  }, 240_000);

  it('bj.agent2: completion with parts and fee; follow-up call back at 15:00, then done with 2; bj.super sees the flag', async () => {
    agent2 = await seatPage('bj.agent2', link.url);
    await openCardByOrderNumber(agent2, online.first, online.caller.customerId);
    await completeOrder(agent2, online.first);
    await checkScreen(agent2, 'completed');
    await waitUntilSynced(agent2);
    expectOrderRows(online.first, online.second, online.outletId);
    await expectOrdersOverRest(online.first, online.second);

    const [followUp] = query<{ id: string }>("SELECT id FROM follow_ups WHERE order_id = ? AND status = 'open'", orderId(online.first));
    expect(followUp, 'completing the order scheduled a follow-up').toBeDefined();
    const callBackIso = await followUpCallBackAtThree(agent2, followUp!.id);
    await waitUntilSynced(agent2);
    await expect
      .poll(() => query<{ status: string; due_at: string; last_outcome: string }>('SELECT status, due_at, last_outcome FROM follow_ups WHERE id = ?', followUp!.id)[0], { timeout: 10_000 })
      .toEqual({ status: 'open', due_at: callBackIso, last_outcome: 'call_back' });

    // The repeat repair is a possible duplicate: held until the supervisor approves it, then dispatched.
    const repeatRow = agent2.locator(`[data-testid="order-row"][data-order-number="${online.second}"]`);
    expect(await repeatRow.getByTestId('dispatch-held').getAttribute('data-code')).toBe('dispatch_awaits_duplicate_review');
    expect(await repeatRow.getByTestId('order-dispatch').count()).toBe(0);
    await supervisorApproves(online.second);
    await repeatRow.getByTestId('order-dispatch').waitFor({ timeout: 15_000 });
    // Its follow-up is due at 15:00 only: the repeat repair's, once completed, is done with 2.
    await dispatchByRegion(agent2, online.second, online.caller);
    await completeOrder(agent2, online.second);
    await waitUntilSynced(agent2);
    const [repeat] = query<{ id: string }>("SELECT id FROM follow_ups WHERE order_id = ? AND status = 'open'", orderId(online.second));
    expect(repeat, 'completing the repeat repair scheduled a follow-up').toBeDefined();
    const lowScored = repeat!.id;
    await followUpDoneWithTwo(agent2, lowScored);
    await waitUntilSynced(agent2);
    await expect
      .poll(() => query<{ status: string; satisfaction: number }>('SELECT status, satisfaction FROM follow_ups WHERE id = ?', lowScored)[0], { timeout: 10_000 })
      .toEqual({ status: 'done', satisfaction: 2 });

    supervisor = await seatPage('bj.super', backend.url);
    await supervisor.keyboard.press('Escape');
    await supervisor.keyboard.press('Alt+U');
    await supervisor.getByTestId('low-scores').waitFor({ timeout: 10_000 });
    await supervisor.locator(`[data-testid="low-score-entry"][data-follow-up-id="${lowScored}"]`).waitFor({ timeout: 30_000 });
    await checkScreen(supervisor, 'supervisor-low-scores');
    await supervisor.keyboard.press('Escape');
  }, 240_000);

  it('the same with bj.agent2 offline: made on the seat, synced when the link is back', async () => {
    const caller = pickCaller(callers.map((c) => c.customerId));
    await openCardByOrderNumber(agent2, caller.knownOrderNumber, caller.customerId);
    link.setDown(true);
    await expect.poll(() => agent2.getByTestId('connection-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('offline');
    const { first, second } = await openRepairAndDuplicate(agent2, caller, 'offline');
    const outletId = await dispatchByRegion(agent2, first, caller);
    await completeOrder(agent2, first);
    expect(Number(await agent2.getByTestId('pending-count').getAttribute('data-count'))).toBeGreaterThan(0);
    await checkScreen(agent2, 'offline-completed');
    expect(query('SELECT 1 FROM service_orders WHERE order_number = ?', first)).toEqual([]);

    link.setDown(false);
    await expect.poll(() => agent2.getByTestId('connection-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await waitUntilSynced(agent2);
    expectOrderRows(first, second, outletId);
    await expectOrdersOverRest(first, second);
    const [followUp] = query<{ id: string }>("SELECT id FROM follow_ups WHERE order_id = ? AND status = 'open'", orderId(first));
    expect(followUp, 'the synced completion scheduled a follow-up').toBeDefined();

    // The follow-up pulled, then recorded with the link cut again.
    await expect
      .poll(async () => {
        await agent2.keyboard.press('Escape');
        await agent2.keyboard.press('Alt+G');
        const listed = await agent2.locator(`[data-testid="follow-up-entry"][data-follow-up-id="${followUp!.id}"]`).count();
        await agent2.keyboard.press('Escape');
        return listed;
      }, { timeout: 30_000 })
      .toBe(1);
    link.setDown(true);
    await expect.poll(() => agent2.getByTestId('connection-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('offline');
    await followUpDoneWithTwo(agent2, followUp!.id);
    link.setDown(false);
    await waitUntilSynced(agent2);
    await expect
      .poll(() => query<{ status: string; satisfaction: number }>('SELECT status, satisfaction FROM follow_ups WHERE id = ?', followUp!.id)[0], { timeout: 10_000 })
      .toEqual({ status: 'done', satisfaction: 2 });
    await supervisor.keyboard.press('Escape');
    await supervisor.keyboard.press('Alt+U');
    await supervisor.locator(`[data-testid="low-score-entry"][data-follow-up-id="${followUp!.id}"]`).waitFor({ timeout: 30_000 });
  }, 300_000);

  it('ran without script errors or console errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
