import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { backendRows, startBackend, type RunningBackend } from '../support/backendProcess.js';
import { launchChromium } from '../support/chromium.js';
import { activeTestId, screenshotIfAsked, shownDesktopNotifications, signedInSeatPage, tabTo } from '../support/seatPage.js';
import type { RunningSeat } from '../support/seatProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * A supervisor's reassignment from the live team board, in Chromium at 1366×768, in Chinese, by
 * keyboard: bj.super (one browser seat) opens the desk (Alt+Y), picks bj.agent1's row, reassigns her
 * oldest open order to bj.agent2 with a reason; the backend's rows read back (the new owner, one
 * owner_changed event by bj.super with the reason); bj.agent2 (another seat, another page) sees it
 * in My work, new, "班长 赵敏 改派（原 李娜）" with the reason, and a desktop notification. (dist/renderer
 * is built by `npm test` before vitest runs; run `npm run build:renderer` when running alone.)
 */
const tmp = makeTempDir('e2e-team-reassign');
const REASON = '李娜下午请假，由王强跟进';
let backend: RunningBackend;
let browser: Browser;
const seats: RunningSeat[] = [];
const pageProblems: string[] = [];
let board: Page;
let agent2: Page;

/** A seat of its own with a page signed in as `login`, the first sync done; desktop notifications recorded, as permitted. */
const seatPage = (login: string): Promise<Page> =>
  signedInSeatPage(login, { backendUrl: backend.url, dir: tmp.dir, browser, seats, problems: pageProblems, recordNotifications: true });

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 60 });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  for (const seat of seats) await seat.stop();
  await backend?.stop();
  tmp.cleanup();
});

const activeLogin = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-login') ?? null);
const agentRow = () => board.locator('[data-testid="team-row"][data-login="bj.agent1"]');

