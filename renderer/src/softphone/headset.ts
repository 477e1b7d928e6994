/**
 * Headset buttons and lamps over WebHID (the USB HID Telephony page), for headsets whose buttons
 * are not media keys: the hook switch answers a ringing call and hangs up, the mute button toggles
 * mute, and the headset's ring, off-hook and mute lamps follow the softphone. Pure logic over a
 * WebHID-shaped device, so it is tested in Node with a fake one; `headsetLink.ts` wires it to
 * navigator.hid and the softphone store. Usages from the HID Usage Tables (Telephony 0x0B, LED 0x08).
 */

/** WebHID as far as the headset needs it (TypeScript's DOM library has no WebHID). */
interface HidReportItem {
  /** Extended usages (page << 16 | usage), one per field; the last one repeats for the rest. */
  usages?: number[];
  usageMinimum?: number;
  usageMaximum?: number;
  reportSize: number;
  reportCount: number;
  isArray?: boolean;
  isAbsolute?: boolean;
  isConstant?: boolean;
}
interface HidReportInfo {
  reportId: number;
  items?: HidReportItem[];
}
export interface HidCollectionInfo {
  usagePage: number;
  usage: number;
  children?: HidCollectionInfo[];
  inputReports?: HidReportInfo[];
  outputReports?: HidReportInfo[];
}
interface HidInputReportEvent extends Event {
  reportId: number;
  data: DataView;
}
export interface HidDeviceLike extends EventTarget {
  readonly opened: boolean;
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly collections: HidCollectionInfo[];
  open(): Promise<void>;
  close(): Promise<void>;
  forget?(): Promise<void>;
  sendReport(reportId: number, data: Uint8Array<ArrayBuffer>): Promise<void>;
}
export interface HidLike extends EventTarget {
  getDevices(): Promise<HidDeviceLike[]>;
  requestDevice(options: { filters: { usagePage?: number; usage?: number }[] }): Promise<HidDeviceLike[]>;
}

export const TELEPHONY_PAGE = 0x0b;
const LED_PAGE = 0x08;
/** Telephony usages the headset sends. */
const HOOK_SWITCH = 0x20;
const FLASH = 0x21;
const PHONE_MUTE = 0x2f;
/** LED usages the headset shows. */
const LED_MUTE = 0x09;
const LED_OFF_HOOK = 0x17;
const LED_RING = 0x18;

const extended = (page: number, usage: number) => (page << 16) | usage;
const HOOK = extended(TELEPHONY_PAGE, HOOK_SWITCH);
const MUTE_BUTTON = extended(TELEPHONY_PAGE, PHONE_MUTE);
const FLASH_BUTTON = extended(TELEPHONY_PAGE, FLASH);
const RING_LAMP = extended(LED_PAGE, LED_RING);
const OFF_HOOK_LAMP = extended(LED_PAGE, LED_OFF_HOOK);
const MUTE_LAMP = extended(LED_PAGE, LED_MUTE);

interface Field {
  reportId: number;
  /** Bits from the start of the report's data (the report ID byte not counted, as WebHID gives it). */
  bitOffset: number;
  bitSize: number;
}

/** Where the headset's buttons and lamps are in its reports. */
interface TelephonyLayout {
  hookSwitch: Field | null;
  mute: Field | null;
  flash: Field | null;
  ringLamp: Field | null;
  offHookLamp: Field | null;
  muteLamp: Field | null;
  /** Output report ID → its length in bytes. */
  outputLengths: Map<number, number>;
}

/** A HID device is a headset for the softphone when it has a Telephony collection with a hook switch. */
export function isTelephonyHeadset(device: Pick<HidDeviceLike, 'collections'>): boolean {
  return telephonyLayout(device).hookSwitch !== null;
}

/**
 * The fields of the Telephony collections, from the report descriptors as WebHID lists them:
 * each report's items in order, variable items only (one bit field per usage), the collection's
 * own reports before its children's.
 */
export function telephonyLayout(device: Pick<HidDeviceLike, 'collections'>): TelephonyLayout {
  const inputs = new Map<number, HidReportItem[]>();
  const outputs = new Map<number, HidReportItem[]>();
  const gather = (collection: HidCollectionInfo) => {
    for (const [reports, byId] of [[collection.inputReports, inputs], [collection.outputReports, outputs]] as const) {
      for (const report of reports ?? []) byId.set(report.reportId, [...(byId.get(report.reportId) ?? []), ...(report.items ?? [])]);
    }
    for (const child of collection.children ?? []) gather(child);
  };
  for (const collection of device.collections) if (collection.usagePage === TELEPHONY_PAGE) gather(collection);
  const inputFields = fieldsOf(inputs);
  const outputFields = fieldsOf(outputs);
  const outputLengths = new Map([...outputs].map(([reportId, items]) => [reportId, Math.ceil(items.reduce((bits, item) => bits + item.reportSize * item.reportCount, 0) / 8)]));
  return {
    hookSwitch: inputFields.get(HOOK) ?? null,
    mute: inputFields.get(MUTE_BUTTON) ?? null,
    flash: inputFields.get(FLASH_BUTTON) ?? null,
    ringLamp: outputFields.get(RING_LAMP) ?? null,
    offHookLamp: outputFields.get(OFF_HOOK_LAMP) ?? null,
    muteLamp: outputFields.get(MUTE_LAMP) ?? null,
    outputLengths,
  };
}

