import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Page } from 'playwright-core';
import { restartKamailio } from '../scripts/sip/lib/rig.js';
import { exposeToRig, launchChromiumInRig, rigPrefix, startRig, startSipCall, stopRig, stopRigChildren } from '../tests/sip/harness.js';
import { startBackend } from '../tests/support/backendProcess.js';
import { DEMO_AGENT } from '../tests/support/demo.js';
import { startSeat } from '../tests/support/seatProcess.js';
import { makeTempDir } from '../tests/support/tempDir.js';
import { saveResult, summarise } from './stats.js';

/**
 * The softphone against the SIP rig (browser seat, Debian's Chromium in the rig's namespace, SIPp
 * as the calling customer), on loopback:
 *  (a) INVITE leaving SIPp → the call shown, and the customer's name rendered on the agent's
 *      screen (phone bar and customer card; a MutationObserver in the page), over `calls` calls
 *      from distinct customers, answered once the card is up (as an agent would);
 *  (b) INVITE → 200 OK at SIPp over `answerCalls` more calls, the page answering the moment the
 *      call shows (the softphone's answer path: getUserMedia, ICE gathering, SDP through
 *      rtpengine), and click → 200 OK;
 *  (c) Kamailio restarted alone (`restarts` rounds): its listeners back → the page shows
 *      "registered" (the REGISTER's 200 OK);
 *  (d) the signalling link dies silently while idle (`linkDeaths` rounds: the WebSocket port
 *      dropped with iptables in the rig's namespace) → "reconnecting" on screen (target 5 s);
 *  (e) the media path dies mid-call (`mediaLosses` rounds: rtpengine's ports dropped) → "no audio"
 *      on screen (target 2 s).
 * One clock: SIPp's message trace, the page's Date.now() and this process all read the host's
 * wall clock (a network namespace does not have its own).
 */
