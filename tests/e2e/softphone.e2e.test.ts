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
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone } from '../../shared/phone.js';
import { agentAccount, PROJECT_ROOT } from '../../scripts/sip/lib/config.js';
import { exposeToRig, launchChromiumInRig, NodeAgent, startRig, startSipCall, stopRig, stopRigChildren, type TestRig } from '../sip/harness.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { DEMO_AGENT } from '../support/demo.js';
import { startSeat, type RunningSeat } from '../support/seatProcess.js';
import { makeTempDir } from '../support/tempDir.js';

type Relay = Awaited<ReturnType<typeof exposeToRig>>;

const tmp = makeTempDir('e2e-softphone');
let rig: TestRig | null = null;
let backend: RunningBackend | null = null;
let seat: RunningSeat | null = null;
let relay: Relay | null = null;
let browser: Browser | null = null;
let page: Page;
const pageProblems: string[] = [];

/** "+8613812345678" → "13812345678": the caller's number as a Chinese network signals it. */
function national(e164: string): string {
  if (!e164.startsWith('+86')) throw new Error(`not a Chinese number: ${e164}`);
  const rest = e164.slice(3);
  return rest.startsWith('1') ? rest : `0${rest}`;
}

const registrationState = () => page.getByTestId('sip-registration').getAttribute('data-state');
const agentState = () => page.getByTestId('agent-state').getAttribute('data-state');

beforeAll(async () => {
  // Rig and backend at the same time: both take a few seconds.
  // (each kept as soon as it is up, so that afterAll stops it even when the other failed)
  const results = await Promise.allSettled([
    startRig().then((r) => (rig = r)),
    startBackend({ dir: tmp.dir, customers: 300 }).then((b) => (backend = b)),
  ]);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
  if (!rig || !backend) throw new Error('rig or backend missing');
  seat = await startSeat({
    backendUrl: backend.url,
    dataDir: path.join(tmp.dir, 'seat'),
    env: { SIP_WS_URL: rig.urls.ws, SIP_DOMAIN: '127.0.0.1', SIP_USER: '1001', SIP_PASSWORD: agentAccount('1001').password, SIP_DISPLAY_NAME: 'BJ agent 1' },
  });
  // The seat lives in this namespace; Chromium, in the rig's, reaches it on the same port.
  relay = await exposeToRig(rig, Number(new URL(seat.origin).port));
  browser = await launchChromiumInRig(rig);
  page = await browser.newPage();
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) pageProblems.push(`console: ${message.text()}`);
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopRigChildren();
  await relay?.close();
  await seat?.stop();
  await backend?.stop();
  if (rig) {
    await stopRig(rig);
    if (process.env.SIP_TEST_KEEP !== '1') fs.rmSync(rig.runDir, { recursive: true, force: true });
  }
  tmp.cleanup();
}, 60_000);