describe('a supervisor reassigns an order from the team board, by keyboard', () => {
  let order: { id: string; orderNumber: string };
  const id = (login: string) => backendRows<{ id: string }>(backend, 'SELECT id FROM agents WHERE login = ?', login)[0]!.id;

  it("bj.super picks bj.agent1's row on the board and reassigns her oldest open order to bj.agent2 with a reason", async () => {
    [board, agent2] = [await seatPage('bj.super'), await seatPage('bj.agent2')];
    const open = backendRows<{ id: string; orderNumber: string }>(
      backend,
      `SELECT id, order_number AS orderNumber FROM service_orders WHERE owner_agent_id = ? AND deleted = 0
       AND status IN ('new', 'dispatched', 'accepted', 'in_service', 'parts_pending') ORDER BY created_at, order_number`,
      id('bj.agent1'),
    );
    expect(open.length, 'the demo data gives bj.agent1 open orders').toBeGreaterThan(0);
    order = open[0]!;

    await board.keyboard.press('Alt+KeyY');
    await agentRow().waitFor({ timeout: 10_000 });
    await expect.poll(() => agentRow().getByTestId('team-orders').getAttribute('data-open'), { timeout: 10_000 }).toBe(String(open.length));
    // This week's low-score follow-ups: a count (the backend's figure), not "unknown".
    expect(await agentRow().getByTestId('team-low-scores').getAttribute('data-low-scores')).toMatch(/^\d+$/);

    // The row's 改派… button; Enter opens the dialog with the focus on her oldest open order.
    await agentRow().getByTestId('team-reassign').focus();
    await board.keyboard.press('Enter');
    await board.getByTestId('team-reassign-form').waitFor();
    expect(await board.getByTestId('team-reassign-panel').locator('h2').textContent()).toBe(zhCN.teamReassign.heading.replace('{{agent}}', '李娜（bj.agent1）'));
    expect(await board.getByTestId('reassign-order').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-number')))).toEqual(open.map((o) => o.orderNumber));
    await expect.poll(() => activeTestId(board)).toBe('reassign-order-check');
    await board.keyboard.press('Space');
    expect(await board.getByTestId('reassign-orders-count').textContent()).toBe(zhCN.teamReassign.orders.replace('{{selected}}', '1').replace('{{count}}', String(open.length)));
    // Tab leaves the order list for the receivers: bj.agent2 (not bj.agent1 herself, not the parts desk).
    expect(await board.getByTestId('reassign-receiver').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-login')))).toEqual(['bj.agent2', 'bj.super']);
    await board.keyboard.press('Tab');
    expect(await activeLogin(board)).toBe('bj.agent2');
    await board.keyboard.press('Space');
    // Without a reason the seat refuses, in Chinese, and nothing is written.
    await board.keyboard.press('Enter');
    expect(await board.getByTestId('team-reassign-error').textContent()).toContain(zhCN.errors.refusal.reassign_reason_required);
    // Tab: past the other receiver and the (one receiver: disabled) distribution, to the reason.
    await tabTo(board, 'reassign-reason', { max: 4 });
    await board.keyboard.type(REASON);
    await screenshotIfAsked(board, 'team-reassign-1366x768-zh-CN');
    await board.keyboard.press('Control+Enter');
    await board.getByTestId('team-reassign-result').waitFor({ timeout: 10_000 });
    expect(await board.getByTestId('team-reassign-result-receiver').allTextContents()).toEqual([zhCN.shiftHandover.perReceiver.replace('{{name}}', '王强').replace('{{count}}', '1')]);
    await expect.poll(() => board.getByTestId('team-reassign-upload').getAttribute('data-state'), { timeout: 30_000 }).toBe('uploaded');
    // Esc closes the summary; the board reads the workload again: one open order fewer.
    await board.keyboard.press('Escape');
    await board.getByTestId('team-reassign-panel').waitFor({ state: 'detached' });
    await expect.poll(() => agentRow().getByTestId('team-orders').getAttribute('data-open'), { timeout: 10_000 }).toBe(String(open.length - 1));

    // The backend's rows: the new owner and the reason; one owner_changed event, by bj.super, from bj.agent1 to bj.agent2.
    expect(backendRows(backend, 'SELECT owner_agent_id AS owner, handover_note AS note FROM service_orders WHERE id = ?', order.id)).toEqual([{ owner: id('bj.agent2'), note: REASON }]);
    const events = backendRows<{ by: string; fromOwner: string; toOwner: string; note: string }>(
      backend,
      `SELECT a.login AS by, f.login AS fromOwner, t.login AS toOwner, e.note FROM order_events e JOIN agents a ON a.id = e.agent_id
       JOIN agents f ON f.id = e.from_owner_agent_id JOIN agents t ON t.id = e.to_owner_agent_id WHERE e.order_id = ? AND e.kind = 'owner_changed'`,
      order.id,
    );
    expect(events).toEqual([{ by: 'bj.super', fromOwner: 'bj.agent1', toOwner: 'bj.agent2', note: REASON }]);
  }, 240_000);

  it("bj.agent2's My work shows it new, reassigned by the supervisor with the reason, and tells her", async () => {
    const row = agent2.locator(`[data-testid="my-work-handovers"] [data-testid="my-work-row"][data-order-number="${order.orderNumber}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-new')).toBe('true');
    expect(await row.getAttribute('data-reassigned')).toBe('true');
    expect(await row.getByTestId('my-work-from').textContent()).toBe(zhCN.myWork.reassignedBy.replace('{{by}}', '赵敏').replace('{{from}}', '李娜'));
    expect(await row.getByTestId('my-work-note').textContent()).toBe(zhCN.myWork.reason.replace('{{reason}}', REASON));
    await expect
      .poll(() => shownDesktopNotifications(agent2), { timeout: 10_000 })
      .toContainEqual({ title: zhCN.myWork.notice.reassigned.replace('{{by}}', '赵敏').replace('{{number}}', order.orderNumber), body: zhCN.myWork.reason.replace('{{reason}}', REASON) });
    await screenshotIfAsked(agent2, 'team-reassign-my-work-1366x768-zh-CN');
    expect(pageProblems).toEqual([]);
  });
});
