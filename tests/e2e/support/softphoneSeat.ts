/**
 * What the softphone's end-to-end tests share: their own SIP rig (a private network namespace), a
 * backend process, a browser seat process whose SIP account is one of the rig's agents, and
 * Debian's Chromium INSIDE the rig's namespace, reaching the seat on the same port; then the steps
 * every call test takes on the page: log in, ring the agent, answer, wrap up, read WebRTC stats.
 *
 * Without root, the rig's Debian packages or Chromium, start() throws and the tests FAIL (never
 * skip). dist/renderer must be built.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { RIG_SIP_SECRET } from '../../../scripts/sip/lib/config.js';
import { exposeToRig, launchChromiumInRig, startRig, startSipCall, stopRig, stopRigChildren, type RunningCall, type StartRigOptions, type TestRig } from '../../sip/harness.js';
import { startBackend, type RunningBackend } from '../../support/backendProcess.js';
import { DEMO_AGENT } from '../../support/demo.js';
import { startSeat, type RunningSeat } from '../../support/seatProcess.js';
import { makeTempDir } from '../../support/tempDir.js';

/** A browser seat process, exposed into the rig's namespace on the same port (Chromium lives in there). */
export interface SeatInRig {
  seat: RunningSeat;
  stop(): Promise<void>;
}

export async function startSeatInRig(rig: TestRig, backendUrl: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<SeatInRig> {
  const seat = await startSeat({ backendUrl, dataDir, env });
  let relay: Awaited<ReturnType<typeof exposeToRig>>;
  try {
    relay = await exposeToRig(rig, Number(new URL(seat.origin).port));
  } catch (error) {
    await seat.stop();
    throw error;
  }
  return {
    seat,
    stop: async () => {
      await relay.close();
      await seat.stop();
    },
  };
}

export interface SoftphoneSeatOptions {
  /** Customers the backend is seeded with. */
  customers: number;
  rig?: StartRigOptions;
  /** The extension of the agent who signs in on the seat (DEMO_AGENT's: 1001): calls ring it. */
  agent?: string;
  displayName?: string;
  /** More environment for the seat process (SIP_RING_NO_ANSWER_S…). */
  env?: NodeJS.ProcessEnv;
  /** More environment for the backend (SIP_CREDENTIAL_LIFETIME_S…). */
  backendEnv?: NodeJS.ProcessEnv;
}

export interface PageOptions {
  /** Console errors worth recording in `problems` (default: every one). */
  consoleErrors?: RegExp;
  /** Scripts run in the page before the app loads (recorders). */
  initScripts?: (() => void)[];
  permissions?: string[];
}

/**
 * One test file's rig, backend, seat and browser. start() in beforeAll, stop() in afterAll: it
 * stops whatever did come up, even when start() failed half way.
 */
export class SoftphoneSeat {
  readonly tmp: ReturnType<typeof makeTempDir>;
  readonly seatDir: string;
  /** Page errors and console errors of the page opened by openPage(). */
  readonly problems: string[] = [];
  agent = '1001';
  private started: { rig: TestRig | null; backend: RunningBackend | null; seat: SeatInRig | null; browser: Browser | null } = {
    rig: null,
    backend: null,
    seat: null,
    browser: null,
  };

  constructor(name: string) {
    this.tmp = makeTempDir(name);
    this.seatDir = path.join(this.tmp.dir, 'seat');
  }

  get rig(): TestRig {
    return this.need('rig');
  }
  get backend(): RunningBackend {
    return this.need('backend');
  }
  get seat(): RunningSeat {
    return this.need('seat').seat;
  }
  get browser(): Browser {
    return this.need('browser');
  }

  async start(options: SoftphoneSeatOptions): Promise<void> {
    this.agent = options.agent ?? this.agent;
    // Rig and backend at the same time: both take a few seconds.
    // (each kept as soon as it is up, so that stop() stops it even when the other failed)
    const results = await Promise.allSettled([
      startRig(options.rig).then((r) => (this.started.rig = r)),
      // the backend issues the agent's short-lived SIP credential, signed with the rig's auth_ephemeral secret
      startBackend({ dir: this.tmp.dir, customers: options.customers, env: { SIP_CREDENTIAL_SECRET: RIG_SIP_SECRET, ...options.backendEnv } }).then((b) => (this.started.backend = b)),
    ]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    this.started.seat = await startSeatInRig(this.rig, this.backend.url, this.seatDir, {
      // per-agent credentials (the default): no SIP user or password on the seat; the signed-in
      // agent's extension (DEMO_AGENT: 1001) and credential come from the backend
      SIP_WS_URL: this.rig.urls.ws,
      SIP_DOMAIN: '127.0.0.1',
      SIP_DISPLAY_NAME: options.displayName ?? 'BJ agent 1',
      ...options.env,
    });
    this.started.browser = await launchChromiumInRig(this.rig);
  }

  /** A page in a fresh browser context, recording its errors in `problems`. */
  async openPage(options: PageOptions = {}): Promise<Page> {
    const context = await this.browser.newContext();
    if (options.permissions) await context.grantPermissions(options.permissions, { origin: this.seat.origin });
    for (const script of options.initScripts ?? []) await context.addInitScript(script);
    const page = await context.newPage();
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && (options.consoleErrors?.test(message.text()) ?? true)) this.problems.push(`console: ${message.text()}`);
    });
    return page;
  }

  /** The customer `caller` rings the seat's agent through the rig (`npm run sip:call` options after). */
  ring(caller: string, ...callOptions: string[]): RunningCall {
    return startSipCall(this.rig, [caller, this.agent, ...callOptions]);
  }

  async stop(): Promise<void> {
    const { rig, backend, seat, browser } = this.started;
    await browser?.close();
    await stopRigChildren();
    await seat?.stop();
    await backend?.stop();
    if (rig) {
      await stopRig(rig);
      if (process.env.SIP_TEST_KEEP !== '1') fs.rmSync(rig.runDir, { recursive: true, force: true });
    }
    this.tmp.cleanup();
  }

  private need<K extends keyof SoftphoneSeat['started']>(part: K): NonNullable<SoftphoneSeat['started'][K]> {
    const value = this.started[part];
    if (!value) throw new Error(`the softphone seat's ${part} is not running (did start() fail?)`);
    return value as NonNullable<SoftphoneSeat['started'][K]>;
  }
}

