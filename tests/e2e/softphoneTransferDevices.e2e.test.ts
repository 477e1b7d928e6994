/**
 * The softphone's attended transfer, audio devices, missed calls, today's figures and the first
 * ring of the day, end to end: backend + browser seat + the SIP rig + Debian's Chromium inside the
 * rig's namespace (fake media devices), as in softphone.e2e.test.ts. The customer is a baresip
 * phone (it follows REFERs); the consulted party is the rig's PSTN peer, reached through rtpengine.
 *
 * Needs root (network namespaces), the rig's Debian packages and Chromium: without them the
 * beforeAll throws and these tests FAIL (never skip). dist/renderer must be built.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendRows } from '../support/backendProcess.js';
import { DEMO_AGENT } from '../support/demo.js';
import { statusPatch } from '../support/orderSteps.js';
import { agentState as agentStateOf, answerIncoming, firstSync, logInIfAsked, makeReady, national, SoftphoneSeat, wrapUp } from './support/softphoneSeat.js';

const phone = new SoftphoneSeat('e2e-softphone-transfer');
let page: Page;

/** What the page did with media and notifications, recorded from before the app loads. */
const RECORDERS = () => {
  const w = window as unknown as { __gum: unknown[]; __sinks: { ringtone: boolean; id: string }[]; __notes: { title: string; body?: string }[] };
  w.__gum = [];
  w.__sinks = [];
  w.__notes = [];
  const media = navigator.mediaDevices;
  const gum = media.getUserMedia.bind(media);
  media.getUserMedia = (c?: MediaStreamConstraints) => {
    w.__gum.push(JSON.parse(JSON.stringify(c ?? {})));
    return gum(c);
  };
  // a device "unplugged": the test names it in localStorage
  const hidden = localStorage.getItem('test.unplugged');
  if (hidden) {
    const list = media.enumerateDevices.bind(media);
    media.enumerateDevices = async () => (await list()).filter((d) => d.deviceId !== hidden);
  }
  const setSink = HTMLMediaElement.prototype.setSinkId;
  HTMLMediaElement.prototype.setSinkId = function (id: string) {
    w.__sinks.push({ ringtone: this.classList.contains('ringtone'), id });
    return setSink.call(this, id);
  };
  const Native = window.Notification;
  window.Notification = class extends Native {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      w.__notes.push({ title, body: options?.body });
    }
  } as typeof Notification;
};

const agentState = () => agentStateOf(page);
const figureCalls = async () => Number(await page.getByTestId('agent-figures').getAttribute('data-calls'));

/** The demo data's calls, in the cache after the first sync: the tests look at the calls made here. */
let seededCalls = new Set<string>();
/** Calls handled today before this file's: the demo day may hold some (seeded after midnight in China). */
let callsAtStart = 0;

function cachedInteractions(): { id: string; customerId: string | null; disposition: string; ringSeconds: number; talkSeconds: number }[] {
  const db = new Database(path.join(phone.seatDir, DEMO_AGENT.login, 'cache.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT id, customer_id AS customerId, disposition, ring_seconds AS ringSeconds, talk_seconds AS talkSeconds FROM interactions ORDER BY started_ms')
      .all() as never;
  } finally {
    db.close();
  }
}

