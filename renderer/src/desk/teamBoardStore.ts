import { createStore, type StoreApi } from 'zustand/vanilla';
import { unreachableSince, type AgentPresence, type ChosenNotReadyReason, type TeamBoardRowAtSeat } from '../../../shared/domain/agentPresence.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

export type TeamBoardSortKey = 'agent' | 'state' | 'inState' | 'call';

export interface TeamBoardState {
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  rows: TeamBoardRowAtSeat[];
  /** The backend's clock minus this page's (from the board's asOf): time in state and reachability are judged on the backend's clock. */
  clockOffsetMs: number;
  error: ErrorInfo | null;
  sort: { key: TeamBoardSortKey; descending: boolean };
  /** The agent whose not-ready reason the supervisor is choosing. */
  puttingNotReady: string | null;
  reason: ChosenNotReadyReason;
  sending: boolean;
  sendError: ErrorInfo | null;
  /** The last not-ready request sent (the board shows when the agent's seat follows). */
  lastSent: { agentId: string; reason: ChosenNotReadyReason } | null;
  load(): Promise<void>;
  /** A live presence change (the seat's `presence.changed`). */
  apply(presence: AgentPresence): void;
  /** Sorts by a column; the same column again reverses it. */
  sortBy(key: TeamBoardSortKey): void;
  startNotReady(agentId: string): void;
  setReason(reason: ChosenNotReadyReason): void;
  confirmNotReady(): Promise<void>;
  cancelNotReady(): void;
}

export type TeamBoardStore = StoreApi<TeamBoardState>;

/** The order states are listed in when sorting by state: who needs a look first. */
const STATE_ORDER = ['unreachable', 'ringing', 'on_call', 'wrap_up', 'ready', 'not_ready', 'offline', 'none'] as const;
export type ShownState = (typeof STATE_ORDER)[number];

/** A row's state as the board shows it at `now` (backend clock): unreachable wins over what the seat last said. */
export function shownState(row: TeamBoardRowAtSeat, now: number): ShownState {
  if (!row.presence) return 'none';
  return unreachableSince(row.presence, new Date(now)) ? 'unreachable' : row.presence.state;
}

/** The rows in the board's order at `now` (backend clock). */
export function sortedRows(rows: readonly TeamBoardRowAtSeat[], sort: TeamBoardState['sort'], now: number): TeamBoardRowAtSeat[] {
  const since = (row: TeamBoardRowAtSeat) => (row.presence ? Date.parse(row.presence.since) : Infinity);
  const callStart = (row: TeamBoardRowAtSeat) => (row.presence?.call ? Date.parse(row.presence.call.startedAt) : Infinity);
  const compare: Record<TeamBoardSortKey, (a: TeamBoardRowAtSeat, b: TeamBoardRowAtSeat) => number> = {
    agent: (a, b) => a.agent.displayName.localeCompare(b.agent.displayName, 'zh-CN') || a.agent.login.localeCompare(b.agent.login),
    state: (a, b) => STATE_ORDER.indexOf(shownState(a, now)) - STATE_ORDER.indexOf(shownState(b, now)),
    // Longest in state first: the earliest since.
    inState: (a, b) => since(a) - since(b),
    call: (a, b) => callStart(a) - callStart(b),
  };
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * compare[sort.key](a, b) || a.agent.login.localeCompare(b.agent.login));
}

/**
 * The supervisor's live team board in the desk (Alt+Y): read once from the backend, then kept
 * current by the seat's `presence.changed` events (the backend's /sync/events); reachability is
 * judged as the clock ticks by the one rule (shared/domain/agentPresence.ts).
 */
export function createTeamBoardStore(bridge: WorkstationBridge): TeamBoardStore {
  const store = createStore<TeamBoardState>()((set, get) => ({
    phase: 'idle',
    rows: [],
    clockOffsetMs: 0,
    error: null,
    sort: { key: 'state', descending: false },
    puttingNotReady: null,
    reason: 'meeting',
    sending: false,
    sendError: null,
    lastSent: null,

    async load() {
      // A reload of a board already shown (the fallback for live events missed while the seat's stream reconnected) keeps it on screen.
      if (get().phase !== 'loaded') set({ phase: 'loading', error: null });
      try {
        const board = await bridge.call('presence.board', {});
        set({ phase: 'loaded', rows: board.rows, clockOffsetMs: Date.parse(board.asOf) - Date.now() });
      } catch (error) {
        set({ phase: 'error', error: toErrorInfo(error) });
      }
    },

    apply(presence) {
      const rows = get().rows;
      const index = rows.findIndex((r) => r.agent.id === presence.agentId);
      if (index < 0) return;
      const current = rows[index]!.presence;
      // Reports may cross on the way: keep the newer.
      if (current && Date.parse(current.reportedAt) > Date.parse(presence.reportedAt)) return;
      const next = [...rows];
      next[index] = { ...rows[index]!, presence, unreachableSince: null };
      set({ rows: next });
    },

    sortBy(key) {
      const { sort } = get();
      set({ sort: { key, descending: sort.key === key ? !sort.descending : false } });
    },

    startNotReady(agentId) {
      set({ puttingNotReady: agentId, sendError: null });
    },
    setReason(reason) {
      set({ reason });
    },
    async confirmNotReady() {
      const { puttingNotReady: agentId, reason, sending } = get();
      if (!agentId || sending) return;
      set({ sending: true, sendError: null });
      try {
        await bridge.call('presence.putNotReady', { agentId, reason });
        set({ sending: false, puttingNotReady: null, lastSent: { agentId, reason } });
      } catch (error) {
        set({ sending: false, sendError: toErrorInfo(error) });
      }
    },
    cancelNotReady() {
      set({ puttingNotReady: null, sendError: null });
    },
  }));
  bridge.on('presence.changed', (presence) => store.getState().apply(presence));
  return store;
}