export async function benchSoftphone(options: { calls: number; answerCalls: number; restarts: number; linkDeaths: number; mediaLosses: number }): Promise<void> {
  const tmp = makeTempDir('bench-softphone');
  const rig = await startRig({ pstn: false });
  let rigGone = false;
  const stops: (() => Promise<unknown>)[] = [
    async () => {
      await stopRigLeavingNothing(rig.runDir);
      rigGone = true;
    },
    () => stopRigChildren(),
  ];
  try {
    // the backend issues the agent's short-lived SIP credential with the rig's auth_ephemeral secret
    const backend = await startBackend({ dir: tmp.dir, customers: Math.max(300, options.calls * 4), env: { SIP_CREDENTIAL_SECRET: rig.sipSecret } });
    stops.push(() => backend.stop());
    const seat = await startSeat({
      backendUrl: backend.url,
      dataDir: path.join(tmp.dir, 'seat'),
      env: { SIP_WS_URL: rig.urls.ws, SIP_DOMAIN: '127.0.0.1' },
    });
    stops.push(() => seat.stop());
    const relay = await exposeToRig(rig, Number(new URL(seat.origin).port));
    stops.push(() => relay.close());
    const browser = await launchChromiumInRig(rig);
    stops.push(() => browser.close());
    const page = await browser.newPage();
    await login(page, seat.openUrl);

    const want = WARM_UP + options.calls + options.answerCalls;
    const customers = callers(backend.dbFile, want);
    if (customers.length < want) throw new Error(`only ${customers.length} distinct customers with a mobile number to call from`);
    const shown: number[] = [];
    const popBar: number[] = [];
    const popCard: number[] = [];
    const inviteTo200: number[] = [];
    const clickTo200: number[] = [];
    for (const [i, customer] of customers.entries()) {
      const popPhase = i < WARM_UP + options.calls;
      const m = await measureCall(page, rig, customer, popPhase ? 'after-pop' : 'at-once');
      if (i < WARM_UP) continue;
      if (popPhase) {
        shown.push(m.shownAt - m.inviteSentAt);
        popBar.push(m.nameInBarAt - m.inviteSentAt);
        popCard.push(m.nameInCardAt - m.inviteSentAt);
      } else {
        inviteTo200.push(m.okReceivedAt - m.inviteSentAt);
        clickTo200.push(m.okReceivedAt - m.answeredAt);
      }
      if ((i + 1 - WARM_UP) % 10 === 0) console.log(`  ${i + 1 - WARM_UP}/${want - WARM_UP} calls`);
    }

    const reRegister: number[] = [];
    const outage: number[] = [];
    for (let round = 0; round < options.restarts; round++) {
      const r = await measureReRegistration(page, rig.runDir);
      reRegister.push(r.registeredAt - r.backAt);
      outage.push(r.registeredAt - r.killedAt);
      await page.waitForTimeout(1000);
    }

    const linkDeath: number[] = [];
    for (let round = 0; round < options.linkDeaths; round++) linkDeath.push(await measureLinkDeath(page, rig));
    const mediaLoss: number[] = [];
    const extra = callers(backend.dbFile, want + options.mediaLosses).slice(want);
    for (const customer of extra) mediaLoss.push(await measureMediaLoss(page, rig, customer));

    const result = {
      calls: options.calls,
      answerCalls: options.answerCalls,
      warmUpCalls: WARM_UP,
      restarts: options.restarts,
      screenPop: {
        what: 'INVITE sent by SIPp (its message trace) → the call shown / the customer name rendered in the page (MutationObserver, Date.now())',
        callShown: summarise(shown),
        nameInPhoneBar: summarise(popBar),
        nameOnCustomerCard: summarise(popCard),
        targetP95Ms: 200,
      },
      answer: {
        what: 'the page answers the moment the call shows; times at SIPp (INVITE sent → 200 OK received) and from the click',
        inviteTo200: summarise(inviteTo200),
        clickTo200: summarise(clickTo200),
      },
      reRegistration: {
        what: 'Kamailio restarted alone: its listeners back (polled every 50 ms) → the page shows "registered"; outage: from the stop',
        afterBack: summarise(reRegister),
        outage: summarise(outage),
        samplesMs: reRegister,
      },
      linkDeath: {
        what: 'WebSocket port dropped (iptables, both directions) while idle → the page shows "reconnecting" (MutationObserver, Date.now())',
        toReconnecting: summarise(linkDeath),
        samplesMs: linkDeath,
        targetMs: 5000,
      },
      mediaLoss: {
        what: "rtpengine's ports dropped mid-call → the page shows no audio (data-media leaves ok)",
        toNoAudio: summarise(mediaLoss),
        samplesMs: mediaLoss,
        targetMs: 2000,
      },
    };
    const file = saveResult('softphone', result);
    console.log(JSON.stringify(result, null, 2));
    console.log(`written to ${file}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
    if (rigGone) fs.rmSync(rig.runDir, { recursive: true, force: true });
    else console.error(`the rig's files stay in ${rig.runDir}: npm run sip:rig -- stop --dir ${rig.runDir}`);
    tmp.cleanup();
  }
}

/** Calls first, not counted: the page's code paths warm up (JIT, first getUserMedia). */
const WARM_UP = 3;

/** Chromium's helpers may outlive browser.close() for a moment: stop again until the namespace is gone. */
async function stopRigLeavingNothing(runDir: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const run = await stopRig({ runDir });
    if (!/still has processes/.test(run.stdout + run.stderr)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`the rig in ${runDir} keeps processes it did not start; its namespace is left in place`);
}

interface Caller {
  id: string;
  name: string;
  /** As a Chinese network signals it: national, without +86. */
  number: string;
}

function callers(dbFile: string, n: number): Caller[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT c.id, c.name, c.phone FROM customers c JOIN branches b ON b.id = c.branch_id
         WHERE b.code = 'BJ01' AND c.deleted = 0 AND c.phone LIKE '+861%'
           AND (SELECT count(*) FROM customers c2 WHERE c2.phone = c.phone) = 1
         ORDER BY c.id LIMIT ?`,
      )
      .all(n) as { id: string; name: string; phone: string }[];
    return rows.map((r) => ({ id: r.id, name: r.name, number: r.phone.slice(3) }));
  } finally {
    db.close();
  }
}

async function login(page: Page, url: string): Promise<void> {
  // tsx (esbuild, keepNames) wraps named functions in __name(): give the page one.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(url);
  await page.getByTestId('login-user').fill(DEMO_AGENT.login);
  await page.getByTestId('login-password').fill(DEMO_AGENT.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('workspace').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="sip-registration"][data-state="registered"]').waitFor({ timeout: 15_000 });
  // the screen pop reads the seat's cache: wait for the first sync
  await page.waitForFunction(() => /\d{1,2}:\d{2}/.test(document.querySelector('[data-testid="last-sync"]')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.getByTestId('agent-state').selectOption('ready');
  await page.locator('[data-testid="agent-state"][data-state="ready"]').waitFor();
}

interface CallTimes {
  inviteSentAt: number;
  shownAt: number;
  okReceivedAt: number;
  nameInBarAt: number;
  nameInCardAt: number;
  answeredAt: number;
}

async function measureCall(page: Page, rig: Awaited<ReturnType<typeof startRig>>, customer: Caller, answer: 'after-pop' | 'at-once'): Promise<CallTimes> {
  // In the page: note when the call and the name show (phone bar, card); answer at once, or once
  // the card is up.
  await page.evaluate(({ id, name, answer }) => {
    const w = window as unknown as { __bench: Record<string, number> };
    const seen: Record<string, number> = {};
    w.__bench = seen;
    const check = () => {
      const now = Date.now();
      if (!seen.shown && document.querySelector('[data-testid="incoming-call"]')) seen.shown = now;
      const bar = document.querySelector('[data-testid="incoming-call"] .call-name, [data-testid="active-call"] .call-name');
      if (!seen.bar && bar?.textContent?.trim() === name) seen.bar = now;
      const card = document.querySelector(`[data-testid="customer-card"][data-customer-id="${id}"] [data-testid="customer-name"]`);
      if (!seen.card && card?.textContent?.trim() === name) seen.card = now;
      const button = document.querySelector<HTMLButtonElement>('[data-testid="answer-call"]');
      if (!seen.answered && button && (answer === 'at-once' || seen.card)) {
        seen.answered = Date.now();
        button.click();
      }
      if (seen.bar && seen.card && seen.answered) observer.disconnect();
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, { ...customer, answer });
  const call = startSipCall(rig, [customer.number, '1001', '--talk', '1', '--ring-timeout', '15']);
  const { result } = await call.done;
  if (result.status !== 'answered') throw new Error(`call from ${customer.number}: ${result.status} ${result.sipCode ?? ''} ${result.error ?? ''}`);
  const seen = await page.evaluate(() => (window as unknown as { __bench: Record<string, number> }).__bench);
  const trace = sippTrace(path.join(result.logDir, 'sipp-messages.log'));
  const panel = page.getByTestId('wrap-up-panel');
  await panel.waitFor({ timeout: 10_000 });
  await page.getByTestId('wrap-up-disposition').selectOption('resolved');
  await page.getByTestId('wrap-up-submit').click();
  await panel.waitFor({ state: 'detached', timeout: 10_000 });
  if (!seen.shown || !seen.bar || !seen.card || !seen.answered) throw new Error(`call from ${customer.number}: the page saw ${JSON.stringify(seen)} (name ${customer.name})`);
  return { inviteSentAt: trace.inviteSentAt, shownAt: seen.shown, okReceivedAt: trace.okReceivedAt, nameInBarAt: seen.bar, nameInCardAt: seen.card, answeredAt: seen.answered };
}

/**
 * SIPp's -trace_msg file: each message after a line "----…---- YYYY-MM-DD\tHH:MM:SS.uuuuuu"
 * (local time), then "UDP message sent|received …". The first INVITE sent, the first 200 to it.
 */
function sippTrace(file: string): { inviteSentAt: number; okReceivedAt: number } {
  const text = fs.readFileSync(file, 'utf8');
  const blocks = text.split(/^-{10,}\s+/m).slice(1);
  let inviteSentAt: number | null = null;
  let okReceivedAt: number | null = null;
  for (const block of blocks) {
    const m = /^(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\.(\d{6})/.exec(block);
    if (!m) continue;
    const [y, mo, d, h, mi, s, us] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
    const at = new Date(y, mo - 1, d, h, mi, s).getTime() + us / 1000;
    if (inviteSentAt === null && /message sent[^\n]*\n\s*INVITE /.test(block)) inviteSentAt = at;
    else if (inviteSentAt !== null && okReceivedAt === null && /message received[^\n]*\n\s*SIP\/2\.0 200[^\n]*\n[\s\S]*CSeq:\s*1 INVITE/i.test(block)) okReceivedAt = at;
  }
  if (inviteSentAt === null || okReceivedAt === null) throw new Error(`${file}: no INVITE sent and 200 OK received in SIPp's trace`);
  return { inviteSentAt, okReceivedAt };
}

async function measureReRegistration(page: Page, runDir: string): Promise<{ killedAt: number; backAt: number; registeredAt: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __reg: { lost: number; registeredAt: number } };
    w.__reg = { lost: 0, registeredAt: 0 };
    const el = document.querySelector('[data-testid="sip-registration"]')!;
    new MutationObserver((_, observer) => {
      const state = el.getAttribute('data-state');
      if (state !== 'registered') w.__reg.lost = Date.now();
      else if (w.__reg.lost) {
        w.__reg.registeredAt = Date.now();
        observer.disconnect();
      }
    }).observe(el, { attributes: true, attributeFilter: ['data-state'] });
  });
  const killedAt = Date.now();
  const backAt = await restartKamailio(runDir, () => {});
  await page.waitForFunction(() => (window as unknown as { __reg: { registeredAt: number } }).__reg.registeredAt > 0, null, { timeout: 15_000, polling: 20 });
  const { registeredAt } = await page.evaluate(() => (window as unknown as { __reg: { registeredAt: number } }).__reg);
  return { killedAt, backAt, registeredAt };
}