/** The agent's handled calls of today in the seat's cache (since local midnight: the seat's rule, agentFigures.ts). */
function handledCallsToday(): number {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const next = new Date(midnight);
  next.setDate(next.getDate() + 1);
  const [agent] = backendRows<{ id: string }>(phone.backend, 'SELECT id FROM agents WHERE login = ?', DEMO_AGENT.login);
  const db = new Database(path.join(phone.seatDir, DEMO_AGENT.login, 'cache.db'), { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare(
          "SELECT count(*) AS n FROM interactions WHERE agent_id = ? AND started_ms >= ? AND started_ms < ? AND deleted = 0 AND disposition NOT IN ('missed', 'turned_away') AND channel = 'phone'",
        )
        .get(agent!.id, midnight.getTime(), next.getTime()) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

/** The calls this seat recorded, oldest first. */
function seatInteractions(): { customerId: string | null; disposition: string; ringSeconds: number; talkSeconds: number }[] {
  return cachedInteractions()
    .filter((i) => !seededCalls.has(i.id))
    .map(({ id: _id, ...call }) => call);
}

beforeAll(async () => {
  await phone.start({ customers: 300 });
  page = await phone.openPage({ permissions: ['notifications'], initScripts: [RECORDERS] });
}, 180_000);

afterAll(() => phone.stop(), 60_000);

describe('softphone: first ring, missed calls, devices, figures, attended transfer', () => {
  it('logs in and is ready; the figures for today show', async () => {
    await page.goto(phone.seat.openUrl);
    await logInIfAsked(page);
    await firstSync(page);
    seededCalls = new Set(cachedInteractions().map((i) => i.id));
    await makeReady(page);
    await page.getByTestId('agent-figures').waitFor({ timeout: 5000 });
    // The figures follow the cache: today's calls the first sync brought (the demo day's) count at once.
    callsAtStart = handledCallsToday();
    await expect.poll(figureCalls, { timeout: 5_000 }).toBe(callsAtStart);
  });

  it('the first call of the day rings audibly with a desktop notification; the caller gives up: a missed call on the customer', async () => {
    const sample = phone.backend.sampleCustomer;
    const call = phone.ring(national(sample.phone), '--ring-timeout', '4');
    await page.getByTestId('incoming-call').waitFor({ timeout: 15_000 });
    // the ringtone element really plays (not blocked by the autoplay policy), and the notification was shown
    await expect
      .poll(() => page.getByTestId('ringtone').evaluate((a: HTMLAudioElement) => !a.paused && a.currentTime > 0), { timeout: 3000 })
      .toBe(true);
    const notes = await page.evaluate(() => (window as unknown as { __notes: { title: string; body?: string }[] }).__notes);
    // (shown with the number at once, replaced under the same tag once the name is known)
    expect(notes.length).toBeGreaterThanOrEqual(1);
    expect(notes.at(-1)!.body).toContain(sample.name);
    const { result } = await call.done;
    expect(result.status).not.toBe('answered');
    await expect.poll(agentState).toBe('ready');
    await expect.poll(() => seatInteractions().length, { timeout: 10_000 }).toBe(1);
    const [missed] = seatInteractions();
    expect(missed).toMatchObject({ customerId: sample.id, disposition: 'missed', talkSeconds: 0 });
    expect(missed!.ringSeconds).toBeGreaterThanOrEqual(2);
    // on the card's contacts
    const contact = page.locator('[data-testid="contact"][data-disposition="missed"]');
    await contact.waitFor({ timeout: 5000 });
    expect(await page.getByTestId('customer-card').getAttribute('data-customer-id')).toBe(sample.id);
    // a missed call is not a handled call
    expect(await figureCalls()).toBe(callsAtStart);
  });

  it('not ready: the known caller is turned away (486) and that is saved too', async () => {
    const sample = phone.backend.sampleCustomer;
    await page.getByTestId('agent-state').selectOption('not_ready:meal');
    await expect.poll(agentState).toBe('not_ready');
    const { result } = await phone.ring(national(sample.phone), '--ring-timeout', '10').done;
    expect(result, result.error).toMatchObject({ status: 'rejected', sipCode: 486 });
    await expect.poll(() => seatInteractions().map((i) => i.disposition), { timeout: 10_000 }).toEqual(['missed', 'turned_away']);
    expect(seatInteractions()[1]).toMatchObject({ customerId: sample.id, ringSeconds: 0 });
    await page.locator('[data-testid="contact"][data-disposition="turned_away"]').waitFor({ timeout: 5000 });
  });

  it('audio devices: chosen, remembered for the seat across a reload, used by the next call; figures count the call', async () => {
    await page.keyboard.press('Alt+KeyV');
    const panel = page.getByTestId('audio-devices');
    await panel.waitFor();
    const label = async (testId: string, text: string) => {
      const select = page.getByTestId(testId);
      await expect.poll(async () => (await select.locator('option').allTextContents()).includes(text), { timeout: 5000 }).toBe(true);
      await select.selectOption({ label: text });
      return select.inputValue();
    };
    const mic = await label('device-microphone', 'Fake Audio Input 2');
    const speaker = await label('device-speaker', 'Fake Audio Output 1');
    const ringer = await label('device-ringer', 'Fake Audio Output 2');
    expect(new Set([mic, speaker, ringer]).size).toBe(3);
    // saved by the seat's main-process services, beside the agents' caches
    await expect
      .poll(() => {
        try {
          return JSON.parse(fs.readFileSync(path.join(phone.seatDir, 'audio-devices.json'), 'utf8')) as unknown;
        } catch {
          return null;
        }
      })
      .toMatchObject({ microphone: { deviceId: mic }, speaker: { deviceId: speaker }, ringer: { deviceId: ringer } });

    await page.reload();
    await logInIfAsked(page);
    await page.keyboard.press('Alt+KeyV');
    await page.getByTestId('audio-devices').waitFor();
    await expect.poll(() => page.getByTestId('device-microphone').inputValue()).toBe(mic);
    expect(await page.getByTestId('device-speaker').inputValue()).toBe(speaker);
    expect(await page.getByTestId('device-ringer').inputValue()).toBe(ringer);
    await page.keyboard.press('Escape');
    await makeReady(page);
    const before = await figureCalls();

    const sample = phone.backend.sampleCustomer;
    const call = phone.ring(national(sample.phone), '--talk', '20', '--ring-timeout', '20');
    await page.getByTestId('incoming-call').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('ringtone').evaluate((a: HTMLAudioElement) => a.sinkId), { timeout: 3000 }).toBe(ringer);
    await page.keyboard.press('Alt+KeyA');
    await expect.poll(() => page.getByTestId('active-call').getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __gum: { audio: unknown }[]; __sinks: { ringtone: boolean; id: string }[] };
      return { __gum: w.__gum, __sinks: w.__sinks };
    });
    expect(seen.__gum.at(-1)?.audio).toEqual({ deviceId: { exact: mic } });
    expect(seen.__sinks.filter((s) => !s.ringtone).map((s) => s.id)).toContain(speaker);
    await page.waitForTimeout(1500);
    await page.keyboard.press('Alt+KeyH');
    expect((await call.done).result).toMatchObject({ status: 'answered', hangupBy: 'agent' });
    await wrapUp(page, 'resolved');
    await expect.poll(figureCalls, { timeout: 5000 }).toBe(before + 1);
    expect(Number(await page.getByTestId('agent-figures').getAttribute('data-aht'))).toBeGreaterThanOrEqual(1);
  });

  it('a chosen microphone that is unplugged falls back to the default, with a visible note', async () => {
    const mic = await page.evaluate(async () => {
      const list = await navigator.mediaDevices.enumerateDevices();
      return list.find((d) => d.label === 'Fake Audio Input 2')?.deviceId ?? '';
    });
    await page.evaluate((id) => localStorage.setItem('test.unplugged', id), mic);
    try {
      await page.reload();
      await logInIfAsked(page);
      const note = page.locator('[data-testid="device-missing"] [data-role="microphone"]');
      await note.waitFor({ timeout: 5000 });
      expect(await note.textContent()).toContain('Fake Audio Input 2');
      expect(await page.locator('[data-testid="device-missing"] [data-role="speaker"]').count()).toBe(0);
    } finally {
      await page.evaluate(() => localStorage.removeItem('test.unplugged'));
      await page.reload();
      await logInIfAsked(page);
    }
    expect(await page.getByTestId('device-missing').count()).toBe(0);
    await makeReady(page);
  });

  it('dials from a follow-up task (its wrap-up comes chosen) and from an order row: both calls reach the PSTN peer', async () => {
    // An order of the branch completed at headquarters (sync push, as another seat would): the server schedules its follow-up.
    const backendDb = () => new Database(phone.backend.dbFile, { readonly: true });
    const read = <T,>(sql: string, ...params: unknown[]): T[] => {
      const db = backendDb();
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    };
    const [order] = read<{ id: string; version: number; status: string; orderNumber: string; customerId: string; phone: string }>(
      `SELECT o.id, o.version, o.status, o.order_number AS orderNumber, o.customer_id AS customerId, c.phone
       FROM service_orders o JOIN customers c ON c.id = o.customer_id JOIN branches b ON b.id = o.branch_id JOIN agents a ON a.id = o.owner_agent_id
       WHERE b.code = 'BJ01' AND a.login = ? AND o.status IN ('accepted', 'in_service', 'parts_pending') AND o.deleted = 0 AND c.phone LIKE '+861%'
       ORDER BY o.order_number LIMIT 1`,
      DEMO_AGENT.login, // the agent's own (one owner per order)
    );
    expect(order, 'the seed has an accepted or in-service order of the agent at BJ01').toBeDefined();
    const login = await fetch(`${phone.backend.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: DEMO_AGENT.login, password: DEMO_AGENT.password }) });
    const { token } = (await login.json()) as { token: string };
    let version = order!.version;
    for (const status of order!.status === 'accepted' ? ['in_service', 'completed'] : ['completed']) {
      const response = await fetch(`${phone.backend.url}/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ seatId: 'e2e-hq', mutations: [{ mutationId: crypto.randomUUID(), entity: 'serviceOrder', entityId: order!.id, op: 'update', baseVersion: version, patch: statusPatch(status) }] }),
      });
      const [result] = ((await response.json()) as { results: { status: string; version?: number }[] }).results;
      expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' });
      version = result!.version!;
    }
    const [followUp] = read<{ id: string }>("SELECT id FROM follow_ups WHERE order_id = ? AND status = 'open'", order!.id);
    expect(followUp, 'completing the order scheduled a follow-up').toBeDefined();
    const calledBefore = seatInteractions().length;

    // From the task (Alt+G): the customer's card opens, the call reaches the PSTN peer.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+KeyG');
    const entry = page.locator(`[data-testid="follow-up-entry"][data-follow-up-id="${followUp!.id}"]`);
    await entry.waitFor({ timeout: 30_000 });
    const dial = entry.locator(`[data-testid="follow-up-dial"][data-phone="${order!.phone}"]`);
    await dial.waitFor({ timeout: 10_000 });
    await dial.click();
    const active = page.getByTestId('active-call');
    expect(await active.getAttribute('data-direction')).toBe('outbound');
    await expect.poll(() => active.getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    await expect.poll(() => page.getByTestId('customer-card').getAttribute('data-customer-id'), { timeout: 10_000 }).toBe(order!.customerId);
    await page.keyboard.press('Alt+KeyH');
    // The wrap-up comes with "resolved" chosen, the task's result form beside it.
    await page.getByTestId('wrap-up-panel').waitFor({ timeout: 12_000 });
    expect(await page.getByTestId('wrap-up-disposition').inputValue()).toBe('resolved');
    expect(await page.getByTestId('follow-up-result').getAttribute('data-follow-up-id')).toBe(followUp!.id);
    await wrapUp(page, '');
    await page.keyboard.press('Escape');
    await page.getByTestId('follow-ups-panel').waitFor({ state: 'detached' });

    // From the order's row on the card: the customer's phone, the customer noted on the call.
    await page.locator(`[data-testid="order-row"][data-order-number="${order!.orderNumber}"] [data-testid="order-dial"]`).click();
    expect(await active.getAttribute('data-direction')).toBe('outbound');
    await expect.poll(() => active.getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    await page.keyboard.press('Alt+KeyH');
    await wrapUp(page, 'resolved');
    expect(await agentState()).toBe('ready');
    await expect.poll(() => seatInteractions().length, { timeout: 10_000 }).toBe(calledBefore + 2);
    expect(seatInteractions().slice(-2)).toEqual([
      expect.objectContaining({ customerId: order!.customerId, disposition: 'resolved' }),
      expect.objectContaining({ customerId: order!.customerId, disposition: 'resolved' }),
    ]);
  });

  it('attended transfer: consult (customer held), cancel → back to the customer with media; consult again and complete (REFER with Replaces)', async () => {
    const pstn = '01088886666'; // the rig's PSTN peer answers customer numbers, through rtpengine
    const call = phone.ring('01062345678', '--ua', 'baresip', '--talk', '30', '--ring-timeout', '20');
    await answerIncoming(page, '01062345678', call);
    const active = page.getByTestId('active-call');

    // Consult from the keyboard: Alt+T, the number, Alt+K.
    await page.keyboard.press('Alt+KeyT');
    await page.keyboard.type(pstn);
    await page.keyboard.press('Alt+KeyK');
    const consult = page.getByTestId('consult-call');
    await consult.waitFor({ timeout: 5000 });
    expect(await consult.getAttribute('data-customer-held')).toBe('true');
    await expect.poll(() => consult.getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    console.log('consult established');

    // Back to the customer (Alt+X): the consult ends, the customer is resumed and audio flows again.
    await page.keyboard.press('Alt+KeyX');
    await consult.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => active.getAttribute('data-held'), { timeout: 5000 }).toBe('false');
    const packets = async () => Number((await page.getByTestId('call-quality').getAttribute('data-packets')) ?? 0);
    const resumedAt = await packets();
    await expect.poll(packets, { timeout: 10_000 }).toBeGreaterThan(resumedAt + 50);
    console.log(`back with the customer, packets ${resumedAt} → ${await packets()}`);

    // Consult again and complete: the customer is REFERred with Replaces, our legs end.
    await page.getByTestId('transfer-input').fill(pstn);
    await page.getByTestId('consult-button').click();
    await expect.poll(() => consult.getAttribute('data-phase'), { timeout: 10_000 }).toBe('established');
    await page.getByTestId('complete-transfer').click();
    const panel = page.getByTestId('wrap-up-panel');
    await panel.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('wrap-up-disposition').inputValue()).toBe('transferred');
    await expect.poll(() => page.getByTestId('consult-call').count(), { timeout: 10_000 }).toBe(0);
    await wrapUp(page, '');
    const { result } = await call.done;
    console.log(`attended transfer, customer side: ${JSON.stringify({ refer: result.refer, transfer: result.transfer })}`);
    expect(result.refer ?? '').toContain(pstn);
    // (baresip prints the escaped ';' and '=' of the Replaces value as '?')
    expect(result.refer ?? '').toMatch(/Replaces=.+to-tag.+from-tag/);
    expect(result.transfer).toMatchObject({ answered: true });
    expect(await agentState()).toBe('ready');
  }, 150_000);
});