/** "+8613812345678" → "13812345678": the caller's number as a Chinese network signals it. */
export function national(e164: string): string {
  if (!e164.startsWith('+86')) throw new Error(`not a Chinese number: ${e164}`);
  const rest = e164.slice(3);
  return rest.startsWith('1') ? rest : `0${rest}`;
}

export const registrationState = (page: Page) => page.getByTestId('sip-registration').getAttribute('data-state');
export const agentState = (page: Page) => page.getByTestId('agent-state').getAttribute('data-state');

/** Fills the login form as the demo agent and waits for the workspace (the page and `problems` in the error if it never comes). */
export async function logIn(page: Page, problems: string[] = []): Promise<void> {
  await page.getByTestId('login-user').fill(DEMO_AGENT.login);
  await page.getByTestId('login-password').fill(DEMO_AGENT.password);
  await page.getByTestId('login-submit').click();
  await page
    .getByTestId('workspace')
    .waitFor()
    .catch(async (e: unknown) => {
      throw new Error(`no workspace after login: ${String(e)}\n${(await page.locator('body').innerText()).slice(0, 1500)}\n${problems.join('\n')}`);
    });
}

/** After a (re)load: logs in if the seat asks, then waits until the softphone is registered. */
export async function logInIfAsked(page: Page): Promise<void> {
  await Promise.race([page.getByTestId('workspace').waitFor({ timeout: 15_000 }), page.getByTestId('login-user').waitFor({ timeout: 15_000 })]);
  if (await page.getByTestId('login-user').count()) await logIn(page);
  await expect.poll(() => registrationState(page), { timeout: 10_000 }).toBe('registered');
}

/** The screen pop reads the local cache: waits for the first sync to finish. */
export async function firstSync(page: Page): Promise<void> {
  await expect.poll(async () => (await page.getByTestId('last-sync').textContent())?.trim() ?? '', { timeout: 30_000 }).toMatch(/\d{1,2}:\d{2}/);
}

export async function makeReady(page: Page): Promise<void> {
  await page.getByTestId('agent-state').selectOption('ready');
  // a locator wait, not expect.poll: this also runs in beforeAll hooks
  await page.locator('[data-testid="agent-state"][data-state="ready"]').waitFor({ timeout: 5000 });
}

/**
 * Answers the call ringing at the softphone (from `caller`, as signalled) and waits until it is
 * established. Given the customer's running call, fails at once with its log if that call ends
 * before it rings here, and names what the customer side printed if it never rings.
 */
