import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIO_DEVICES } from '../../shared/audioDevices.js';
import { createAppStores } from '../../renderer/src/app/stores.js';
import { HeadsetDriver, telephonyLayout, type HidCollectionInfo, type HidDeviceLike, type HidLike } from '../../renderer/src/softphone/headset.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { session, summary, syncStatus } from './fixtures.js';
import { FakeEngine, SIP_ACCOUNT } from './softphoneFakes.js';
import { renderApp } from './renderApp.js';

const u = (page: number, usage: number) => (page << 16) | usage;

/**
 * A USB headset's HID collections as WebHID lists them (after a typical Jabra/Poly descriptor):
 * input report 2 in the Telephony Headset collection: Hook Switch (bit 0), Line Busy Tone (1),
 * Phone Mute (2), Flash (3), padding, a keypad array; output report 3 in its LED child
 * collection: a ringer volume byte, then Off-Hook (bit 8), Mute (9), padding, Ring (11), padding.
 * And a Consumer collection whose report 1 (volume keys) has a bit where the hook switch is not.
 */
const HEADSET_COLLECTIONS: HidCollectionInfo[] = [
  {
    usagePage: 0x0c,
    usage: 0x01,
    inputReports: [{ reportId: 1, items: [{ usages: [u(0x0c, 0xe9), u(0x0c, 0xea)], reportSize: 1, reportCount: 2, isAbsolute: true }] }],
  },
  {
    usagePage: 0x0b,
    usage: 0x05,
    inputReports: [
      {
        reportId: 2,
        items: [
          { usages: [u(0x0b, 0x20), u(0x0b, 0x97)], reportSize: 1, reportCount: 2, isAbsolute: true },
          { usages: [u(0x0b, 0x2f)], reportSize: 1, reportCount: 1, isAbsolute: false },
          { usages: [u(0x0b, 0x21)], reportSize: 1, reportCount: 1, isAbsolute: false },
          { reportSize: 1, reportCount: 4, isConstant: true },
          { usageMinimum: u(0x0b, 0xb0), usageMaximum: u(0x0b, 0xbb), reportSize: 8, reportCount: 1, isArray: true },
        ],
      },
    ],
    children: [
      {
        usagePage: 0x08,
        usage: 0x00,
        outputReports: [
          {
            reportId: 3,
            items: [
              { usages: [u(0x0b, 0x4e)], reportSize: 8, reportCount: 1 },
              { usageMinimum: u(0x08, 0x17), usageMaximum: u(0x08, 0x17), reportSize: 1, reportCount: 1 },
              { usages: [u(0x08, 0x09)], reportSize: 1, reportCount: 1 },
              { reportSize: 1, reportCount: 1, isConstant: true },
              { usages: [u(0x08, 0x18)], reportSize: 1, reportCount: 1 },
              { reportSize: 1, reportCount: 4, isConstant: true },
            ],
          },
        ],
      },
    ],
  },
];

const HOOK = 0b0001;
const MUTE = 0b0100;
const FLASH = 0b1000;
const LAMP_OFF_HOOK = 0b0001;
const LAMP_MUTE = 0b0010;
const LAMP_RING = 0b1000;

class FakeHidDevice extends EventTarget implements HidDeviceLike {
  opened = false;
  sent: [number, number[]][] = [];
  forgotten = false;
  constructor(
    readonly productName = 'Jabra Evolve2 40',
    readonly collections: HidCollectionInfo[] = HEADSET_COLLECTIONS,
    readonly vendorId = 0x0b0e,
    readonly productId = 0x24ff,
  ) {
    super();
  }
  async open() {
    this.opened = true;
  }
  async close() {
    this.opened = false;
  }
  async forget() {
    this.forgotten = true;
  }
  async sendReport(reportId: number, data: Uint8Array<ArrayBuffer>) {
    this.sent.push([reportId, [...data]]);
  }
  /** The headset sends an input report (data without the report ID, as WebHID gives it). */
  report(reportId: number, ...bytes: number[]) {
    this.dispatchEvent(Object.assign(new Event('inputreport'), { reportId, data: new DataView(Uint8Array.from(bytes).buffer) }));
  }
  /** The last lamps written: [report ID, lamp byte]. */
  lamps() {
    const last = this.sent.at(-1);
    return last ? [last[0], last[1][1]] : null;
  }
}

