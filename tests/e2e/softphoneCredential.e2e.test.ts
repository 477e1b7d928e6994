/**
 * The softphone's short-lived SIP credential end to end (docs/architecture.md, "The SIP
 * credential"): the backend issues bj.agent1 a credential for 1001 that lasts 60 s; the page
 * registers with it at the rig's Kamailio (auth_ephemeral), renews it half-way through by itself
 * and registers again, and after the first one has expired still places a call (Kamailio checks
 * the INVITE's credential: an expired one is refused with 403).
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logFile } from '../../scripts/sip/lib/rig.js';
import { agentState, firstSync, logIn, makeReady, registrationState, SoftphoneSeat, wrapUp } from './support/softphoneSeat.js';

const LIFETIME_S = 60;
const phone = new SoftphoneSeat('e2e-softphone-credential');
let page: Page;

/** The REGISTERs of 1001 that Kamailio took (its log: "REGISTER 1001 from ws:…"). */
const registersTaken = () => fs.readFileSync(logFile(phone.rig.runDir, 'kamailio'), 'utf8').split('\n').filter((l) => /REGISTER 1001 from ws:/.test(l) && !/expires=0\b/.test(l)).length;

beforeAll(async () => {
  await phone.start({ customers: 60, backendEnv: { SIP_CREDENTIAL_LIFETIME_S: String(LIFETIME_S) } });
  page = await phone.openPage({ consoleErrors: /Content Security Policy|Refused to/i });
}, 180_000);

afterAll(() => phone.stop(), 60_000);

describe('the softphone with a short-lived SIP credential', () => {
  it('registers with the credential issued at sign-in, renews it before it expires, and still calls out after the first has expired', async () => {
    await page.goto(phone.seat.openUrl);
    await logIn(page, phone.problems);
    const signedInAt = Date.now();
    await expect.poll(() => registrationState(page), { timeout: 10_000 }).toBe('registered');
    expect(await page.getByTestId('sip-registration').textContent()).toContain('1001');
    await firstSync(page);
    const first = registersTaken();
    expect(first).toBeGreaterThanOrEqual(1);

    // half-way through (30 s) the page renews the credential and registers with it: the phone's
    // own refresh would come only after minutes (the rig grants 300 s)
    await expect.poll(registersTaken, { timeout: 45_000, interval: 1000 }).toBeGreaterThan(first);
    expect(await registrationState(page)).toBe('registered');

    // past the first credential's expiry: an INVITE authenticated with it would get 403
    await page.waitForTimeout(Math.max(0, signedInAt + (LIFETIME_S + 3) * 1000 - Date.now()));
    expect(await registrationState(page)).toBe('registered');
    await makeReady(page);
    await page.keyboard.press('Alt+KeyC');
    await page.keyboard.type('010-6234 5678');
    await page.keyboard.press('Enter');
    const active = page.getByTestId('active-call');
    await expect.poll(() => active.getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    await page.getByTestId('hangup-call').click();
    await wrapUp(page, 'wrong_number');
    expect(await agentState(page)).toBe('ready');
    expect(phone.problems).toEqual([]);
  }, 150_000);
});
