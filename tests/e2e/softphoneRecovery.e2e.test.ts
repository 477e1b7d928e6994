/**
 * The softphone keeps an answered call through trouble, end to end (browser seat + SIP rig +
 * Debian's Chromium in the rig's namespace, SIPp as the customer):
 *  - Kamailio restarts mid-call (rtpengine keeps running): the call stays up, media keeps flowing,
 *    the softphone registers again and refreshes the dialog over its new connection; the agent then
 *    hangs up and the customer gets the BYE;
 *  - the media path breaks (the rtpengine ports blocked with iptables inside the rig's namespace)
 *    while signalling works: the phone shows "reconnecting media", restarts ICE with a re-INVITE,
 *    and media flows again once the path is back.
 *
 * Needs root (namespaces, iptables), the rig's Debian packages and Chromium: without them these
 * tests FAIL (never skip). dist/renderer must be built (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartKamailio } from '../../scripts/sip/lib/rig.js';
import { rigPrefix } from '../sip/harness.js';
import {
  answerIncoming,
  closeNewCustomerForm,
  expectMediaFlowing,
  localUfrags,
  logIn,
  makeReady,
  recordPeerConnections,
  recordRegistrationStates,
  registrationState,
  registrationStatesSeen,
  SoftphoneSeat,
  wrapUp,
} from './support/softphoneSeat.js';

const phone = new SoftphoneSeat('e2e-softphone-recovery');
let page: Page;
let blocked: string[] | null = null;

const activeCall = () => page.getByTestId('active-call');

function iptables(args: string[]): void {
  const argv = [...rigPrefix(phone.rig), 'iptables', ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.error?.message ?? r.stderr}`);
}

async function wrapUpResolved(): Promise<void> {
  await wrapUp(page, 'resolved');
  await closeNewCustomerForm(page);
}

beforeAll(async () => {
  await phone.start({ customers: 50, rig: { pstn: false } });
  page = await phone.openPage({ initScripts: [recordPeerConnections] });
  await page.goto(phone.seat.openUrl);
  await logIn(page, phone.problems);
  await page.locator('[data-testid="sip-registration"][data-state="registered"]').waitFor({ timeout: 10_000 });
  await makeReady(page);
}, 180_000);

afterAll(async () => {
  if (blocked) iptables(['-D', ...blocked]);
  await phone.stop();
}, 60_000);

describe('an answered call through signalling and media trouble', () => {
  it('survives a Kamailio restart: stays up, media flows, re-registers, and the agent\'s BYE still reaches the customer', async () => {
    const caller = '13911112222';
    const call = phone.ring(caller, '--talk', '60', '--ring-timeout', '20');
    await answerIncoming(page, caller, call);
    await expectMediaFlowing(page, 25, 5000);
    await recordRegistrationStates(page);

    const back = await restartKamailio(phone.rig.runDir, () => {});
    // Re-registered over a new connection: the old one went with the old Kamailio.
    await expect.poll(() => registrationState(page), { timeout: 5000, interval: 50 }).toBe('registered');
    console.log(`re-registered ${Date.now() - back} ms after Kamailio was back, call still up`);
    expect(await registrationStatesSeen(page)).toContain('registering');
    // The call never left the screen, and media went on through rtpengine all along.
    expect(await activeCall().getAttribute('data-phase')).toBe('established');
    expect(await activeCall().getAttribute('data-media')).toBe('ok');
    const flowed = await expectMediaFlowing(page, 50, 5000);
    console.log(`${flowed} audio packets received in the seconds after the restart`);
    // The dialog refresh (re-INVITE over the new connection) got through the new Kamailio.
    await page.waitForTimeout(1500);

    await page.getByTestId('hangup-call').click();
    const { result, code } = await call.done;
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result, result.error).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    expect(result.reinvites).toEqual(['sendrecv']); // the target refresh, still sendrecv
    expect(result.audio?.receivedPackets ?? 0).toBeGreaterThan(100);
    await wrapUpResolved();
  });

  it('after a Kamailio restart, the customer\'s own BYE still reaches the softphone (the dialog target was refreshed)', async () => {
    // baresip follows target refreshes (RFC 3261 12.2.1.2): our re-INVITE over the new connection
    // gives it a Contact that Kamailio aliased to that connection. Without the refresh its BYE
    // would go to the alias of the dead connection and never reach us.
    const caller = '01062345678';
    const call = phone.ring(caller, '--ua', 'baresip', '--talk', '10', '--ring-timeout', '20');
    await answerIncoming(page, caller, call);
    await restartKamailio(phone.rig.runDir, () => {});
    await expect.poll(() => registrationState(page), { timeout: 5000, interval: 50 }).toBe('registered');
    expect(await activeCall().getAttribute('data-phase')).toBe('established');
    await expectMediaFlowing(page, 50, 5000);
    // the customer hangs up 10 s after the answer: the call ends on our side, straight into wrap-up
    await page.getByTestId('wrap-up-panel').waitFor({ timeout: 20_000 });
    const { result, code } = await call.done;
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result, result.error).toMatchObject({ status: 'answered', hangupBy: 'customer' });
    await wrapUpResolved();
  });

  it('restarts ICE when the media path breaks while signalling works, with "reconnecting media" on screen', async () => {
    const caller = '13933334444';
    const call = phone.ring(caller, '--talk', '90', '--ring-timeout', '20');
    await answerIncoming(page, caller, call);
    await expectMediaFlowing(page, 25, 5000);
    expect(await activeCall().getAttribute('data-ice-restarts')).toBe('0');
    const ufragsBefore = await localUfrags(page);
    expect(ufragsBefore).toHaveLength(1);

    // Every rtpengine media port unreachable (both legs); SIP and rtpengine's control port stay up.
    blocked = ['INPUT', '-p', 'udp', '--dport', `${phone.rig.ports.rtpMin}:${phone.rig.ports.rtpMax}`, '-j', 'DROP'];
    iptables(['-I', ...blocked]);
    const cutAt = Date.now();
    await page.getByTestId('media-reconnecting').waitFor({ timeout: 15_000 });
    console.log(`"reconnecting media" shown ${Date.now() - cutAt} ms after the media path was cut`);
    expect(await activeCall().getAttribute('data-media')).toBe('reconnecting');
    await expect.poll(async () => Number(await activeCall().getAttribute('data-ice-restarts')), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(Math.max(0, cutAt + 8000 - Date.now()));
    iptables(['-D', ...blocked]);
    blocked = null;
    const openedAt = Date.now();

    await expect.poll(() => activeCall().getAttribute('data-media'), { timeout: 20_000, interval: 100 }).toBe('ok');
    console.log(`media back ${Date.now() - openedAt} ms after the path reopened, ${await activeCall().getAttribute('data-ice-restarts')} ICE restart(s)`);
    expect(await page.getByTestId('media-reconnecting').count()).toBe(0);
    expect(await activeCall().getAttribute('data-phase')).toBe('established');
    await expectMediaFlowing(page, 50, 5000);
    // new ICE credentials: media came back through a restarted ICE session
    const ufragsAfter = await localUfrags(page);
    expect(ufragsAfter).toHaveLength(1);
    expect(ufragsAfter[0]).not.toBe(ufragsBefore[0]);

    await page.getByTestId('hangup-call').click();
    const { result, code } = await call.done;
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result, result.error).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    // the ICE restart offers went to the customer's side as re-INVITEs (rtpengine keeps its plain leg)
    expect(result.reinvites.length).toBeGreaterThan(0);
    expect(new Set(result.reinvites)).toEqual(new Set(['sendrecv']));
    await wrapUpResolved();
  });
});