class FakeHid extends EventTarget implements HidLike {
  granted: HidDeviceLike[] = [];
  /** What the chooser returns (the agent's pick), and what was asked of it. */
  chooserPicks: HidDeviceLike[] = [];
  requests: unknown[] = [];
  async getDevices() {
    return this.granted;
  }
  async requestDevice(options: { filters: { usagePage?: number }[] }) {
    this.requests.push(options);
    this.granted.push(...this.chooserPicks);
    return this.chooserPicks;
  }
  plug(device: HidDeviceLike, how: 'connect' | 'disconnect') {
    this.dispatchEvent(Object.assign(new Event(how), { device }));
  }
}

class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

describe('the headset\'s report layout (HID Telephony and LED pages)', () => {
  it('finds the hook switch, mute and flash buttons and the three lamps where the descriptors put them', () => {
    const layout = telephonyLayout(new FakeHidDevice());
    expect(layout).toMatchObject({
      hookSwitch: { reportId: 2, bitOffset: 0, bitSize: 1 },
      mute: { reportId: 2, bitOffset: 2, bitSize: 1 },
      flash: { reportId: 2, bitOffset: 3, bitSize: 1 },
      offHookLamp: { reportId: 3, bitOffset: 8 },
      muteLamp: { reportId: 3, bitOffset: 9 },
      ringLamp: { reportId: 3, bitOffset: 11 },
    });
    expect(layout.outputLengths.get(3)).toBe(2);
    // A device without a Telephony collection has nothing to drive (its consumer bits are not a hook switch).
    expect(telephonyLayout(new FakeHidDevice('Keyboard', [HEADSET_COLLECTIONS[0]!]))).toMatchObject({ hookSwitch: null, ringLamp: null });
  });
});

describe('the headset driver', () => {
  function driven() {
    const device = new FakeHidDevice();
    const actions: string[] = [];
    const driver = new HeadsetDriver(device, {
      answer: () => actions.push('answer'),
      hangUp: () => actions.push('hangUp'),
      toggleMute: () => actions.push('mute'),
      toggleHold: () => actions.push('hold'),
    });
    return { device, actions, driver };
  }

  it('lifting the hook answers a ringing call, mute and flash act when pressed, putting it down hangs up; the lamps follow', async () => {
    const { device, actions, driver } = driven();
    driver.update({ ringing: true, active: false, muted: false });
    await flush();
    expect(device.lamps()).toEqual([3, LAMP_RING]);
    device.report(2, HOOK);
    expect(actions).toEqual(['answer']);
    driver.update({ ringing: false, active: true, muted: false });
    await flush();
    expect(device.lamps()).toEqual([3, LAMP_OFF_HOOK]);
    device.report(2, HOOK | MUTE);
    device.report(2, HOOK); // released: nothing
    device.report(2, HOOK | FLASH);
    device.report(2, HOOK);
    expect(actions).toEqual(['answer', 'mute', 'hold']);
    driver.update({ ringing: false, active: true, muted: true });
    await flush();
    expect(device.lamps()).toEqual([3, LAMP_OFF_HOOK | LAMP_MUTE]);
    const written = device.sent.length;
    driver.update({ ringing: false, active: true, muted: true });
    await flush();
    expect(device.sent).toHaveLength(written); // unchanged lamps are not written again
    device.report(2, 0);
    expect(actions).toEqual(['answer', 'mute', 'hold', 'hangUp']);
    driver.update({ ringing: false, active: false, muted: false });
    await flush();
    expect(device.lamps()).toEqual([3, 0]);
  });

  it('acts on a change of the hook switch only, and only when it means something', () => {
    const { device, actions, driver } = driven();
    // Answered from the keyboard, on a headset that does not follow the off-hook lamp: it still
    // reports on-hook with every mute press, which must not hang up.
    driver.update({ ringing: false, active: true, muted: false });
    device.report(2, MUTE);
    device.report(2, 0);
    expect(actions).toEqual(['mute']);
    // Lifted with nothing ringing; mute with no call; another report's bits; a report too short.
    driver.update({ ringing: false, active: false, muted: false });
    device.report(2, HOOK);
    device.report(2, HOOK | MUTE);
    device.report(1, 0b11);
    device.report(2);
    expect(actions).toEqual(['mute']);
    driver.detach();
    driver.update({ ringing: true, active: false, muted: false });
    device.report(2, HOOK);
    expect(actions).toEqual(['mute']);
  });
});

