import { createStore, type StoreApi } from 'zustand/vanilla';
import { SetupCheck, type SeatDraft } from '../../../shared/seatSetup.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

type SetupPhase = 'checking' | 'not_needed' | 'needed' | 'busy' | 'saved';

export interface SeatSetupState {
  phase: SetupPhase;
  /** Where IT deploys the machine-wide seat file (the screen names it). */
  machineSeatFile: string | null;
  draft: SeatDraft;
  /** The last check's result, shown per field; null before the first check. */
  check: SetupCheck | null;
  /** A call that failed as a whole (not a problem of a field). */
  error: ErrorInfo | null;
  savedTo: string | null;
  /** Asks the host once whether this PC still needs setting up. */
  load(): Promise<void>;
  setField(field: keyof SeatDraft, value: string): void;
  runCheck(): Promise<void>;
  save(): Promise<void>;
}

export type SeatSetupStore = StoreApi<SeatSetupState>;

export function createSeatSetupStore(bridge: WorkstationBridge): SeatSetupStore {
  return createStore<SeatSetupState>()((set, get) => ({
    phase: 'checking',
    machineSeatFile: null,
    draft: { backendUrl: 'https://', seatCode: '', login: '', password: '' },
    check: null,
    error: null,
    savedTo: null,

    async load() {
      if (get().phase !== 'checking') return;
      try {
        const status = await bridge.call('setup.status', {});
        set({ phase: status.needed ? 'needed' : 'not_needed', machineSeatFile: status.machineSeatFile });
      } catch {
        set({ phase: 'not_needed' }); // a host without setup (an older one) is set up by definition
      }
    },

    setField(field, value) {
      set({ draft: { ...get().draft, [field]: value } });
    },

    async runCheck() {
      if (get().phase !== 'needed') return;
      set({ phase: 'busy', error: null });
      try {
        set({ check: await bridge.call('setup.check', get().draft), phase: 'needed' });
      } catch (error) {
        set({ error: toErrorInfo(error), phase: 'needed' });
      }
    },

    async save() {
      if (get().phase !== 'needed') return;
      set({ phase: 'busy', error: null });
      try {
        const { seatFile } = await bridge.call('setup.save', get().draft);
        set({ phase: 'saved', savedTo: seatFile, check: { problems: [], branch: get().check?.branch ?? null } });
      } catch (error) {
        const info = toErrorInfo(error);
        // A save refused for the fields' problems shows them like a check does.
        const check = SetupCheck.safeParse(info.details);
        set(check.success ? { check: check.data, phase: 'needed' } : { error: info, phase: 'needed' });
      }
    },
  }));
}
