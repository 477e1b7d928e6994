/**
 * The softphone end to end: backend process + browser seat process (SIP account from the
 * environment) + the SIP rig (Kamailio, rtpengine, SIPp as the customer) + Debian's Chromium
 * INSIDE the rig's network namespace, the seat exposed into it on the same port. Real WebRTC media
 * through rtpengine, real DTMF, real re-registration after Kamailio restarts.
 *
 * Needs root (network namespaces), the rig's Debian packages and Chromium: without them startRig()
 * / launchChromiumInRig() throw and these tests FAIL (never skip). dist/renderer must be built
 * (`npm test` builds it before vitest runs).
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone } from '../../shared/phone.js';
import { PROJECT_ROOT } from '../../scripts/sip/lib/config.js';
import { NodeAgent } from '../sip/harness.js';
import {
  agentState as agentStateOf,
  answerIncoming,
  closeNewCustomerForm,
  expectMediaFlowing,
  firstSync,
  inboundPackets,
  logIn,
  makeReady,
  national,
  recordPeerConnections,
  recordRegistrationStates,
  registrationState as registrationStateOf,
  registrationStatesSeen,
  SoftphoneSeat,
  startSeatInRig,
  wrapUp,
} from './support/softphoneSeat.js';

const phone = new SoftphoneSeat('e2e-softphone');
let page: Page;

const registrationState = () => registrationStateOf(page);
const agentState = () => agentStateOf(page);

beforeAll(async () => {
  await phone.start({ customers: 300 });
  page = await phone.openPage({ consoleErrors: /Content Security Policy|Refused to/i, initScripts: [recordPeerConnections] });
}, 180_000);

afterAll(() => phone.stop(), 60_000);

describe('softphone in the browser seat, against the SIP rig', () => {
  it('logs in, gets the SIP account from the seat and registers as 1001', async () => {
    await page.goto(phone.seat.openUrl);
    await logIn(page, phone.problems);
    await expect.poll(registrationState, { timeout: 10_000 }).toBe('registered');
    expect(await page.getByTestId('sip-registration').textContent()).toContain('1001');
    await firstSync(page);
    // The agent starts not ready; makes themself ready from the keyboard-reachable select.
    expect(await agentState()).toBe('not_ready');
    await makeReady(page);
  });

  it('a known customer calls: the card pops BEFORE answering; answer, DTMF, hang up, wrap up', async () => {
    const sample = phone.backend.sampleCustomer;
    const caller = national(sample.phone);
    const call = phone.ring(caller, '--talk', '30', '--ring-timeout', '25');

    const incoming = page.getByTestId('incoming-call');
    await incoming.waitFor({ timeout: 15_000 });
    expect(await incoming.getAttribute('data-caller')).toBe(caller);
    expect(await page.getByTestId('ringtone').count()).toBe(1);
    // Screen pop while it still rings: the caller's card is open, nothing answered yet.
    const card = page.getByTestId('customer-card');
    await expect.poll(() => card.getAttribute('data-customer-id'), { timeout: 5000 }).toBe(sample.id);
    expect((await page.getByTestId('customer-name').textContent())?.trim()).toBe(sample.name);
    expect(await incoming.isVisible()).toBe(true);
    expect(await page.getByTestId('answer-call').isVisible()).toBe(true);

    // Answer from the keyboard (Alt+A).
    await page.keyboard.press('Alt+KeyA');
    const active = page.getByTestId('active-call');
    await expect.poll(() => active.getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    expect(await agentState()).toBe('on_call');
    await expect.poll(async () => (await page.getByTestId('call-timer').textContent())?.trim(), { timeout: 3000 }).toMatch(/^00:0[1-9]$/);

    // Call quality from WebRTC statistics (loopback through rtpengine: as good as it gets).
    const quality = page.getByTestId('call-quality');
    await quality.waitFor({ timeout: 6000 });
    expect(Number(await quality.getAttribute('data-mos'))).toBeGreaterThan(4);
    console.log(`call quality shown: ${await quality.getAttribute('title')} (MOS ${await quality.getAttribute('data-mos')})`);

    // DTMF: two keys of the pad, then '#' typed on the keyboard (outside any text box).
    await page.locator('[data-testid="dtmf-key"][data-key="1"]').click();
    await page.waitForTimeout(400);
    await page.locator('[data-testid="dtmf-key"][data-key="2"]').click();
    await page.waitForTimeout(400);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('#');
    await page.waitForTimeout(600);
    expect((await page.getByTestId('dtmf-sent').textContent()) ?? '').toContain('12#');

    // Mute, then hold (re-INVITE sendonly) and resume (sendrecv): the customer's audio reaches the
    // page before, stops while held and flows again after resume (the page's WebRTC statistics).
    await page.getByTestId('mute-call').click();
    expect(await active.getAttribute('data-muted')).toBe('true');
    await page.getByTestId('mute-call').click();
    await expectMediaFlowing(page, 25, 5000);
    await page.getByTestId('hold-call').click();
    await expect.poll(() => active.getAttribute('data-held'), { timeout: 5000 }).toBe('true');
    await page.waitForTimeout(300); // packets already in flight when the re-INVITE was answered
    const heldFrom = await inboundPackets(page);
    await page.waitForTimeout(1500);
    const whileHeld = (await inboundPackets(page)) - heldFrom;
    await page.getByTestId('hold-call').click();
    await expect.poll(() => active.getAttribute('data-held'), { timeout: 5000 }).toBe('false');
    const afterResume = await expectMediaFlowing(page, 25, 5000);
    console.log(`inbound audio packets: ${whileHeld} in 1.5 s on hold, ${afterResume} after resume`);
    expect(whileHeld).toBeLessThan(5);
    await page.getByTestId('hangup-call').click();

    const { result, code } = await call.done;
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result, result.error).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    expect(result.dtmf.digits).toBe('12#');
    expect(result.reinvites).toEqual(['sendonly', 'sendrecv']);
    expect(result.audio?.receivedPackets ?? 0).toBeGreaterThan(20); // the browser's fake microphone, through rtpengine

    // Wrap-up: disposition and notes, saved as an interaction; then back to ready.
    await page.getByTestId('wrap-up-panel').waitFor({ timeout: 5000 });
    expect(await agentState()).toBe('wrap_up');
    await wrapUp(page, 'resolved', '客户咨询保修，已解答');
    expect(await page.getByTestId('wrap-up-error').count()).toBe(0);
    expect(await agentState()).toBe('ready');
  });

  it('an unknown number opens the new-customer form with the number filled in, before answering', async () => {
    const unknown = '17099887766';
    const call = phone.ring(unknown, '--talk', '5', '--ring-timeout', '20');
    await page.getByTestId('incoming-call').waitFor({ timeout: 15_000 });
    const form = page.getByTestId('new-customer-form');
    await form.waitFor({ timeout: 5000 });
    const filled = await form.getByTestId('field-phone').inputValue();
    expect(normalisePhone(filled)).toBe(normalisePhone(unknown));
    // Turned away (486): no wrap-up for a call never answered.
    await page.getByTestId('reject-call').click();
    const { result } = await call.done;
    expect(result, result.error).toMatchObject({ status: 'rejected', sipCode: 486 });
    await expect.poll(agentState).toBe('ready');
    expect(await page.getByTestId('wrap-up-panel').count()).toBe(0);
    await page.getByTestId('new-customer-cancel').click();
  });

  it('not ready: a call is turned away with 486 Busy Here without ringing', async () => {
    await page.getByTestId('agent-state').selectOption('not_ready:break');
    await expect.poll(agentState).toBe('not_ready');
    try {
      const { result } = await phone.ring('13600001111', '--ring-timeout', '10').done;
      expect(result, result.error).toMatchObject({ status: 'rejected', sipCode: 486 });
      expect(await page.getByTestId('incoming-call').count()).toBe(0);
    } finally {
      // ready again even when this failed: the next tests' calls must not meet a busy agent
      await makeReady(page);
    }
  });

  it('click to dial from the card, and the dial box: outbound calls with wrap-up', async () => {
    const sample = phone.backend.sampleCustomer;
    await expect.poll(() => page.getByTestId('customer-card').getAttribute('data-customer-id')).toBe(sample.id);
    await page.locator(`[data-testid="click-to-dial"][data-phone="${sample.phone}"]`).click();
    const active = page.getByTestId('active-call');
    expect(await active.getAttribute('data-direction')).toBe('outbound');
    expect(await agentState()).toBe('on_call');
    // the rig's PSTN peer (baresip) answers customer numbers
    await expect.poll(() => active.getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    await page.keyboard.press('Alt+KeyH');
    const panel = page.getByTestId('wrap-up-panel');
    await panel.waitFor({ timeout: 5000 });
    await page.getByTestId('wrap-up-disposition').selectOption('follow_up_needed');
    await page.getByTestId('wrap-up-notes').fill('回访确认');
    await page.getByTestId('wrap-up-notes').press('Control+Enter');
    await panel.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await agentState()).toBe('ready');

    // The dial box from the keyboard: Alt+C, type, Enter.
    await page.keyboard.press('Alt+KeyC');
    await page.keyboard.type('010-6234 5678');
    await page.keyboard.press('Enter');
    await expect.poll(() => active.getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    await page.getByTestId('hangup-call').click();
    await wrapUp(page, 'wrong_number');
    expect(await agentState()).toBe('ready');
  });

  it('blind transfer (REFER): the customer (a baresip phone) follows it to agent 1002', async () => {
    const second = await NodeAgent.start(phone.rig, '1002');
    try {
      const call = phone.ring('01062345678', '--ua', 'baresip', '--talk', '20', '--ring-timeout', '20');
      await answerIncoming(page, '01062345678', call); // the caller as in the P-Asserted-Identity Kamailio adds
      await page.getByTestId('transfer-input').fill('1002');
      await page.getByTestId('transfer-button').click();
      const transferred = await second.waitFor('invite', 15_000);
      expect(transferred.fromUser).toBe('01062345678');
      await second.do({ cmd: 'answer' });
      // our leg ends once the target answered: wrap-up as "transferred"
      await wrapUp(page, 'transferred');
      await second.do({ cmd: 'bye' });
      const { result } = await call.done;
      expect(result.transfer).toMatchObject({ to: 'sip:1002@127.0.0.1', answered: true });
      expect(await agentState()).toBe('ready');
      await closeNewCustomerForm(page);
    } finally {
      await second.stop();
    }
  });

  it('registers again within 3 s after Kamailio restarts, without reloading the page', async () => {
    expect(await registrationState()).toBe('registered');
    // Watch every registration state the page goes through, and mark the page (a reload clears both).
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));
    await recordRegistrationStates(page);
    // `sip:rig restart` stops Kamailio (and rtpengine, the PSTN peer), then starts them again; it
    // prints "kamailio running" the moment Kamailio's listeners are up: that is "the proxy is back".
    let back = 0;
    let restartOutput = '';
    const restarted = new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/sip/rig.ts'), 'restart', '--dir', phone.rig.runDir], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onData = (d: Buffer) => {
        restartOutput += d.toString();
        if (!back && /kamailio running/.test(restartOutput)) back = Date.now();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('error', reject);
      child.once('close', resolve);
    });
    await expect.poll(() => back, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    await expect.poll(registrationState, { timeout: 3000, interval: 50 }).toBe('registered');
    const took = Date.now() - back;
    console.log(`re-registered ${took} ms after Kamailio was back`);
    expect(took).toBeLessThan(3000);
    expect(await restarted, restartOutput).toBe(0);
    expect(await registrationStatesSeen(page)).toContain('registering'); // it did notice the proxy going away
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);

    // Kamailio forgot every binding when it restarted: a call reaching us proves the new REGISTER.
    const call = phone.ring('13700002222', '--ring-timeout', '15', '--talk', '2');
    await page.getByTestId('incoming-call').waitFor({ timeout: 10_000 });
    await page.getByTestId('reject-call').click();
    const { result } = await call.done;
    expect(result, result.error).toMatchObject({ status: 'rejected', sipCode: 486 });
    expect(phone.problems).toEqual([]);
  });

  it('the wrap-ups reach the backend as interactions (through the seat cache and sync)', async () => {
    const sample = phone.backend.sampleCustomer;
    const read = () => {
      const db = new Database(phone.backend.dbFile, { readonly: true });
      try {
        return db
          // The calls this seat pushed (the demo data has calls of its own, written by the server).
          .prepare(
            `SELECT i.customer_id AS customerId, i.direction, i.remote_number AS remoteNumber, i.talk_seconds AS talk, i.disposition, i.notes
             FROM interactions i WHERE EXISTS (SELECT 1 FROM change_log c WHERE c.entity = 'interaction' AND c.entity_id = i.id AND c.seat_id IS NOT NULL)
             ORDER BY i.started_at`,
          )
          .all() as { customerId: string | null; direction: string; remoteNumber: string | null; talk: number; disposition: string; notes: string }[];
      } finally {
        db.close();
      }
    };
    await expect.poll(() => read().length, { timeout: 20_000 }).toBe(4);
    const rows = read();
    expect(rows.map((r) => r.disposition)).toEqual(['resolved', 'follow_up_needed', 'wrong_number', 'transferred']);
    expect(rows[0]).toMatchObject({ customerId: sample.id, direction: 'inbound', remoteNumber: sample.phone, notes: '客户咨询保修，已解答' });
    expect(rows[0]!.talk).toBeGreaterThanOrEqual(1);
    expect(rows[1]).toMatchObject({ customerId: sample.id, direction: 'outbound', remoteNumber: sample.phone });
    expect(rows[2]).toMatchObject({ direction: 'outbound', remoteNumber: '+861062345678' });
  });

  it('a long-lived seat password (the seat_password fallback) is refused by a proxy that takes only short-lived credentials: the registration shows failed, with its answer', async () => {
    const wrong = await startSeatInRig(phone.rig, phone.backend.url, path.join(phone.tmp.dir, 'seat-wrong'), {
      SIP_WS_URL: phone.rig.urls.ws,
      SIP_CREDENTIAL: 'seat_password',
      SIP_USER: '1003',
      SIP_PASSWORD: 'rig-1003-pw',
    });
    const page2 = await phone.browser.newPage();
    try {
      await page2.goto(wrong.seat.openUrl);
      await logIn(page2);
      const reg = page2.getByTestId('sip-registration');
      await expect.poll(() => reg.getAttribute('data-state'), { timeout: 10_000 }).toBe('failed');
      expect(await reg.textContent()).toContain('403');
    } finally {
      await page2.close();
      await wrong.stop();
    }
  });

  it('with the backend stopped, a call still pops the card from the cache and its wrap-up is queued', async () => {
    const sample = phone.backend.sampleCustomer;
    await phone.backend.stop();
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
    const pendingBefore = Number(await page.getByTestId('pending-count').getAttribute('data-count'));
    await makeReady(page);

    const call = phone.ring(national(sample.phone), '--talk', '30', '--ring-timeout', '25');
    await page.getByTestId('incoming-call').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 5000 }).toBe(sample.id);
    await page.getByTestId('answer-call').click();
    await expect.poll(() => page.getByTestId('active-call').getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    await page.waitForTimeout(1200);
    await page.getByTestId('hangup-call').click();
    expect((await call.done).result).toMatchObject({ status: 'answered', hangupBy: 'agent' });

    await wrapUp(page, 'resolved', '总部断线期间的来电');
    expect(await page.getByTestId('wrap-up-error').count()).toBe(0);
    // Saved in the seat's cache and queued for the backend.
    await expect.poll(async () => Number(await page.getByTestId('pending-count').getAttribute('data-count'))).toBe(pendingBefore + 1);
  });
});
