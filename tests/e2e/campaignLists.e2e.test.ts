import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { backendRows, startBackend, type RunningBackend } from '../support/backendProcess.js';
import { launchChromium } from '../support/chromium.js';
import { activeTestId, screenshotIfAsked, signedInSeatPage, tabTo } from '../support/seatPage.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Campaign target lists and call backs (issues 12 and 11), in Chromium by keyboard against a real
 * backend and two browser seats, in Chinese at 1366×768. bj.super opens the campaigns (Alt+W),
 * the list management, picks the promotion campaign, chooses a GBK CSV as Excel saves it (the
 * file chooser is the OS's: the test hands the file to the input), reads the preview (good rows,
 * and bad rows with their reasons in Chinese), imports the good ones and assigns the campaign's
 * targets to 李娜 (bj.agent1). bj.agent1 works the campaign: a call back in the past is refused
 * with a clear error; one a minute ahead is taken; My work lists it under the campaign call
 * backs; at its time the reminder shows, and Enter on it opens the target again.
 * Screenshots go to SCREENSHOT_DIR when set. (dist/renderer is built by `npm test` before vitest
 * runs; run `npm run build` when running alone.)
 */
const tmp = makeTempDir('e2e-campaign-lists');
let backend: RunningBackend;
let browser: Browser;
const seats: RunningSeat[] = [];
const pageProblems: string[] = [];
const query = <T>(sql: string, ...params: unknown[]): T[] => backendRows<T>(backend, sql, ...params);
const seatPage = (login: string): Promise<Page> => signedInSeatPage(login, { backendUrl: backend.url, dir: tmp.dir, browser, seats, problems: pageProblems });
const screenshot = (page: Page, name: string) => screenshotIfAsked(page, `campaign-lists-${name}-1366x768`);

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 200 });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  for (const seat of seats) await seat.stop();
  await backend?.stop();
  tmp.cleanup();
});