export async function answerIncoming(page: Page, caller: string, call?: RunningCall): Promise<void> {
  const incoming = page.getByTestId('incoming-call');
  // A first call on a loaded machine: the customer side starts node + SIPp before it dials.
  const shown = incoming.waitFor({ timeout: 30_000 }).then(
    () => null,
    (e: unknown) => `never rang here: ${String(e)}`,
  );
  const ended = call
    ? call.done.then(
        ({ result, code, progress }) => `the customer's call ended (exit ${code}) before it rang here: ${JSON.stringify(result)}\n${progress}`,
        (e: unknown) => `the customer's call failed before it rang here: ${String(e)}`,
      )
    : new Promise<never>(() => {});
  const problem = await Promise.race([shown, ended]);
  if (problem && !(await incoming.count())) {
    const state = `agent state: ${await agentState(page)}, registration: ${await registrationState(page)}`;
    throw new Error(`${problem}\n${state}${call ? `\ncustomer side so far:\n${call.progressSoFar()}` : ''}`);
  }
  expect(await incoming.getAttribute('data-caller')).toBe(caller);
  await page.getByTestId('answer-call').click();
  await expect.poll(() => page.getByTestId('active-call').getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
}

/** Submits the wrap-up once it shows ('' keeps the disposition it offers), and waits until it is saved. */
export async function wrapUp(page: Page, disposition: string, notes = ''): Promise<void> {
  const panel = page.getByTestId('wrap-up-panel');
  await panel.waitFor({ timeout: 12_000 });
  if (disposition) await page.getByTestId('wrap-up-disposition').selectOption(disposition);
  if (notes) await page.getByTestId('wrap-up-notes').fill(notes);
  await page.getByTestId('wrap-up-submit').click();
  await panel.waitFor({ state: 'detached', timeout: 10_000 });
}

/** Closes the new-customer form an unknown caller opened, if it is open. */
export async function closeNewCustomerForm(page: Page): Promise<void> {
  if (await page.getByTestId('new-customer-form').count()) await page.getByTestId('new-customer-cancel').click();
}

/** Starts recording every registration state the page shows from now on (read with registrationStatesSeen). */
export async function recordRegistrationStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __states: string[] };
    w.__states = [];
    const el = document.querySelector('[data-testid="sip-registration"]')!;
    new MutationObserver(() => w.__states.push(el.getAttribute('data-state') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-state'] });
  });
}

export const registrationStatesSeen = (page: Page) => page.evaluate(() => (window as unknown as { __states: string[] }).__states);

/** An init script: keeps a hand on every peer connection the page makes, for its statistics. */
export function recordPeerConnections(): void {
  const w = window as unknown as { __pcs: RTCPeerConnection[]; RTCPeerConnection: typeof RTCPeerConnection };
  w.__pcs = [];
  const Original = w.RTCPeerConnection;
  w.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__pcs.push(this);
    }
  };
}

/** Audio packets received so far by the page's peer connections (WebRTC getStats; needs recordPeerConnections). */
export const inboundPackets = (page: Page) =>
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

/** Inbound audio grows by more than `atLeast` packets within `withinMs`; resolves with the growth. */
export async function expectMediaFlowing(page: Page, atLeast: number, withinMs: number): Promise<number> {
  const before = await inboundPackets(page);
  await expect.poll(async () => (await inboundPackets(page)) - before, { timeout: withinMs, interval: 200 }).toBeGreaterThan(atLeast);
  return (await inboundPackets(page)) - before;
}

/** The ICE username fragments the page's live peer connections offer now (new ones after an ICE restart). */
export const localUfrags = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
      .filter((pc) => pc.signalingState !== 'closed')
      .map((pc) => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1] ?? ''),
  );

/** One SIP message the page sent or received over its WebSocket (recordSipWire). */
export interface SipWireEntry {
  at: number;
  dir: 'out' | 'in';
  /** The start line ("REGISTER sip:… SIP/2.0", "SIP/2.0 200 OK") and the CSeq. */
  line: string;
  cseq: string;
}

/** An init script: notes every SIP message over the page's WebSockets, with its time (read with sipWireSeen). */
export function recordSipWire(): void {
  const w = window as unknown as { __sip: SipWireEntry[]; WebSocket: typeof WebSocket };
  w.__sip = [];
  const note = (dir: 'out' | 'in', data: unknown) => {
    if (typeof data !== 'string') return;
    const line = data.slice(0, data.indexOf('\r\n'));
    if (!line) return; // a CRLF keep-alive
    w.__sip.push({ at: Date.now(), dir, line, cseq: /^CSeq:\s*(.*)$/im.exec(data)?.[1]?.trim() ?? '' });
    if (w.__sip.length > 2000) w.__sip.splice(0, 1000);
  };
  const Original = w.WebSocket;
  w.WebSocket = class extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event) => note('in', event.data));
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      note('out', data);
      super.send(data);
    }
  };
}

export const sipWireSeen = (page: Page) => page.evaluate(() => (window as unknown as { __sip: SipWireEntry[] }).__sip);
