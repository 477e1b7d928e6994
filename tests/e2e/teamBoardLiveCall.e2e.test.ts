/**
 * The live team board during a real call (issue 12, "What shows it"): bj.agent1's seat has the SIP
 * rig's account 1001 (Kamailio, rtpengine, SIPp as the customer; Chromium inside the rig's network
 * namespace, as in the softphone tests); bj.super's seat, beside it, has the desk open. bj.agent1
 * goes ready → ringing → on call → wrap-up → ready, and each state is on bj.super's board within
 * 1 s of bj.agent1's own screen showing it (both pages record when, in one browser on one
 * machine); on call and in wrap-up, the board shows the caller's name and the call's running
 * time; back to ready, neither.
 *
 * Needs root, the rig's Debian packages and Chromium: without them these tests FAIL (never skip).
 * dist/renderer must be built (`npm test` builds it before vitest runs).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/seatPage.js';
import { recordBoardChanges, recordOwnStates, shownStates, type ShownState } from './support/presenceTimeline.js';
import { answerIncoming, firstSync, logIn, makeReady, national, registrationState, SoftphoneSeat, startSeatInRig, wrapUp, type SeatInRig } from './support/softphoneSeat.js';

const phone = new SoftphoneSeat('e2e-team-board-live-call');
let superSeat: SeatInRig | undefined;
let agent: Page;
let board: Page;
const BOARD_WITHIN_MS = 1000;

beforeAll(async () => {
  await phone.start({ customers: 300 });
  // The supervisor's seat has no SIP account: its desk only watches.
  superSeat = await startSeatInRig(phone.rig, phone.backend.url, path.join(phone.tmp.dir, 'super-seat'), {});
  agent = await phone.openPage({ consoleErrors: /Content Security Policy|Refused to/i, initScripts: [recordOwnStates] });
  board = await phone.openPage({ initScripts: [recordBoardChanges] });
  await board.setViewportSize({ width: 1366, height: 768 });
}, 180_000);

afterAll(async () => {
  await superSeat?.stop();
  await phone.stop();
}, 60_000);

const agentRow = () => board.locator('[data-testid="team-row"][data-login="bj.agent1"]');

/**
 * How long after bj.agent1's own screen showed `state` (the first time since `since` of its
 * records) bj.super's board showed it; waits up to 5 s for both.
 */
async function boardLag(state: string, since: { agent: number; board: number }): Promise<number> {
  let own: ShownState | undefined;
  let shown: ShownState | undefined;
  let seen = '';
  await expect
    .poll(
      async () => {
        const ownStates = (await shownStates(agent)).slice(since.agent);
        const boardStates = (await shownStates(board)).slice(since.board).filter((c) => c.login === 'bj.agent1');
        own = ownStates.find((c) => c.state === state);
        shown = boardStates.find((c) => c.state === state);
        seen = `agent's screen: ${ownStates.map((c) => c.state).join(' → ') || 'no change'}; board: ${boardStates.map((c) => c.state).join(' → ') || 'no change'}`;
        return Boolean(own && shown);
      },
      { timeout: 5_000, interval: 20 },
    )
    .toBe(true)
    .catch((error: unknown) => {
      throw new Error(`bj.agent1 "${state}" not on both screens within 5 s (${seen}): ${String(error)}`);
    });
  return shown!.at - own!.at;
}

const marks = async () => ({ agent: (await shownStates(agent)).length, board: (await shownStates(board)).length });

describe('the live team board during a real call through the SIP rig', () => {
  it('bj.super watches bj.agent1 go ready, ringing, on call (caller and timer shown), wrap-up (still naming the caller) and ready again, each within 1 s', async () => {
    await board.goto(superSeat!.seat.openUrl);
    await signIn(board, 'bj.super');
    await board.keyboard.press('Alt+KeyY');
    await board.getByTestId('team-board').waitFor();
    await agentRow().waitFor({ timeout: 10_000 });

    await agent.goto(phone.seat.openUrl);
    await logIn(agent, phone.problems);
    await expect.poll(() => registrationState(agent), { timeout: 10_000 }).toBe('registered');
    await firstSync(agent);
    const lags: Record<string, number> = {};

    let since = await marks();
    await makeReady(agent);
    lags.ready = await boardLag('ready', since);

    const customer = phone.backend.sampleCustomer;
    const caller = national(customer.phone);
    since = await marks();
    const call = phone.ring(caller, '--talk', '30', '--ring-timeout', '25');
    lags.ringing = await boardLag('ringing', since);

    since = await marks();
    await answerIncoming(agent, caller, call);
    lags.on_call = await boardLag('on_call', since);
    // The board names the caller (from the seat's screen pop) and counts the call's time.
    await expect.poll(async () => (await agentRow().getByTestId('team-customer').textContent())?.trim(), { timeout: 5_000 }).toBe(customer.name);
    await expect.poll(async () => (await agentRow().getByTestId('team-call').textContent())?.trim(), { timeout: 5_000 }).toMatch(/^\d{2}:0[1-9]$/);

    since = await marks();
    await agent.getByTestId('hangup-call').click();
    lags.wrap_up = await boardLag('wrap_up', since);
    const { result } = await call.done;
    expect(result, result.error).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    // Wrapping up, the board still names the call the agent is finishing (its time is handle time).
    expect((await agentRow().getByTestId('team-customer').textContent())?.trim()).toBe(customer.name);

    since = await marks();
    await wrapUp(agent, 'resolved', '客户咨询保修，已解答');
    lags.ready_after_wrap_up = await boardLag('ready', since);
    await expect.poll(async () => (await agentRow().getByTestId('team-customer').textContent())?.trim(), { timeout: 5_000 }).toBe('');
    expect((await agentRow().getByTestId('team-call').textContent())?.trim()).toBe('—');

    console.log(`bj.agent1's state on bj.super's board after bj.agent1's own screen (ms): ${JSON.stringify(lags)}`);
    for (const [state, lag] of Object.entries(lags)) expect(lag, `${state} reached the board ${lag} ms after the agent's screen`).toBeLessThan(BOARD_WITHIN_MS);
    expect(phone.problems).toEqual([]);
  });
});
