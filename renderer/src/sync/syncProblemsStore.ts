import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConflictAtSeat, DeadLetterAtSeat, WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

type ConflictChoice = { choice: 'keepMine' } | { choice: 'keepTheirs' } | { choice: 'edit'; value: unknown };

export interface SyncProblemsState {
  /** Changes the backend refused, newest first, each naming its record as agents know it. */
  deadLetters: DeadLetterAtSeat[];
  /** Open conflicts (two seats changed one field), oldest first, seen from this seat. */
  conflicts: ConflictAtSeat[];
  /** Whether the lists have been read at least once. */
  loaded: boolean;
  /** A failed read of the lists. */
  error: ErrorInfo | null;
  /** Rows whose dismissal or resolution is under way, by mutation or conflict id. */
  busy: Record<string, true>;
  /** Why dismissing or resolving a row failed, by mutation or conflict id. */
  rowErrors: Record<string, ErrorInfo>;
  panelOpen: boolean;

  /**
   * Reads both lists now and again whenever a `data.changed` notice names conflicts or dead
   * letters; bursts are folded together. Returns the unsubscribe.
   */
  start(): () => void;
  refresh(): Promise<void>;
  dismiss(mutationId: string): Promise<void>;
  resolve(conflictId: string, choice: ConflictChoice): Promise<void>;
  openPanel(): void;
  closePanel(): void;
  togglePanel(): void;
  reset(): void;
}

export type SyncProblemsStore = StoreApi<SyncProblemsState>;

export interface SyncProblemsOptions {
  /** Reads of the lists triggered by events are at least this far apart (default 1 s). */
  minIntervalMs?: number;
  /** After a conflict was resolved (the app reloads the open card: a field may have changed). */
  onResolved?: (conflict: ConflictAtSeat) => void;
}

/** How many problems the status line's badge counts. */
export function problemCount(state: Pick<SyncProblemsState, 'deadLetters' | 'conflicts'>): number {
  return state.deadLetters.length + state.conflicts.length;
}

const initial = () => ({
  deadLetters: [],
  conflicts: [],
  loaded: false,
  error: null,
  busy: {},
  rowErrors: {},
  panelOpen: false,
});

export function createSyncProblemsStore(bridge: WorkstationBridge, options: SyncProblemsOptions = {}): SyncProblemsStore {
  const minIntervalMs = options.minIntervalMs ?? 1000;

  return createStore<SyncProblemsState>()((set, get) => {
    /** Outdated by reset (sign-out): answers for the previous agent are dropped. */
    const requests = latestRequest();
    let inFlight: Promise<void> | null = null;
    let again = false;
    let lastReadAt = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
      const rest = { ...record };
      delete rest[key];
      return rest;
    };

    const read = async (): Promise<void> => {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      const current = requests.join();
      lastReadAt = Date.now();
      const reading = (async () => {
        try {
          const [deadLetters, conflicts] = await Promise.all([bridge.call('sync.deadLetters', {}), bridge.call('sync.conflicts', {})]);
          if (!current()) return;
          const open = conflicts.filter((c) => !c.resolved && !c.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
          const refused = [...deadLetters].sort((a, b) => b.rejectedAt.localeCompare(a.rejectedAt));
          set({ deadLetters: refused, conflicts: open, loaded: true, error: null });
        } catch (error) {
          if (current()) set({ error: toErrorInfo(error) });
        }
      })();
      inFlight = reading;
      await reading;
      if (inFlight === reading) inFlight = null;
      if (again && current()) {
        again = false;
        schedule();
      }
    };

    /** A read soon: at once unless one ran less than minIntervalMs ago. */
    const schedule = () => {
      if (inFlight) {
        again = true;
        return;
      }
      if (timer !== undefined) return;
      const wait = lastReadAt + minIntervalMs - Date.now();
      if (wait <= 0) void read();
      else
        timer = setTimeout(() => {
          timer = undefined;
          void read();
        }, wait);
    };

    return {
      ...initial(),

      start() {
        const off = bridge.on('data.changed', ({ changes }) => {
          const changed = new RowChanges(changes);
          if (changed.has('conflict') || changed.has('deadLetter')) schedule();
        });
        void read();
        return () => {
          off();
          if (timer !== undefined) clearTimeout(timer);
          timer = undefined;
        };
      },

      refresh: read,

      async dismiss(mutationId) {
        if (get().busy[mutationId]) return;
        const current = requests.join();
        set({ busy: { ...get().busy, [mutationId]: true }, rowErrors: without(get().rowErrors, mutationId) });
        try {
          await bridge.call('sync.dismissDeadLetter', { mutationId });
          if (!current()) return;
          set({ busy: without(get().busy, mutationId), deadLetters: get().deadLetters.filter((d) => d.mutationId !== mutationId) });
        } catch (error) {
          if (current()) set({ busy: without(get().busy, mutationId), rowErrors: { ...get().rowErrors, [mutationId]: toErrorInfo(error) } });
          return;
        }
        await read();
      },

      async resolve(conflictId, choice) {
        const conflict = get().conflicts.find((c) => c.id === conflictId);
        if (!conflict || get().busy[conflictId]) return;
        const current = requests.join();
        set({ busy: { ...get().busy, [conflictId]: true }, rowErrors: without(get().rowErrors, conflictId) });
        try {
          await bridge.call('sync.resolveConflict', { conflictId, ...choice });
          if (!current()) return;
          set({ busy: without(get().busy, conflictId), conflicts: get().conflicts.filter((c) => c.id !== conflictId) });
          options.onResolved?.(conflict);
        } catch (error) {
          if (current()) set({ busy: without(get().busy, conflictId), rowErrors: { ...get().rowErrors, [conflictId]: toErrorInfo(error) } });
          return;
        }
        await read();
      },

      openPanel: () => set({ panelOpen: true }),
      closePanel: () => set({ panelOpen: false }),
      togglePanel: () => set({ panelOpen: !get().panelOpen }),

      reset() {
        requests.drop();
        inFlight = null;
        again = false;
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        set(initial());
      },
    };
  });
}
