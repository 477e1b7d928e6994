import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warrantyStatus, localToday } from '../../shared/domain/warranty.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { startBrowserSeatStack, type BrowserSeatStack } from '../support/browserSeatStack.js';
import { DEMO_AGENT } from '../support/demo.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The whole slice in a real browser: backend process + browser seat process + Debian's Chromium.
 * An agent logs in, finds a seeded customer by a phone number typed in another format, opens the
 * card and sees the warranty; with the backend stopped, search still works and the status line
 * says offline. (dist/renderer is built by `npm test` before vitest runs.)
 */
const tmp = makeTempDir('e2e-seat');
let backend: RunningBackend;
let seat: RunningSeat;
let page: Page;
/** Script errors, CSP violations and failed loads in the page: a working UI has none. */
const pageProblems: string[] = [];

let stack: BrowserSeatStack | undefined;
beforeAll(async () => {
  stack = await startBrowserSeatStack(tmp.dir, 300, pageProblems);
  ({ backend, seat, page } = stack);
});
afterAll(async () => {
  await stack?.stop();
  await backend?.stop(); // the one a test started again after stopping the stack's
  tmp.cleanup();
});

/** "+8613812345678" → "+86 138 1234 5678": the way an agent might type it from a caller's note. */
function spacedInternational(e164: string): string {
  const d = e164.slice(3);
  return `+86 ${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`;
}

async function search(text: string): Promise<void> {
  const input = page.getByTestId('search-input');
  await input.fill(text);
  await input.press('Enter');
}

describe('browser seat, end to end in Chromium', () => {
  it('logs in as a demo agent and the first sync completes', async () => {
    await page.goto(seat.openUrl);
    await page.getByTestId('login-user').fill(DEMO_AGENT.login);
    await page.getByTestId('login-password').fill(DEMO_AGENT.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workspace').waitFor();
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('online');
    await expect.poll(async () => (await page.getByTestId('last-sync').textContent())?.trim() ?? '', { timeout: 20_000 }).toMatch(/\d{1,2}:\d{2}/);
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token=');
  });

  it('finds the customer by a phone number typed differently, and shows warranty on the card', async () => {
    const sample = backend.sampleCustomer;
    await search(spacedInternational(sample.phone));
    const rows = page.getByTestId('search-result');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(await rows.first().getAttribute('data-customer-id')).toBe(sample.id);
    await rows.first().click();

    const card = page.getByTestId('customer-card');
    await card.waitFor();
    expect(await card.getAttribute('data-customer-id')).toBe(sample.id);
    expect((await page.getByTestId('customer-name').textContent())?.trim()).toBe(sample.name);
    const product = page.locator(`[data-testid="product-row"][data-serial="${sample.serialNumber}"]`);
    const expected = warrantyStatus(sample.purchaseDate, sample.warrantyMonths, localToday()).status;
    expect(await product.getByTestId('warranty-status').getAttribute('data-status')).toBe(expected);
  });

  it('keeps searching from the cache with the backend stopped, and says offline', async () => {
    const sample = backend.sampleCustomer;
    await backend.stop();
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
    expect((await page.getByTestId('connection-state').textContent())?.trim()).toMatch(/离线|offline/i);

    await page.keyboard.press('Escape');
    await search(sample.name);
    const match = page.locator(`[data-testid="search-result"][data-customer-id="${sample.id}"]`);
    await match.waitFor({ timeout: 10_000 });
    await match.click();
    await expect.poll(async () => (await page.getByTestId('customer-name').textContent())?.trim()).toBe(sample.name);
  });

  it('registers a new customer offline, and pushes it when the backend is back', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('new-customer-button').click();
    const form = page.getByTestId('new-customer-form');
    await form.waitFor();
    await form.getByTestId('field-name').fill('测试新客户');
    await form.getByTestId('field-phone').fill('12345');
    // The region by keyboard from the code table: 北京 + Enter picks 北京市 and its only city; the
    // focus goes on to the district, where 海淀 ↓↑ Enter picks 海淀区.
    await form.getByTestId('field-province').fill('北京');
    await form.getByTestId('field-province-options').waitFor();
    await form.getByTestId('field-province').press('Enter');
    await expect.poll(() => form.getByTestId('field-city').inputValue()).toBe('北京市');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('field-district');
    await page.keyboard.type('海淀');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByTestId('field-district').inputValue()).toBe('海淀区');
    await form.getByTestId('field-address').fill('学院路 1 号');
    await page.getByTestId('new-customer-submit').click();
    // A bad number is refused on its field, and nothing is queued.
    await page.locator('[data-testid="field-error"][data-field="phone"]').waitFor();
    expect(await page.getByTestId('pending-count').getAttribute('data-count')).toBe('0');

    await form.getByTestId('field-phone').fill('+86 186 0000 1234');
    await page.getByTestId('new-customer-submit').click();
    await expect.poll(async () => (await page.getByTestId('customer-name').textContent())?.trim()).toBe('测试新客户');
    await expect.poll(() => page.getByTestId('pending-count').getAttribute('data-count')).toBe('1');

    const port = Number(new URL(backend.url).port);
    backend = await startBackend({ dir: tmp.dir, customers: 300, port });
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => page.getByTestId('pending-count').getAttribute('data-count'), { timeout: 30_000 }).toBe('0');
    const onServer = await fetch(`${backend.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: DEMO_AGENT.login, password: DEMO_AGENT.password }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const found = await fetch(`${backend.url}/customers?query=${encodeURIComponent('+8618600001234')}`, { headers: { authorization: `Bearer ${onServer.token}` } }).then(
      (r) => r.json() as Promise<{ items: Array<{ name: string; provinceCode: string; cityCode: string; districtCode: string }> }>,
    );
    expect(found.items.map((c) => [c.name, c.provinceCode, c.cityCode, c.districtCode])).toEqual([['测试新客户', '110000', '110100', '110108']]);
  });

  it('switches the UI between Chinese and English', async () => {
    const state = page.getByTestId('connection-state');
    const before = (await state.textContent())?.trim();
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => (await state.textContent())?.trim()).not.toBe(before);
    const lang = await page.evaluate(() => document.documentElement.lang);
    expect(['en', 'zh-CN']).toContain(lang);
    const texts = [before, (await state.textContent())?.trim()].join(' ');
    expect(texts).toMatch(/[\u4e00-\u9fff]/); // one of the two was Chinese
    expect(texts).toMatch(/online/i);
  });

  it('ran without script errors, CSP violations or failed loads', () => {
    // Requests to the stopped backend are the seat host's, not the page's: the page never errs.
    expect(pageProblems).toEqual([]);
  });
});
