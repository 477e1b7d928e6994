import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiOrderPage, KpiPage } from '../../shared/domain/kpis.js';
import { OutletCapacityPage, OutletGapPage, OutletVolumePage } from '../../shared/domain/outletNetwork.js';
import { CSV_COLUMNS } from '../../renderer/src/desk/deskFigures.js';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { useBackendBehindLink } from '../support/backendBehindLink.js';
import { launchChromium } from '../support/chromium.js';
import { bearerOf } from '../support/seatedBackend.js';
import { recordPageProblems, signIn, tabTo } from '../support/seatPage.js';
import { startSeat, type RunningSeat } from '../support/seatProcess.js';

/**
 * The desk's charts, XLSX export and headquarters' outlet network in Chromium at 1366×768, in
 * Chinese, against a real backend and browser seat under the renderer's CSP: bj.super opens the
 * charts by keyboard, reads a group's trend (the chart's table against the backend's figures),
 * drills from a bar with Enter, exports XLSX (read back); hq.admin opens the outlet network
 * (volume, load against capacity, gaps against the backend's answers). No CSP violation, no page
 * error. Screenshots go to SCREENSHOT_DIR (or the temp dir). (dist/renderer is built by `npm test`
 * before vitest runs; run `npm run build:renderer` when running alone.)
 */
const stack = useBackendBehindLink('e2e-desk-charts', 300);
let seat: RunningSeat;
let browser: Browser;
let page: Page;
const pageProblems: string[] = [];
const shots = process.env.SCREENSHOT_DIR ?? path.join(stack.dir, 'screenshots');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  seat = await startSeat({ backendUrl: stack.link.url, dataDir: path.join(stack.dir, 'seat') });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
  recordPageProblems(page, pageProblems);
  // A CSP violation is reported to the page as an event whatever the library does with the error.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`));
  });
});
afterAll(async () => {
  await browser?.close();
  await seat?.stop();
});

const byTestId = (testId: string) => page.getByTestId(testId);
async function backendGet(login: string, pathAndQuery: string): Promise<unknown> {
  return (await fetch(new URL(pathAndQuery, stack.backend.url), { headers: { authorization: await bearerOf(stack.backend.url, login) } })).json();
}

describe('the desk’s charts and XLSX export (bj.super)', () => {
  it('opens the charts by keyboard; the chart’s table shows the backend’s figures of the group chosen', async () => {
    await page.goto(seat.openUrl);
    await signIn(page, 'bj.super');
    await page.keyboard.press('Alt+y');
    await byTestId('desk-panel').waitFor();
    // By month: the demo's orders fall in the last weeks, every stage has its figures.
    await byTestId('desk-period').selectOption('month');
    await expect.poll(async () => (await byTestId('desk-row').count()) > 0, { timeout: 15_000 }).toBe(true);

    // The views sit just above the figures' controls, where the desk puts the focus: one Shift+Tab back.
    await byTestId('desk-period').focus();
    await tabTo(page, 'desk-view-charts', { key: 'Shift+Tab', max: 3 });
    await page.keyboard.press('Enter');
    await byTestId('desk-chart').locator('svg.recharts-surface[width="900"]').waitFor({ timeout: 15_000 });
    expect(await byTestId('desk-view-charts').getAttribute('aria-selected')).toBe('true');

    const query = `period=month&by=${await byTestId('desk-by').inputValue()}&from=${await byTestId('desk-from').inputValue()}&to=${await byTestId('desk-to').inputValue()}&limit=100`;
    const figures = KpiPage.parse(await backendGet('bj.super', `/kpis?${query}`)).items;
    const group = await byTestId('desk-chart-group').inputValue();
    const ofGroup = figures.filter((r) => r.key === group).sort((a, b) => a.period.localeCompare(b.period));
    expect(ofGroup.length).toBeGreaterThan(0);
    await byTestId('desk-chart-data').locator('summary').click();
    const tableRows = await byTestId('desk-chart-data').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    expect(tableRows).toEqual(ofGroup.map((r) => [r.period, String(r.calls?.answered ?? '—'), String(r.calls?.missed ?? '—')]));
    // One stacked bar part per period and series with a value above zero.
    const barParts = ofGroup.reduce((n, r) => n + (r.calls && r.calls.answered > 0 ? 1 : 0) + (r.calls && r.calls.missed > 0 ? 1 : 0), 0);
    await expect.poll(() => byTestId('desk-chart').locator('.recharts-bar-rectangle rect, .recharts-bar-rectangle path').count()).toBe(barParts);
    await page.screenshot({ path: path.join(shots, 'desk-charts-calls-zh-1366.png') });
  });

  it('Enter on a bar of the SLA chart lists the orders behind it (the drill-down)', async () => {
    await byTestId('desk-chart-kind').focus();
    await byTestId('desk-chart-kind').selectOption('sla');
    await expect.poll(() => byTestId('desk-chart').getAttribute('data-kind')).toBe('sla');
    const bar = byTestId('desk-chart-bar').first();
    await bar.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(shots, 'desk-charts-sla-zh-1366.png') });
    // The bars with orders behind them are in the Tab order.
    await tabTo(page, 'desk-chart-bar');
    const [figure, start] = [await page.evaluate(() => document.activeElement?.getAttribute('data-figure')), await page.evaluate(() => document.activeElement?.getAttribute('data-period'))];
    expect(figure).toMatch(/^sla_missed_/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toContain(zhCN.desk.figures[figure as 'sla_missed_dispatch']);
    await page.keyboard.press('Enter');
    await byTestId('desk-drill').waitFor();
    const group = await byTestId('desk-chart-group').inputValue();
    const expected = KpiOrderPage.parse(await backendGet('bj.super', `/kpis/orders?figure=${figure}&period=month&start=${start}&by=${await byTestId('desk-by').inputValue()}&key=${group}&limit=50`)).items;
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => byTestId('desk-drill-order').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id'))), { timeout: 10_000 }).toEqual(expected.map((o) => o.id));
    await page.screenshot({ path: path.join(shots, 'desk-charts-drill-zh-1366.png') });
  });

  it('exports XLSX: Chinese header, one line per row, dates as dates and numbers as numbers', async () => {
    const download = page.waitForEvent('download');
    await byTestId('desk-export-xlsx').focus();
    await page.keyboard.press('Enter');
    const file = await (await download).path();
    expect((await download).suggestedFilename()).toMatch(/^kpis-month-.+\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet(zhCN.desk.xlsxSheet)!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(CSV_COLUMNS.map((c) => zhCN.desk.csv[c]));
    const query = `period=month&by=${await byTestId('desk-by').inputValue()}&from=${await byTestId('desk-from').inputValue()}&to=${await byTestId('desk-to').inputValue()}&limit=100`;
    const figures = KpiPage.parse(await backendGet('bj.super', `/kpis?${query}`)).items;
    expect(sheet.rowCount).toBe(figures.length + 1);
    figures.forEach((row, i) => {
      const line = sheet.getRow(i + 2);
      expect(line.getCell(1).type).toBe(ExcelJS.ValueType.Date);
      expect((line.getCell(1).value as Date).toISOString().slice(0, 10)).toBe(row.period);
      expect(line.getCell(CSV_COLUMNS.indexOf('answered') + 1).value).toBe(row.calls?.answered ?? null);
      expect(line.getCell(CSV_COLUMNS.indexOf('rated') + 1).value).toBe(row.satisfaction.rated);
    });
    expect(pageProblems).toEqual([]);
  });
});