describe('the headset with the softphone (the keyboard\'s answer, hang-up and mute actions)', () => {
  async function seatWith(hid: FakeHid, storage: MemoryStorage) {
    const engine = new FakeEngine();
    const bridge = new FakeBridge({
      'session.current': () => session(),
      'customers.search': () => [summary()],
      'sync.status': () => syncStatus(),
      'softphone.account': () => SIP_ACCOUNT,
      'softphone.audioDevices': () => DEFAULT_AUDIO_DEVICES,
      'agent.figuresToday': () => ({ calls: 0, talkSeconds: 0, wrapUpSeconds: 0, averageHandleSeconds: 0 }) as never,
      'interactions.record': () => ({ ok: true }) as never,
    });
    const stores = createAppStores(bridge, { createPhoneEngine: () => engine, hid, storage });
    stores.session.getState().start();
    await flush();
    await stores.softphone.getState().start();
    engine.registration('registered');
    await stores.softphone.getState().setAgentState('ready');
    await flush();
    return { engine, stores };
  }

  it('pairs from the settings, answers, mutes and hangs up a call with the headset, and lights its lamps', async () => {
    const hid = new FakeHid();
    const headset = new FakeHidDevice();
    const storage = new MemoryStorage();
    const { engine, stores } = await seatWith(hid, storage);
    expect(stores.headset.getState().connection).toBe('unpaired');
    hid.chooserPicks = [headset];
    await stores.headset.getState().pair();
    expect(hid.requests).toEqual([{ filters: [{ usagePage: 0x0b }] }]);
    expect(stores.headset.getState()).toMatchObject({ connection: 'connected', name: 'Jabra Evolve2 40' });
    expect(headset.opened).toBe(true);

    const id = engine.incoming('13800138000');
    await flush();
    expect(headset.lamps()).toEqual([3, LAMP_RING]);
    headset.report(2, HOOK);
    await flush();
    expect(engine.log).toContain(`answer ${id}`);
    engine.emit({ type: 'established', id });
    await flush();
    expect(headset.lamps()).toEqual([3, LAMP_OFF_HOOK]);
    headset.report(2, HOOK | MUTE);
    await flush();
    expect(engine.log).toContain(`mute ${id} true`);
    expect(headset.lamps()).toEqual([3, LAMP_OFF_HOOK | LAMP_MUTE]);
    headset.report(2, 0);
    await flush();
    expect(engine.log).toContain(`hangup ${id}`);
  });

  it('remembers the paired headset: the next start finds it among the granted devices, follows unplugging, forgets it', async () => {
    const hid = new FakeHid();
    const storage = new MemoryStorage();
    const speakerphone = new FakeHidDevice('USB Speaker', [HEADSET_COLLECTIONS[0]!], 0x1111, 0x2222);
    const headset = new FakeHidDevice();
    hid.chooserPicks = [headset];
    await (await seatWith(hid, storage)).stores.headset.getState().pair();

    // The next start of the app: a new page, the same storage and grants.
    hid.granted = [speakerphone, new FakeHidDevice()];
    const later = new FakeHid();
    later.granted = hid.granted;
    const { stores, engine } = await seatWith(later, storage);
    await stores.headset.getState().start();
    expect(stores.headset.getState()).toMatchObject({ connection: 'connected', name: 'Jabra Evolve2 40' });
    const reopened = later.granted[1] as FakeHidDevice;
    expect(reopened.opened).toBe(true);
    expect(later.requests).toEqual([]); // no chooser at start

    later.plug(reopened, 'disconnect');
    expect(stores.headset.getState().connection).toBe('disconnected');
    const id = engine.incoming('13800138000');
    reopened.report(2, HOOK); // unplugged: its reports are not followed
    await flush();
    expect(engine.log).not.toContain(`answer ${id}`);
    later.plug(reopened, 'connect');
    await flush();
    expect(stores.headset.getState().connection).toBe('connected');
    reopened.report(2, 0);
    reopened.report(2, HOOK);
    await flush();
    expect(engine.log).toContain(`answer ${id}`);

    await stores.headset.getState().forget();
    expect(stores.headset.getState()).toMatchObject({ connection: 'unpaired', name: null });
    expect(reopened.forgotten).toBe(true);
    expect(storage.items.size).toBe(0);
  });

  it('a device without phone buttons is not paired; no WebHID: unsupported', async () => {
    const hid = new FakeHid();
    const storage = new MemoryStorage();
    hid.chooserPicks = [new FakeHidDevice('USB Speaker', [HEADSET_COLLECTIONS[0]!])];
    const { stores } = await seatWith(hid, storage);
    await stores.headset.getState().pair();
    expect(stores.headset.getState()).toMatchObject({ connection: 'not_headset', name: 'USB Speaker' });
    expect(storage.items.size).toBe(0);
    hid.chooserPicks = []; // the chooser closed
    await stores.headset.getState().pair();
    expect(stores.headset.getState().connection).toBe('not_headset');
    const without = createAppStores(new FakeBridge({}), { hid: undefined });
    expect(without.headset.getState().connection).toBe('unsupported');
  });
});