describe('campaign target lists and call backs by keyboard', () => {
  it('bj.super imports a CSV and assigns it to bj.agent1; bj.agent1 sets a call back; My work shows it and reminds at its time', async () => {
    const [campaign] = query<{ id: string; name: string }>(
      "SELECT c.id, c.name FROM campaigns c JOIN branches b ON b.id = c.branch_id WHERE b.code = 'BJ01' AND c.kind = 'promotion'",
    );
    const free = query<{ id: string; name: string; phone: string }>(
      `SELECT cu.id, cu.name, cu.phone FROM customers cu JOIN branches b ON b.id = cu.branch_id WHERE b.code = 'BJ01' AND cu.deleted = 0
         AND cu.id NOT IN (SELECT customer_id FROM campaign_targets WHERE campaign_id = ?) ORDER BY cu.id LIMIT 3`,
      campaign!.id,
    );
    expect(free).toHaveLength(3);
    const before = query<{ n: number }>('SELECT count(*) AS n FROM campaign_targets WHERE campaign_id = ?', campaign!.id)[0]!.n;
    const national = (phone: string) => phone.replace('+86', '');
    // Excel on Chinese Windows: GBK, CRLF, Chinese header.
    const csv = ['电话,客户编号,备注', `${national(free[0]!.phone)},,老客户`, `,${free[1]!.id},`, `${national(free[2]!.phone)},${free[2]!.id},`, '1.38001E+10,,格式错', `${national(free[0]!.phone)},,重复`].join('\r\n');
    const file = path.join(tmp.dir, '延保名单.csv');
    writeFileSync(file, iconv.encode(csv, 'gbk'));

    // bj.super: Alt+W, then the list management by Tab and Enter.
    const sup = await seatPage('bj.super');
    await sup.keyboard.press('Escape');
    await sup.keyboard.press('Alt+W');
    await sup.getByTestId('campaigns-panel').waitFor();
    await tabTo(sup, 'campaign-lists-open');
    await sup.keyboard.press('Enter');
    await sup.getByTestId('campaign-lists').waitFor();
    await expect.poll(() => activeTestId(sup), { timeout: 10_000 }).toBe('campaign-lists-campaign');
    // The campaign by ↓ in the focused list box.
    const options = await sup.getByTestId('campaign-lists-campaign').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const current = await sup.getByTestId('campaign-lists-campaign').inputValue();
    for (let i = options.indexOf(current); i < options.indexOf(campaign!.id); i++) await sup.keyboard.press('ArrowDown');
    for (let i = options.indexOf(current); i > options.indexOf(campaign!.id); i--) await sup.keyboard.press('ArrowUp');
    await expect.poll(() => sup.getByTestId('campaign-lists-campaign').inputValue()).toBe(campaign!.id);
    await tabTo(sup, 'campaign-lists-file');
    await sup.getByTestId('campaign-lists-file').setInputFiles(file);

    const preview = sup.getByTestId('campaign-lists-preview');
    await preview.waitFor({ timeout: 15_000 });
    expect([await preview.getAttribute('data-valid'), await preview.getAttribute('data-invalid')]).toEqual(['3', '2']);
    expect(await sup.getByTestId('campaign-lists-summary').textContent()).toBe(
      zhCN.campaignLists.summary.replace('{{file}}', '延保名单.csv').replace('{{encoding}}', zhCN.campaignLists.encoding.gb18030).replace('{{valid}}', '3').replace('{{invalid}}', '2'),
    );
    const results = await sup.getByTestId('campaign-lists-row').evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-line')), r.querySelector('[data-testid="campaign-lists-row-result"]')!.textContent]));
    expect(Object.fromEntries(results)).toEqual({
      2: zhCN.campaignLists.rowOk,
      3: zhCN.campaignLists.rowOk,
      4: zhCN.campaignLists.rowOk,
      5: zhCN.campaignLists.rowError.phone_invalid,
      6: zhCN.campaignLists.rowError.duplicate_in_file,
    });
    // Nothing is written before Import.
    expect(query<{ n: number }>('SELECT count(*) AS n FROM campaign_targets WHERE campaign_id = ?', campaign!.id)[0]!.n).toBe(before);
    await screenshot(sup, 'import-preview');

    await tabTo(sup, 'campaign-lists-import');
    await sup.keyboard.press('Enter');
    await sup.getByTestId('campaign-lists-imported').waitFor({ timeout: 15_000 });
    expect(await sup.getByTestId('campaign-lists-imported').textContent()).toBe(zhCN.campaignLists.imported.replace('{{count}}', '3'));
    const imported = query<{ customer_id: string }>('SELECT customer_id FROM campaign_targets WHERE campaign_id = ? ORDER BY position DESC LIMIT 3', campaign!.id).map((r) => r.customer_id);
    expect(imported.sort()).toEqual(free.map((c) => c.id).sort());
    expect(query<{ n: number }>('SELECT count(*) AS n FROM campaign_targets WHERE campaign_id = ?', campaign!.id)[0]!.n).toBe(before + 3);

    // Assign to 李娜 (bj.agent1): Tab to her box, Space, Tab to Assign, Enter.
    const agentBox = sup.locator('[data-testid="campaign-lists-agent"][data-login="bj.agent1"]');
    for (let i = 0; i < 20 && !(await agentBox.evaluate((el) => el === document.activeElement)); i++) await sup.keyboard.press('Tab');
    await sup.keyboard.press('Space');
    expect(await agentBox.isChecked()).toBe(true);
    await tabTo(sup, 'campaign-lists-assign');
    await sup.keyboard.press('Enter');
    await sup.getByTestId('campaign-lists-assigned').waitFor({ timeout: 15_000 });
    const [agent1] = query<{ id: string }>("SELECT id FROM agents WHERE login = 'bj.agent1'");
    const unassignedLeft = query<{ n: number }>("SELECT count(*) AS n FROM campaign_targets WHERE campaign_id = ? AND status IN ('pending', 'no_answer', 'call_back') AND assigned_agent_id IS NULL", campaign!.id)[0]!.n;
    expect(unassignedLeft).toBe(0);
    expect(query<{ assigned_agent_id: string }>('SELECT assigned_agent_id FROM campaign_targets WHERE customer_id = ? AND campaign_id = ?', free[0]!.id, campaign!.id)[0]!.assigned_agent_id).toBe(agent1!.id);

    // bj.agent1 works the campaign on her own seat.
    const page = await seatPage('bj.agent1');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+W');
    await page.getByTestId('campaigns-panel').waitFor();
    await expect.poll(() => page.getByTestId('campaign-entry').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const entries = await page.getByTestId('campaign-entry').evaluateAll((es) => es.map((e) => e.getAttribute('data-campaign-id')));
    for (let i = 0; i < entries.indexOf(campaign!.id); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const form = page.getByTestId('campaign-preview');
    await form.waitFor({ timeout: 10_000 });
    const targetId = (await form.getAttribute('data-target-id'))!;
    expect(await activeTestId(page)).toBe('campaign-outcome-done');
    // ↓ through the outcomes to "约定回拨".
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await page.getByTestId('campaign-outcome-call_back').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('campaign-call-back-at');
    // A time already past: refused, in Chinese, nothing recorded.
    const localMinute = (offsetMs: number) =>
      page.evaluate((ms) => {
        const at = new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
      }, offsetMs);
    await page.getByTestId('campaign-call-back-at').fill(await localMinute(-2 * 3_600_000));
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.getByTestId('campaign-call-error').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('campaign-call-error').textContent()).toContain(zhCN.errors.refusal.campaign_call_back_in_past);
    expect(query<{ status: string }>('SELECT status FROM campaign_targets WHERE id = ?', targetId)[0]!.status).toBe('pending');
    // My work lists the call backs of the hotline's day (UTC+8): one set in the last minutes before
    // Beijing's midnight would fall on tomorrow. Wait for the new day then.
    const toMidnight = 86_400_000 - ((Date.now() + 8 * 3_600_000) % 86_400_000);
    if (toMidnight < 180_000) await new Promise((r) => setTimeout(r, toMidnight + 1_000));
    // The next full minute: taken, and synced to the backend.
    const callBackLocal = await localMinute(30_000);
    await page.getByTestId('campaign-call-back-at').fill(callBackLocal);
    await page.keyboard.press('Tab');
    await page.keyboard.type('客户说稍后回电');
    await page.keyboard.press('ControlOrMeta+Enter');
    const callBackAt = await page.evaluate((v) => new Date(v).toISOString(), callBackLocal);
    await expect
      .poll(() => query<{ status: string; call_back_at: string | null }>('SELECT status, call_back_at FROM campaign_targets WHERE id = ?', targetId)[0], { timeout: 15_000 })
      .toEqual({ status: 'call_back', call_back_at: callBackAt });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('campaigns-panel').count()).toBe(0);

    // My work (Alt+1): the call back under the campaign call backs, beside the follow-ups.
    await page.keyboard.press('Alt+1');
    const section = page.getByTestId('my-work-campaign-call-backs');
    const row = section.locator(`[data-target-id="${targetId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('my-work-follow-ups').count()).toBe(1);
    expect(await section.locator('h3').textContent()).toMatch(/^今日外呼约定回拨（\d+）$/);
    // …and counted in the header, beside the follow-ups.
    const counted = Number(await page.getByTestId('my-work-counts').getAttribute('data-campaign-call-backs'));
    expect(counted).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('my-work-counts').textContent()).toContain(`外呼回拨 ${counted}`);
    expect(await row.textContent()).toContain(campaign!.name);
    await screenshot(page, 'my-work');

    // At its time: the reminder, in Chinese; Enter on "打开" opens the target again.
    const reminder = page.getByTestId('call-back-reminder');
    await reminder.waitFor({ timeout: 150_000 });
    expect(await reminder.getAttribute('data-row-key')).toBe(`campaignCallBack-${targetId}`);
    expect(await reminder.textContent()).toContain('该给');
    await screenshot(page, 'reminder');
    await page.getByTestId('call-back-reminder-open').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('campaign-preview').getAttribute('data-target-id'), { timeout: 10_000 }).toBe(targetId);
    expect(await page.getByTestId('campaign-call-back-was').count()).toBe(1);
    expect(await reminder.count()).toBe(0);
    expect(pageProblems).toEqual([]);
  }, 360_000);
});