describe('softphone in the browser seat, against the SIP rig', () => {
  it('logs in, gets the SIP account from the seat and registers as 1001', async () => {
    await page.goto(seat!.openUrl);
    await page.getByTestId('login-user').fill(DEMO_AGENT.login);
    await page.getByTestId('login-password').fill(DEMO_AGENT.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workspace').waitFor();
    await expect.poll(registrationState, { timeout: 10_000 }).toBe('registered');
    expect(await page.getByTestId('sip-registration').textContent()).toContain('1001');
    // The screen pop reads the local cache: let the first sync finish.
    await expect.poll(async () => (await page.getByTestId('last-sync').textContent())?.trim() ?? '', { timeout: 30_000 }).toMatch(/\d{1,2}:\d{2}/);
    // The agent starts not ready; makes themself ready from the keyboard-reachable select.
    expect(await agentState()).toBe('not_ready');
    await page.getByTestId('agent-state').selectOption('ready');
    await expect.poll(agentState).toBe('ready');
  });

  it('a known customer calls: the card pops BEFORE answering; answer, DTMF, hang up, wrap up', async () => {
    const sample = backend!.sampleCustomer;
    const caller = national(sample.phone);
    const call = startSipCall(rig!, [caller, '1001', '--talk', '30', '--ring-timeout', '25']);

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

    // Mute and hold (re-INVITE sendonly/sendrecv), then hang up.
    await page.getByTestId('mute-call').click();
    expect(await active.getAttribute('data-muted')).toBe('true');
    await page.getByTestId('mute-call').click();
    await page.getByTestId('hold-call').click();
    await expect.poll(() => active.getAttribute('data-held'), { timeout: 5000 }).toBe('true');
    await page.getByTestId('hold-call').click();
    await expect.poll(() => active.getAttribute('data-held'), { timeout: 5000 }).toBe('false');
    await page.getByTestId('hangup-call').click();

    const { result, code } = await call.done;
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    expect(result.dtmf.digits).toBe('12#');
    expect(result.reinvites).toEqual(['sendonly', 'sendrecv']);
    expect(result.audio?.receivedPackets ?? 0).toBeGreaterThan(20); // the browser's fake microphone, through rtpengine

    // Wrap-up: disposition and notes, saved as an interaction; then back to ready.
    const panel = page.getByTestId('wrap-up-panel');
    await panel.waitFor({ timeout: 5000 });
    expect(await agentState()).toBe('wrap_up');
    await page.getByTestId('wrap-up-disposition').selectOption('resolved');
    await page.getByTestId('wrap-up-notes').fill('客户咨询保修，已解答');
    await page.getByTestId('wrap-up-submit').click();
    await panel.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('wrap-up-error').count()).toBe(0);
    expect(await agentState()).toBe('ready');
  });

  it('an unknown number opens the new-customer form with the number filled in, before answering', async () => {
    const unknown = '17099887766';
    const call = startSipCall(rig!, [unknown, '1001', '--talk', '5', '--ring-timeout', '20']);
    await page.getByTestId('incoming-call').waitFor({ timeout: 15_000 });
    const form = page.getByTestId('new-customer-form');
    await form.waitFor({ timeout: 5000 });
    const filled = await form.getByTestId('field-phone').inputValue();
    expect(normalisePhone(filled)).toBe(normalisePhone(unknown));
    // Turned away (486): no wrap-up for a call never answered.
    await page.getByTestId('reject-call').click();
    const { result } = await call.done;
    expect(result).toMatchObject({ status: 'rejected', sipCode: 486 });
    await expect.poll(agentState).toBe('ready');
    expect(await page.getByTestId('wrap-up-panel').count()).toBe(0);
    await page.getByTestId('new-customer-cancel').click();
  });

  it('not ready: a call is turned away with 486 Busy Here without ringing', async () => {
    await page.getByTestId('agent-state').selectOption('not_ready:break');
    await expect.poll(agentState).toBe('not_ready');
    const { result } = await startSipCall(rig!, ['13600001111', '1001', '--ring-timeout', '10']).done;
    expect(result).toMatchObject({ status: 'rejected', sipCode: 486 });
    expect(await page.getByTestId('incoming-call').count()).toBe(0);
    await page.getByTestId('agent-state').selectOption('ready');
    await expect.poll(agentState).toBe('ready');
  });

  it('click to dial from the card, and the dial box: outbound calls with wrap-up', async () => {
    const sample = backend!.sampleCustomer;
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
    await panel.waitFor({ timeout: 5000 });
    await page.getByTestId('wrap-up-disposition').selectOption('wrong_number');
    await page.getByTestId('wrap-up-submit').click();
    await panel.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await agentState()).toBe('ready');
  });

  it('blind transfer (REFER): the customer (a baresip phone) follows it to agent 1002', async () => {
    const second = await NodeAgent.start(rig!, '1002');
    try {
      const call = startSipCall(rig!, ['01062345678', '1001', '--ua', 'baresip', '--talk', '20', '--ring-timeout', '20']);
      const incoming = page.getByTestId('incoming-call');
      await incoming.waitFor({ timeout: 15_000 });
      expect(await incoming.getAttribute('data-caller')).toBe('01062345678'); // P-Asserted-Identity added by Kamailio
      await page.getByTestId('answer-call').click();
      const active = page.getByTestId('active-call');
      await expect.poll(() => active.getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
      await page.getByTestId('transfer-input').fill('1002');
      await page.getByTestId('transfer-button').click();
      const transferred = await second.waitFor('invite', 15_000);
      expect(transferred.fromUser).toBe('01062345678');
      await second.do({ cmd: 'answer' });
      // our leg ends once the target answered: wrap-up as "transferred"
      const panel = page.getByTestId('wrap-up-panel');
      await panel.waitFor({ timeout: 12_000 });
      await page.getByTestId('wrap-up-disposition').selectOption('transferred');
      await page.getByTestId('wrap-up-submit').click();
      await panel.waitFor({ state: 'detached', timeout: 10_000 });
      await second.do({ cmd: 'bye' });
      const { result } = await call.done;
      expect(result.transfer).toMatchObject({ to: 'sip:1002@127.0.0.1', answered: true });
      expect(await agentState()).toBe('ready');
      if (await page.getByTestId('new-customer-form').count()) await page.getByTestId('new-customer-cancel').click();
    } finally {
      await second.stop();
    }
  });

  it('registers again within 3 s after Kamailio restarts, without reloading the page', async () => {
    expect(await registrationState()).toBe('registered');
    // Watch every registration state the page goes through, and mark the page (a reload clears both).
    await page.evaluate(() => {
      const w = window as unknown as { __states: string[]; __marker: number };
      w.__marker = 42;
      w.__states = [];
      const el = document.querySelector('[data-testid="sip-registration"]')!;
      new MutationObserver(() => w.__states.push(el.getAttribute('data-state') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    });
    // `sip:rig restart` stops Kamailio (and rtpengine, the PSTN peer), then starts them again; it
    // prints "kamailio running" the moment Kamailio's listeners are up: that is "the proxy is back".
    let back = 0;
    let restartOutput = '';
    const restarted = new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/sip/rig.ts'), 'restart', '--dir', rig!.runDir], {
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
    const seen = await page.evaluate(() => (window as unknown as { __states: string[]; __marker: number }).__states);
    expect(seen).toContain('registering'); // it did notice the proxy going away
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);

    // Kamailio forgot every binding when it restarted: a call reaching us proves the new REGISTER.
    const call = startSipCall(rig!, ['13700002222', '1001', '--ring-timeout', '15', '--talk', '2']);
    await page.getByTestId('incoming-call').waitFor({ timeout: 10_000 });
    await page.getByTestId('reject-call').click();
    const { result } = await call.done;
    expect(result).toMatchObject({ status: 'rejected', sipCode: 486 });
    expect(pageProblems).toEqual([]);
  });

  it('the wrap-ups reach the backend as interactions (through the seat cache and sync)', async () => {
    const sample = backend!.sampleCustomer;
    const read = () => {
      const db = new Database(backend!.dbFile, { readonly: true });
      try {
        return db
          .prepare('SELECT customer_id AS customerId, direction, remote_number AS remoteNumber, talk_seconds AS talk, disposition, notes FROM interactions ORDER BY started_at')
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

  it('a wrong SIP password shows the registration as failed, with the proxy\'s answer', async () => {
    const wrong = await startSeat({
      backendUrl: backend!.url,
      dataDir: path.join(tmp.dir, 'seat-wrong'),
      env: { SIP_WS_URL: rig!.urls.ws, SIP_USER: '1003', SIP_PASSWORD: 'not-the-password' },
    });
    const relay2 = await exposeToRig(rig!, Number(new URL(wrong.origin).port));
    const page2 = await browser!.newPage();
    try {
      await page2.goto(wrong.openUrl);
      await page2.getByTestId('login-user').fill(DEMO_AGENT.login);
      await page2.getByTestId('login-password').fill(DEMO_AGENT.password);
      await page2.getByTestId('login-submit').click();
      const reg = page2.getByTestId('sip-registration');
      await expect.poll(() => reg.getAttribute('data-state'), { timeout: 10_000 }).toBe('failed');
      expect(await reg.textContent()).toContain('403');
    } finally {
      await page2.close();
      await relay2.close();
      await wrong.stop();
    }
  });

  it('with the backend stopped, a call still pops the card from the cache and its wrap-up is queued', async () => {
    const sample = backend!.sampleCustomer;
    await backend!.stop();
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
    const pendingBefore = Number(await page.getByTestId('pending-count').getAttribute('data-count'));
    await page.getByTestId('agent-state').selectOption('ready');
    await expect.poll(agentState).toBe('ready');

    const call = startSipCall(rig!, [national(sample.phone), '1001', '--talk', '30', '--ring-timeout', '25']);
    await page.getByTestId('incoming-call').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 5000 }).toBe(sample.id);
    await page.getByTestId('answer-call').click();
    await expect.poll(() => page.getByTestId('active-call').getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    await page.waitForTimeout(1200);
    await page.getByTestId('hangup-call').click();
    expect((await call.done).result).toMatchObject({ status: 'answered', hangupBy: 'agent' });

    const panel = page.getByTestId('wrap-up-panel');
    await panel.waitFor({ timeout: 5000 });
    await page.getByTestId('wrap-up-disposition').selectOption('resolved');
    await page.getByTestId('wrap-up-notes').fill('总部断线期间的来电');
    await page.getByTestId('wrap-up-submit').click();
    await panel.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('wrap-up-error').count()).toBe(0);
    // Saved in the seat's cache and queued for the backend.
    await expect.poll(async () => Number(await page.getByTestId('pending-count').getAttribute('data-count'))).toBe(pendingBefore + 1);
  });
});