function iptables(rig: Awaited<ReturnType<typeof startRig>>, args: string[]): void {
  const argv = [...rigPrefix(rig), 'iptables', ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.error?.message ?? r.stderr}`);
}

/** Drops `rules` (iptables -I) for as long as `during` runs, then lifts them whatever happened. */
async function withDropped<T>(rig: Awaited<ReturnType<typeof startRig>>, rules: string[][], during: () => Promise<T>): Promise<T> {
  for (const rule of rules) iptables(rig, ['-I', ...rule]);
  try {
    return await during();
  } finally {
    for (const rule of rules) iptables(rig, ['-D', ...rule]);
  }
}

async function measureLinkDeath(page: Page, rig: Awaited<ReturnType<typeof startRig>>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __link: number };
    w.__link = 0;
    const el = document.querySelector('[data-testid="sip-registration"]')!;
    new MutationObserver((_, observer) => {
      if (el.getAttribute('data-reason') !== 'transport') return;
      w.__link = Date.now();
      observer.disconnect();
    }).observe(el, { attributes: true, attributeFilter: ['data-reason'] });
  });
  const ws = String(rig.ports.ws);
  const rules = [
    ['INPUT', '-p', 'tcp', '--dport', ws, '-j', 'DROP'],
    ['INPUT', '-p', 'tcp', '--sport', ws, '-j', 'DROP'],
  ];
  const shown = await withDropped(rig, rules, async () => {
    const cutAt = Date.now();
    await page.waitForFunction(() => (window as unknown as { __link: number }).__link > 0, null, { timeout: 15_000, polling: 20 });
    return (await page.evaluate(() => (window as unknown as { __link: number }).__link)) - cutAt;
  });
  await page.locator('[data-testid="sip-registration"][data-state="registered"]').waitFor({ timeout: 20_000 });
  await page.waitForTimeout(1000);
  return shown;
}

async function measureMediaLoss(page: Page, rig: Awaited<ReturnType<typeof startRig>>, customer: Caller): Promise<number> {
  const call = startSipCall(rig, [customer.number, '1001', '--talk', '30', '--ring-timeout', '15']);
  await page.getByTestId('answer-call').click({ timeout: 15_000 });
  await page.locator('[data-testid="active-call"][data-phase="established"][data-media="ok"]').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(2000); // media flowing for a while
  await page.evaluate(() => {
    const w = window as unknown as { __media: number };
    w.__media = 0;
    const el = document.querySelector('[data-testid="active-call"]')!;
    new MutationObserver((_, observer) => {
      if (el.getAttribute('data-media') === 'ok') return;
      w.__media = Date.now();
      observer.disconnect();
    }).observe(el, { attributes: true, attributeFilter: ['data-media'] });
  });
  const shown = await withDropped(rig, [['INPUT', '-p', 'udp', '--dport', `${rig.ports.rtpMin}:${rig.ports.rtpMax}`, '-j', 'DROP']], async () => {
    const cutAt = Date.now();
    await page.waitForFunction(() => (window as unknown as { __media: number }).__media > 0, null, { timeout: 15_000, polling: 20 });
    return (await page.evaluate(() => (window as unknown as { __media: number }).__media)) - cutAt;
  });
  await page.locator('[data-testid="active-call"][data-media="ok"]').waitFor({ timeout: 20_000 });
  await page.getByTestId('hangup-call').click();
  await call.done;
  const panel = page.getByTestId('wrap-up-panel');
  await panel.waitFor({ timeout: 10_000 });
  await page.getByTestId('wrap-up-disposition').selectOption('resolved');
  await page.getByTestId('wrap-up-submit').click();
  await panel.waitFor({ state: 'detached', timeout: 10_000 });
  return shown;
}