describe('the headset in the audio settings (Alt+V), in Chinese and English', () => {
  const tag = (html: string, testId: string) => new RegExp(`<[^>]*data-testid="${testId}"[^>]*>([^<]*)`).exec(html);

  function settingsOpen(hid: FakeHid | undefined) {
    const stores = createAppStores(new FakeBridge(), { createPhoneEngine: () => new FakeEngine(), hid, storage: new MemoryStorage() });
    stores.session.setState({ phase: 'logged_in', session: session() });
    stores.softphone.setState({ setup: 'started', user: '1001', agentState: 'ready', devicesPanelOpen: true });
    return stores;
  }

  it('offers pairing, then names the paired headset with a way to forget it', () => {
    const stores = settingsOpen(new FakeHid());
    let html = renderApp(stores, 'zh-CN');
    expect(tag(html, 'headset')?.[0]).toContain('data-connection="unpaired"');
    expect(tag(html, 'headset-status')?.[1]).toBe('未配对耳机');
    expect(tag(html, 'headset-pair')?.[1]).toBe('配对耳机…');
    expect(tag(html, 'headset-forget')).toBeNull();
    stores.headset.setState({ connection: 'connected', name: 'Jabra Evolve2 40' });
    html = renderApp(stores, 'zh-CN');
    expect(tag(html, 'headset-status')?.[1]).toBe('Jabra Evolve2 40：按键已启用');
    expect(tag(html, 'headset-forget')?.[1]).toBe('取消配对');
    html = renderApp(stores, 'en');
    expect(tag(html, 'headset-status')?.[1]).toBe('Jabra Evolve2 40: buttons active');
    expect(tag(html, 'headset-pair')?.[1]).toBe('Pair another…');
    stores.headset.setState({ connection: 'disconnected' });
    expect(tag(renderApp(stores, 'en'), 'headset-status')?.[1]).toBe('Jabra Evolve2 40: not plugged in');
  });

  it('without WebHID: says so, no pairing button', () => {
    const html = renderApp(settingsOpen(undefined), 'en');
    expect(tag(html, 'headset-status')?.[1]).toMatch(/^Not available here/);
    expect(tag(html, 'headset-pair')).toBeNull();
  });
});
