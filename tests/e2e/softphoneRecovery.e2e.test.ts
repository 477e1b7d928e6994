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
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAccount } from '../../scripts/sip/lib/config.js';
import { restartKamailio } from '../../scripts/sip/lib/rig.js';
import { exposeToRig, launchChromiumInRig, rigPrefix, startRig, startSipCall, stopRig, stopRigChildren, type TestRig } from '../sip/harness.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { DEMO_AGENT } from '../support/demo.js';
import { startSeat, type RunningSeat } from '../support/seatProcess.js';
import { makeTempDir } from '../support/tempDir.js';

type Relay = Awaited<ReturnType<typeof exposeToRig>>;

const tmp = makeTempDir('e2e-softphone-recovery');
let rig: TestRig | null = null;
let backend: RunningBackend | null = null;
let seat: RunningSeat | null = null;
let relay: Relay | null = null;
let browser: Browser | null = null;
let page: Page;
let blocked: string[] | null = null;
const problems: string[] = [];

const registrationState = () => page.getByTestId('sip-registration').getAttribute('data-state');
const activeCall = () => page.getByTestId('active-call');

/** Audio packets received so far by the page's peer connections (WebRTC getStats). */
const inboundPackets = () =>
  page.evaluate(async () => {
    let n = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.signalingState === 'closed') continue;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') n += s.packetsReceived ?? 0;
      });
    }
    return n;
  });

/** Inbound audio grows by more than `atLeast` packets within `withinMs`. */
async function expectMediaFlowing(atLeast: number, withinMs: number): Promise<number> {
  const before = await inboundPackets();
  await expect.poll(async () => (await inboundPackets()) - before, { timeout: withinMs, interval: 200 }).toBeGreaterThan(atLeast);
  return (await inboundPackets()) - before;
}

/** The ICE username fragments the page's live peer connections offer now (new ones after an ICE restart). */
const localUfrags = () =>
  page.evaluate(() =>
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
      .filter((pc) => pc.signalingState !== 'closed')
      .map((pc) => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1] ?? ''),
  );

