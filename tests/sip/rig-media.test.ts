/**
 * The rig with real media: SIP.js in Debian's Chromium (inside the rig's namespace) takes a call
 * from `sip:call` (SIPp + its RTP endpoint) over ws://, rtpengine bridges DTLS-SRTP/ICE to plain
 * RTP, audio flows both ways, and DTMF sent by the browser (RFC 4733 and SIP INFO) reaches the
 * customer. The page is served from this (root-namespace) process and made reachable inside the
 * namespace with exposeToRig(): the pattern for the softphone's end-to-end tests.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAccount } from '../../scripts/sip/lib/config.js';
import { exposeToRig, launchChromiumInRig, startRig, startSipCall, stopRig, stopRigChildren, type TestRig } from './harness.js';

type Relay = Awaited<ReturnType<typeof exposeToRig>>;

interface PhoneEvent {
  name: string;
  t: number;
  detail?: unknown;
}

/** window.phone of tests/sip/browserPhone.ts, as seen from page.evaluate. */
interface W {
  phone: {
    events: PhoneEvent[];
    start(user: string, authUser: string, password: string, server: string): Promise<void>;
    answer(): Promise<void>;
    sendDtmf(tones: string): boolean;
    dtmfInfo(tone: string): Promise<void>;
    hold(on: boolean): Promise<void>;
    hangup(): Promise<void>;
    stats(): Promise<{ iceState?: string; dtlsState?: string; rxPackets?: number; rxEnergy?: number; txPackets?: number; localCandidates: string[] }>;
  };
}

describe('SIP rig with a browser softphone', () => {
  let rig: TestRig;
  let server: http.Server;
  let relay: Relay | null = null;
  let browser: Browser | null = null;
  let page: Page;

  beforeAll(async () => {
    rig = await startRig();
    const bundle = await build({
      entryPoints: [path.join(import.meta.dirname, 'browserPhone.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      write: false,
      logLevel: 'silent',
    });
    const js = bundle.outputFiles[0]!.text;
    server = http.createServer((req, res) => {
      if (req.url === '/phone.js') {
        res.setHeader('content-type', 'text/javascript');
        res.end(js);
        return;
      }
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><meta charset="utf-8"><title>rig phone</title><script src="/phone.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    // the page server lives in this namespace; Chromium, in the rig's, reaches it on the same port
    relay = await exposeToRig(rig, (server.address() as AddressInfo).port);
    browser = await launchChromiumInRig(rig);
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${relay.portInRig}/`);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stopRigChildren();
    await relay?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (rig) {
      await stopRig(rig);
      if (process.env.SIP_TEST_KEEP !== '1') fs.rmSync(rig.runDir, { recursive: true, force: true });
    }
  }, 60_000);

  const waitEvent = (name: string, detail?: unknown, timeout = 15_000) =>
    page.waitForFunction(
      ([n, d]) => (window as unknown as W).phone.events.some((e) => e.name === n && (d === undefined || e.detail === d)),
      [name, detail] as const,
      { timeout },
    );

  it('answers a customer call with real audio both ways, sends DTMF the customer receives, holds and hangs up', async () => {
    const account = agentAccount('1001');
    await page.evaluate(([authUser, pw, ws]) => (window as unknown as W).phone.start('1001', authUser, pw, ws), [account.authorizationUser, account.password, rig.urls.ws] as const);
    await waitEvent('registered');

    const call = startSipCall(rig, ['+8613800138000', '1001', '--talk', '30']);
    await waitEvent('invite');
    const invite = await page.evaluate(() => (window as unknown as W).phone.events.find((e) => e.name === 'invite')!.detail);
    expect(invite).toMatchObject({ fromUser: '+8613800138000' });

    await page.evaluate(() => (window as unknown as W).phone.answer());
    await waitEvent('session', 'Established');
    await page.waitForTimeout(2500);
    const stats = await page.evaluate(() => (window as unknown as W).phone.stats());
    expect(stats.dtlsState).toBe('connected');
    expect(stats.rxPackets ?? 0).toBeGreaterThan(50); // the customer's audio, through rtpengine
    expect(stats.rxEnergy ?? 0).toBeGreaterThan(0);
    expect(stats.txPackets ?? 0).toBeGreaterThan(50);
    // inside the namespace Chromium has nothing but loopback to offer
    expect(stats.localCandidates.length).toBeGreaterThan(0);
    for (const c of stats.localCandidates) expect(['127.0.0.1', '::1']).toContain(c);

    expect(await page.evaluate(() => (window as unknown as W).phone.sendDtmf('12#'))).toBe(true);
    await page.waitForTimeout(1200);
    await page.evaluate(() => (window as unknown as W).phone.dtmfInfo('5'));
    await page.evaluate(() => (window as unknown as W).phone.hold(true));
    await page.waitForTimeout(500);
    await page.evaluate(() => (window as unknown as W).phone.hold(false));
    await page.waitForTimeout(500);
    await page.evaluate(() => (window as unknown as W).phone.hangup());

    const { result, code } = await call.done;
    expect(code).toBe(0);
    expect(result, result.error).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    expect(result.dtmf.digits).toBe('12#5');
    expect(result.dtmf.events.map((e) => e.via)).toEqual(['rfc4733', 'rfc4733', 'rfc4733', 'info']);
    expect(result.reinvites).toEqual(['sendonly', 'sendrecv']);
    expect(result.audio?.receivedPackets ?? 0).toBeGreaterThan(100); // the browser's (fake) microphone
    expect(result.audio?.receivedWithSound ?? 0).toBeGreaterThan(0);
    expect(result.audio?.telephoneEventPackets ?? 0).toBeGreaterThan(0);
  }, 90_000);
});