describe('the outlet network (hq.admin)', () => {
  it('headquarters opens it by keyboard: volume, load against capacity and gaps as the backend answers', async () => {
    await byTestId('logout').click();
    await signIn(page, 'hq.admin');
    await page.keyboard.press('Alt+y');
    await byTestId('desk-panel').waitFor();
    await tabTo(page, 'desk-view-outlets', { key: 'Shift+Tab', max: 3 });
    await page.keyboard.press('Enter');
    await byTestId('outlet-network').waitFor();
    const from = await byTestId('outlet-from').inputValue();
    const to = await byTestId('outlet-to').inputValue();
    const volume = OutletVolumePage.parse(await backendGet('hq.admin', `/outlet-network/volume?by=region&from=${from}&to=${to}&limit=100`)).items;
    expect(volume.length).toBeGreaterThan(0);
    // One line per month and region, its product lines side by side: the totals are the backend's rows summed.
    const totals = new Map<string, number>();
    for (const r of volume) totals.set(`${r.month}/${r.regionCode}`, (totals.get(`${r.month}/${r.regionCode}`) ?? 0) + r.orders);
    await expect.poll(() => byTestId('outlet-region-total').allTextContents(), { timeout: 15_000 }).toEqual([...totals.values()].map(String));
    const capacity = OutletCapacityPage.parse(await backendGet('hq.admin', '/outlet-network/capacity?limit=100')).items;
    expect(await byTestId('outlet-capacity-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outlet-id')))).toEqual(capacity.map((o) => o.outletId));
    const gaps = OutletGapPage.parse(await backendGet('hq.admin', '/outlet-network/gaps?limit=100')).items;
    expect(await byTestId('outlet-gap-row').count()).toBe(gaps.length);
    if (gaps.length === 0) expect(await byTestId('outlet-gaps-none').textContent()).toBe(zhCN.outletNetwork.noGaps);
    await page.screenshot({ path: path.join(shots, 'desk-outlets-region-zh-1366.png') });

    await byTestId('outlet-view').selectOption('technician');
    const technicians = OutletVolumePage.parse(await backendGet('hq.admin', `/outlet-network/volume?by=technician&from=${from}&to=${to}&limit=100`)).items;
    await expect.poll(() => byTestId('outlet-volume-orders').allTextContents(), { timeout: 15_000 }).toEqual(technicians.map((r) => String(r.orders)));
    await page.screenshot({ path: path.join(shots, 'desk-outlets-technician-zh-1366.png') });
    expect(pageProblems).toEqual([]);
  });

  it('a supervisor has no outlet network view', async () => {
    await page.keyboard.press('Escape');
    await byTestId('logout').click();
    await signIn(page, 'bj.super');
    await page.keyboard.press('Alt+y');
    await byTestId('desk-view-charts').waitFor();
    expect(await byTestId('desk-view-outlets').count()).toBe(0);
  });
});