function iptables(args: string[]): void {
  const argv = [...rigPrefix(rig!), 'iptables', ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.error?.message ?? r.stderr}`);
}

/** Answers the next call ringing at the softphone and waits until it is established. */
async function answerIncoming(caller: string): Promise<void> {
  const incoming = page.getByTestId('incoming-call');
  await incoming.waitFor({ timeout: 15_000 });
  expect(await incoming.getAttribute('data-caller')).toBe(caller);
  await page.getByTestId('answer-call').click();
  await expect.poll(() => activeCall().getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
}

async function wrapUp(): Promise<void> {
  const panel = page.getByTestId('wrap-up-panel');
  await panel.waitFor({ timeout: 5000 });
  await page.getByTestId('wrap-up-disposition').selectOption('resolved');
  await page.getByTestId('wrap-up-submit').click();
  await panel.waitFor({ state: 'detached', timeout: 10_000 });
  if (await page.getByTestId('new-customer-form').count()) await page.getByTestId('new-customer-cancel').click();
}

beforeAll(async () => {
  const results = await Promise.allSettled([
    startRig({ pstn: false }).then((r) => (rig = r)),
    startBackend({ dir: tmp.dir, customers: 50 }).then((b) => (backend = b)),
  ]);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
  if (!rig || !backend) throw new Error('rig or backend missing');
  seat = await startSeat({
    backendUrl: backend.url,
    dataDir: path.join(tmp.dir, 'seat'),
    env: { SIP_WS_URL: rig.urls.ws, SIP_DOMAIN: '127.0.0.1', SIP_USER: '1001', SIP_PASSWORD: agentAccount('1001').password, SIP_DISPLAY_NAME: 'BJ agent 1' },
  });
  relay = await exposeToRig(rig, Number(new URL(seat.origin).port));
  browser = await launchChromiumInRig(rig);
  page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  // Keep a hand on every peer connection the page makes, for its statistics.
  await page.addInitScript(() => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; RTCPeerConnection: typeof RTCPeerConnection };
    w.__pcs = [];
    const Original = w.RTCPeerConnection;
    w.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        w.__pcs.push(this);
      }
    };
  });
  await page.goto(seat.openUrl);
  await page.getByTestId('login-user').fill(DEMO_AGENT.login);
  await page.getByTestId('login-password').fill(DEMO_AGENT.password);
  await page.getByTestId('login-submit').click();
  await page
    .getByTestId('workspace')
    .waitFor()
    .catch(async (e: unknown) => {
      throw new Error(`no workspace after login: ${String(e)}\n${(await page.locator('body').innerText()).slice(0, 1500)}\n${problems.join('\n')}`);
    });
  await page.locator('[data-testid="sip-registration"][data-state="registered"]').waitFor({ timeout: 10_000 });
  await page.getByTestId('agent-state').selectOption('ready');
}, 180_000);

afterAll(async () => {
  if (blocked) iptables(['-D', ...blocked]);
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

describe('an answered call through signalling and media trouble', () => {
  it('survives a Kamailio restart: stays up, media flows, re-registers, and the agent\'s BYE still reaches the customer', async () => {
    const caller = '13911112222';
    const call = startSipCall(rig!, [caller, '1001', '--talk', '60', '--ring-timeout', '20']);
    await answerIncoming(caller);
    await expectMediaFlowing(25, 5000);
    await page.evaluate(() => {
      const w = window as unknown as { __states: string[] };
      w.__states = [];
      const el = document.querySelector('[data-testid="sip-registration"]')!;
      new MutationObserver(() => w.__states.push(el.getAttribute('data-state') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    });

    const back = await restartKamailio(rig!.runDir, () => {});
    // Re-registered over a new connection: the old one went with the old Kamailio.
    await expect.poll(registrationState, { timeout: 5000, interval: 50 }).toBe('registered');
    console.log(`re-registered ${Date.now() - back} ms after Kamailio was back, call still up`);
    expect(await page.evaluate(() => (window as unknown as { __states: string[] }).__states)).toContain('registering');
    // The call never left the screen, and media went on through rtpengine all along.
    expect(await activeCall().getAttribute('data-phase')).toBe('established');
    expect(await activeCall().getAttribute('data-media')).toBe('ok');
    const flowed = await expectMediaFlowing(50, 5000);
    console.log(`${flowed} audio packets received in the seconds after the restart`);
    // The dialog refresh (re-INVITE over the new connection) got through the new Kamailio.
    await page.waitForTimeout(1500);

    await page.getByTestId('hangup-call').click();
    const { result, code } = await call.done;
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    expect(result.reinvites).toEqual(['sendrecv']); // the target refresh, still sendrecv
    expect(result.audio?.receivedPackets ?? 0).toBeGreaterThan(100);
    await wrapUp();
  });

  it('after a Kamailio restart, the customer\'s own BYE still reaches the softphone (the dialog target was refreshed)', async () => {
    // baresip follows target refreshes (RFC 3261 12.2.1.2): our re-INVITE over the new connection
    // gives it a Contact that Kamailio aliased to that connection. Without the refresh its BYE
    // would go to the alias of the dead connection and never reach us.
    const caller = '01062345678';
    const call = startSipCall(rig!, [caller, '1001', '--ua', 'baresip', '--talk', '10', '--ring-timeout', '20']);
    await answerIncoming(caller);
    await restartKamailio(rig!.runDir, () => {});
    await expect.poll(registrationState, { timeout: 5000, interval: 50 }).toBe('registered');
    expect(await activeCall().getAttribute('data-phase')).toBe('established');
    await expectMediaFlowing(50, 5000);
    // the customer hangs up 10 s after the answer: the call ends on our side, straight into wrap-up
    await page.getByTestId('wrap-up-panel').waitFor({ timeout: 20_000 });
    const { result, code } = await call.done;
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result).toMatchObject({ status: 'answered', hangupBy: 'customer' });
    await wrapUp();
  });

  it('restarts ICE when the media path breaks while signalling works, with "reconnecting media" on screen', async () => {
    const caller = '13933334444';
    const call = startSipCall(rig!, [caller, '1001', '--talk', '90', '--ring-timeout', '20']);
    await answerIncoming(caller);
    await expectMediaFlowing(25, 5000);
    expect(await activeCall().getAttribute('data-ice-restarts')).toBe('0');
    const ufragsBefore = await localUfrags();
    expect(ufragsBefore).toHaveLength(1);

    // Every rtpengine media port unreachable (both legs); SIP and rtpengine's control port stay up.
    blocked = ['INPUT', '-p', 'udp', '--dport', `${rig!.ports.rtpMin}:${rig!.ports.rtpMax}`, '-j', 'DROP'];
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
    await expectMediaFlowing(50, 5000);
    // new ICE credentials: media came back through a restarted ICE session
    const ufragsAfter = await localUfrags();
    expect(ufragsAfter).toHaveLength(1);
    expect(ufragsAfter[0]).not.toBe(ufragsBefore[0]);

    await page.getByTestId('hangup-call').click();
    const { result, code } = await call.done;
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    // the ICE restart offers went to the customer's side as re-INVITEs (rtpengine keeps its plain leg)
    expect(result.reinvites.length).toBeGreaterThan(0);
    expect(new Set(result.reinvites)).toEqual(new Set(['sendrecv']));
    await wrapUp();
  });
});
