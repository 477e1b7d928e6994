/**
 * A complaint taken on a call (issue 11, "What shows it"), through the SIP rig (Kamailio,
 * rtpengine, SIPp as the customer; Chromium inside the rig's namespace, as in the softphone tests):
 * a customer whose repair went to an outlet rings bj.agent1; she answers, the card pops, and with
 * the customer on the line she takes the complaint by keyboard (Alt+Q), about that order and so
 * about its outlet; she hangs up and wraps up. The backend holds the complaint (channel phone, the
 * order's outlet, her as the taker, its first step) and the answered call; the customer's history
 * (F9) shows the complaint above the call. The workflow after taking it (escalation on a moved
 * clock, resolution with compensation, confirmation) is tests/e2e/complaintsNotes.e2e.test.ts.
 *
 * Needs root, the rig's Debian packages and Chromium: without them these tests FAIL (never skip).
 * dist/renderer must be built (`npm test` builds it before vitest runs).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendRows } from '../support/backendProcess.js';
import { activeTestId, waitUntilSynced } from '../support/seatPage.js';
import { answerIncoming, firstSync, logIn, makeReady, national, registrationState, SoftphoneSeat, wrapUp } from './support/softphoneSeat.js';

const phone = new SoftphoneSeat('e2e-complaint-on-call');
let page: Page;
const WORDS = '师傅说好上午来，等到下午也没人，电话也不接';

beforeAll(async () => {
  await phone.start({ customers: 300 });
  page = await phone.openPage({ consoleErrors: /Content Security Policy|Refused to/i });
  await page.setViewportSize({ width: 1366, height: 768 });
}, 180_000);

afterAll(() => phone.stop(), 60_000);

const query = <T>(sql: string, ...params: unknown[]): T[] => backendRows<T>(phone.backend, sql, ...params);

describe('a complaint taken on a call, through the SIP rig', () => {
  it('bj.agent1 answers, takes the complaint about the outlet from the popped card by keyboard, wraps up; backend and history have it', async () => {
    await page.goto(phone.seat.openUrl);
    await logIn(page, phone.problems);
    await expect.poll(() => registrationState(page), { timeout: 10_000 }).toBe('registered');
    await firstSync(page);
    await makeReady(page);

    // A BJ01 customer (mobile number) with an order dispatched to an outlet, no complaint yet.
    const [target] = query<{ customerId: string; name: string; phone: string; orderId: string; outletId: string }>(
      `SELECT c.id AS customerId, c.name, c.phone, o.id AS orderId, o.outlet_id AS outletId
         FROM customers c JOIN branches b ON b.id = c.branch_id JOIN service_orders o ON o.customer_id = c.id
        WHERE b.code = 'BJ01' AND o.outlet_id IS NOT NULL AND c.phone LIKE '+861%' AND c.deleted = 0
          AND NOT EXISTS (SELECT 1 FROM complaints x WHERE x.customer_id = c.id)
        ORDER BY o.id LIMIT 1`,
    );
    expect(target, 'the demo has a BJ01 order dispatched to an outlet').toBeDefined();
    const caller = national(target!.phone);
    const call = phone.ring(caller, '--talk', '60', '--ring-timeout', '25');
    await answerIncoming(page, caller, call);
    // The screen pop: the caller's card is open while they talk.
    await expect.poll(() => page.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 5_000 }).toBe(target!.customerId);

    // With the customer on the line: Alt+Q, the complaint about that order, their words, Enter.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Q');
    await expect.poll(() => activeTestId(page)).toBe('complaint-category');
    await page.getByTestId('complaint-category').selectOption('lateness');
    await page.getByTestId('complaint-order').selectOption(target!.orderId);
    expect(await page.getByTestId('complaint-channel').inputValue()).toBe('phone');
    await page.getByTestId('complaint-words').focus();
    await page.keyboard.type(WORDS);
    await page.keyboard.press('Enter');
    const row = page.getByTestId('complaint-row').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5_000 }).toBe('received');
    expect(await page.getByTestId('active-call').getAttribute('data-phase')).toBe('established');

    await page.getByTestId('hangup-call').click();
    const { result } = await call.done;
    expect(result, result.error).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    await wrapUp(page, 'complaint', '客户投诉师傅迟到，已登记投诉');
    await waitUntilSynced(page);

    // The backend: the complaint about the order's outlet, taken by bj.agent1 by phone, its first step; the answered call.
    const [agent] = query<{ id: string }>("SELECT id FROM agents WHERE login = 'bj.agent1'");
    const [complaint] = query<{ id: string; channel: string; category: string; outlet_id: string; order_id: string; customer_words: string; status: string }>(
      'SELECT id, channel, category, outlet_id, order_id, customer_words, status FROM complaints WHERE customer_id = ?',
      target!.customerId,
    );
    expect(complaint).toMatchObject({ channel: 'phone', category: 'lateness', outlet_id: target!.outletId, order_id: target!.orderId, customer_words: WORDS, status: 'received' });
    expect(query<{ kind: string; agent_id: string }>('SELECT kind, agent_id FROM complaint_steps WHERE complaint_id = ?', complaint!.id)).toEqual([{ kind: 'received', agent_id: agent!.id }]);
    await expect
      .poll(() => query<{ disposition: string; notes: string }>("SELECT disposition, notes FROM interactions WHERE customer_id = ? AND agent_id = ? AND disposition = 'complaint'", target!.customerId, agent!.id), { timeout: 15_000 })
      .toEqual([{ disposition: 'complaint', notes: '客户投诉师傅迟到，已登记投诉' }]);

    // The customer's history (F9): the complaint above the call it was taken on, newest first.
    await page.keyboard.press('Escape');
    await page.keyboard.press('F9');
    const kinds = () => page.locator('[data-testid="history-entry"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    await expect.poll(async () => (await kinds()).slice(0, 2), { timeout: 10_000 }).toEqual(['complaint', 'call']);
    expect(phone.problems).toEqual([]);
  });
});
