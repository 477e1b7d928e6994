import { createStore, type StoreApi } from 'zustand/vanilla';
import { HeadsetDriver, isTelephonyHeadset, TELEPHONY_PAGE, type HeadsetCall, type HidDeviceLike, type HidLike } from './headset.js';
import type { SoftphoneState, SoftphoneStore } from './softphoneState.js';

/** The paired headset, remembered in the page's storage so the next start finds it again (navigator.hid.getDevices()). */
const REMEMBERED_KEY = 'aw.headset';

interface RememberedHeadset {
  vendorId: number;
  productId: number;
  productName: string;
}

type HeadsetConnection =
  /** No WebHID here (a browser without it): the media keys still work in the desktop app. */
  | 'unsupported'
  | 'unpaired'
  | 'connected'
  /** Paired, but not plugged in now (it connects by itself when it is). */
  | 'disconnected'
  /** The device chosen has no telephony buttons (no hook switch). */
  | 'not_headset'
  | 'failed';

export interface HeadsetState {
  connection: HeadsetConnection;
  /** The paired headset's product name. */
  name: string | null;
  /** Why opening or lighting the headset failed (as the browser said it). */
  error: string | null;
  /** At start: finds the remembered headset among the devices already granted, and follows plugging in and out. */
  start(): Promise<void>;
  /** From a click (WebHID's chooser needs the user's gesture): pairs a headset and remembers it. */
  pair(): Promise<void>;
  /** Forgets the paired headset (its permission too). */
  forget(): Promise<void>;
}

interface HeadsetOptions {
  /** navigator.hid; absent: no headset buttons. */
  hid: HidLike | undefined;
  /** The softphone store (asked for when a headset connects: the stores are made together). */
  softphone: () => SoftphoneStore;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
}

/** The call as the headset's buttons and lamps see it. */
function headsetCallOf(phone: SoftphoneState): HeadsetCall {
  const call = phone.call;
  return {
    ringing: call?.phase === 'ringing' && call.direction === 'inbound',
    active: (call !== null && call.phase !== 'ringing') || phone.consult !== null,
    muted: call?.muted ?? false,
  };
}

/**
 * The headset's buttons drive the softphone through the same actions as the keyboard (Alt+A,
 * Alt+H, Alt+M; the flash button Alt+L), and its lamps follow the softphone.
 */
export function createHeadsetStore(options: HeadsetOptions): StoreApi<HeadsetState> {
  const { hid, storage } = options;
  let driver: HeadsetDriver | null = null;
  let unsubscribe: (() => void) | null = null;
  let started = false;

  const remembered = (): RememberedHeadset | null => {
    try {
      const value = JSON.parse(storage?.getItem(REMEMBERED_KEY) ?? 'null') as RememberedHeadset | null;
      return value && typeof value.vendorId === 'number' && typeof value.productId === 'number' ? value : null;
    } catch {
      return null;
    }
  };
  const isRemembered = (device: HidDeviceLike, headset = remembered()) =>
    headset !== null && device.vendorId === headset.vendorId && device.productId === headset.productId && isTelephonyHeadset(device);

  const disconnect = () => {
    unsubscribe?.();
    unsubscribe = null;
    driver?.detach();
    driver = null;
  };

  const connect = async (device: HidDeviceLike) => {
    disconnect();
    try {
      if (!device.opened) await device.open();
    } catch (error) {
      store.setState({ connection: 'failed', name: device.productName, error: String(error) });
      return;
    }
    const softphone = options.softphone();
    const phone = () => softphone.getState();
    driver = new HeadsetDriver(
      device,
      {
        answer: () => void phone().answer(),
        hangUp: () => void phone().hangup(),
        toggleMute: () => phone().toggleMute(),
        toggleHold: () => void phone().toggleHold(),
      },
      (error) => store.setState({ error: String(error) }),
    );
    const current = driver;
    unsubscribe = softphone.subscribe((state) => current.update(headsetCallOf(state)));
    current.update(headsetCallOf(softphone.getState()));
    store.setState({ connection: 'connected', name: device.productName, error: null });
  };

  const store = createStore<HeadsetState>()(() => ({
    connection: hid ? 'unpaired' : 'unsupported',
    name: remembered()?.productName ?? null,
    error: null,

    async start() {
      if (!hid || started) return;
      started = true;
      hid.addEventListener('connect', (event) => {
        const device = (event as Event & { device: HidDeviceLike }).device;
        if (!driver && isRemembered(device)) void connect(device);
      });
      hid.addEventListener('disconnect', (event) => {
        const device = (event as Event & { device: HidDeviceLike }).device;
        if (driver?.device === device) {
          disconnect();
          store.setState({ connection: 'disconnected' });
        }
      });
      const headset = remembered();
      if (!headset) return;
      const device = (await hid.getDevices()).find((candidate) => isRemembered(candidate, headset));
      if (device) await connect(device);
      else store.setState({ connection: 'disconnected', name: headset.productName });
    },

    async pair() {
      if (!hid) return;
      let chosen: HidDeviceLike[];
      try {
        chosen = await hid.requestDevice({ filters: [{ usagePage: TELEPHONY_PAGE }] });
      } catch (error) {
        store.setState({ connection: 'failed', error: String(error) });
        return;
      }
      if (chosen.length === 0) return; // the chooser was closed: nothing changes
      const device = chosen.find(isTelephonyHeadset);
      if (!device) {
        store.setState({ connection: 'not_headset', name: chosen[0]!.productName, error: null });
        return;
      }
      storage?.setItem(REMEMBERED_KEY, JSON.stringify({ vendorId: device.vendorId, productId: device.productId, productName: device.productName } satisfies RememberedHeadset));
      await connect(device);
    },

    async forget() {
      const device = driver?.device;
      driver?.update({ ringing: false, active: false, muted: false }); // lamps off
      disconnect();
      storage?.removeItem(REMEMBERED_KEY);
      store.setState({ connection: hid ? 'unpaired' : 'unsupported', name: null, error: null });
      if (device) {
        await device.close().catch(() => {});
        await device.forget?.().catch(() => {});
      }
    },
  }));
  return store;
}