function fieldsOf(reports: Map<number, HidReportItem[]>): Map<number, Field> {
  const fields = new Map<number, Field>();
  for (const [reportId, items] of reports) {
    let bitOffset = 0;
    for (const item of items) {
      for (let i = 0; i < item.reportCount; i++) {
        const usage = item.isArray || item.isConstant ? undefined : usageOf(item, i);
        if (usage !== undefined && !fields.has(usage)) fields.set(usage, { reportId, bitOffset, bitSize: item.reportSize });
        bitOffset += item.reportSize;
      }
    }
  }
  return fields;
}

function usageOf(item: HidReportItem, index: number): number | undefined {
  if (item.usages && item.usages.length > 0) return item.usages[Math.min(index, item.usages.length - 1)];
  if (item.usageMinimum !== undefined && item.usageMaximum !== undefined && item.usageMinimum + index <= item.usageMaximum) return item.usageMinimum + index;
  return undefined;
}

function readField(data: DataView, field: Field): number {
  let value = 0;
  for (let bit = 0; bit < field.bitSize; bit++) {
    const at = field.bitOffset + bit;
    const byte = at >> 3;
    if (byte >= data.byteLength) return 0;
    if ((data.getUint8(byte) >> (at & 7)) & 1) value |= 1 << bit;
  }
  return value;
}

/** What the headset's lamps show. */
interface HeadsetLamps {
  ring: boolean;
  offHook: boolean;
  mute: boolean;
}

/** What the headset's buttons ask of the softphone (the same actions as the keyboard's Alt+A, Alt+H, Alt+M). */
interface HeadsetActions {
  answer(): void;
  hangUp(): void;
  toggleMute(): void;
  toggleHold(): void;
}

/** The call as the headset needs it. */
export interface HeadsetCall {
  /** An inbound call rings. */
  ringing: boolean;
  /** A call is up or being dialled (the line is off-hook). */
  active: boolean;
  muted: boolean;
}

/**
 * One opened headset: turns its input reports into softphone actions and the softphone's state
 * into its lamps. The hook switch acts on a change only (a headset that does not follow the
 * off-hook lamp keeps reporting its own state with every mute press): lifted while a call rings
 * answers it; put down during a call hangs up. Mute and flash act when pressed (0 → 1).
 */
export class HeadsetDriver {
  readonly layout: TelephonyLayout;
  private last = new Map<Field, number>();
  private lamps: HeadsetLamps | null = null;
  private call: HeadsetCall = { ringing: false, active: false, muted: false };
  private readonly onReport = (event: Event) => this.handleReport(event as HidInputReportEvent);

  constructor(
    readonly device: HidDeviceLike,
    private readonly actions: HeadsetActions,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.layout = telephonyLayout(device);
    device.addEventListener('inputreport', this.onReport);
  }

  detach(): void {
    this.device.removeEventListener('inputreport', this.onReport);
  }

  /** The softphone changed: remember the call (the buttons act on it) and update the lamps. */
  update(call: HeadsetCall): void {
    this.call = call;
    void this.showLamps({ ring: call.ringing, offHook: call.active, mute: call.active && call.muted });
  }

  private handleReport(event: HidInputReportEvent): void {
    const { hookSwitch, mute, flash } = this.layout;
    const changed = (field: Field | null): number | null => {
      if (!field || field.reportId !== event.reportId) return null;
      const value = readField(event.data, field);
      const before = this.last.get(field) ?? 0;
      this.last.set(field, value);
      return value === before ? null : value;
    };
    const hook = changed(hookSwitch);
    if (hook === 1 && this.call.ringing) this.actions.answer();
    else if (hook === 0 && this.call.active) this.actions.hangUp();
    if (changed(mute) === 1 && this.call.active) this.actions.toggleMute();
    if (changed(flash) === 1 && this.call.active) this.actions.toggleHold();
  }

  private async showLamps(lamps: HeadsetLamps): Promise<void> {
    if (this.lamps && this.lamps.ring === lamps.ring && this.lamps.offHook === lamps.offHook && this.lamps.mute === lamps.mute) return;
    this.lamps = lamps;
    const { ringLamp, offHookLamp, muteLamp, outputLengths } = this.layout;
    const reports = new Map<number, Uint8Array<ArrayBuffer>>();
    for (const [field, on] of [[ringLamp, lamps.ring], [offHookLamp, lamps.offHook], [muteLamp, lamps.mute]] as const) {
      if (!field) continue;
      let data = reports.get(field.reportId);
      if (!data) reports.set(field.reportId, (data = new Uint8Array(outputLengths.get(field.reportId) ?? 1)));
      const byte = field.bitOffset >> 3;
      if (on) data[byte] = (data[byte] ?? 0) | (1 << (field.bitOffset & 7));
    }
    try {
      for (const [reportId, data] of reports) await this.device.sendReport(reportId, data);
    } catch (error) {
      this.onError(error);
    }
  }
}
