import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CampaignWithProgress } from '../../../shared/api/rest.js';
import type { Campaign, CampaignOutcome, CampaignTarget } from '../../../shared/domain/campaign.js';
import type { Customer } from '../../../shared/domain/customer.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

/** The target being previewed: its campaign, the target, the customer (null: not in this seat's cache). */
interface CampaignCall {
  campaign: Campaign;
  target: CampaignTarget;
  customer: Customer | null;
}

export interface CampaignsState {
  panelOpen: boolean;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  campaigns: CampaignWithProgress[];
  /** The highlighted campaign (↑↓), started with Enter. */
  selected: number;
  error: ErrorInfo | null;
  /** The campaign being worked; null: the list. */
  campaignId: string | null;
  /** Preview dialing: the current target, or null once none is left in this pass. */
  call: CampaignCall | null;
  /** The agent skipped targets: the pass ended before the list did ('Start over' goes back to the first pending). */
  skippedAny: boolean;
  outcome: CampaignOutcome;
  notes: string;
  /** With the call back outcome: when, as the time input gives it (local "YYYY-MM-DDTHH:mm"). */
  callBackAt: string;
  pending: boolean;
  /** Why the last preview or outcome failed. */
  callError: ErrorInfo | null;
  openPanel(): Promise<void>;
  closePanel(): void;
  togglePanel(): void;
  move(delta: number): void;
  /** Starts preview dialing (the highlighted campaign without an id). */
  start(campaignId?: string): Promise<void>;
  /** The next target without calling this one (it stays pending for a later pass). */
  skip(): Promise<void>;
  /** From the first pending target again. */
  startOver(): Promise<void>;
  setOutcome(outcome: CampaignOutcome): void;
  setNotes(notes: string): void;
  setCallBackAt(value: string): void;
  /** Opens the panel at one target (a call back from My work): record its outcome like any other. */
  openTarget(targetId: string): Promise<void>;
  /** Records the outcome of the current target, then previews the next. */
  record(): Promise<CampaignTarget | null>;
  backToList(): Promise<void>;
  /** Reads the campaign list again (its progress) if it is on screen and campaigns or their targets changed. */
  rowsChanged(changes: RowChanges): void;
  reset(): void;
}

export type CampaignsStore = StoreApi<CampaignsState>;

export interface CampaignsOptions {
  /** Preview: the target's customer card opens before the agent dials. */
  onPreview?: (call: CampaignCall) => void;
}

const noCall = () => ({ campaignId: null, call: null, skippedAny: false, outcome: 'done' as const, notes: '', callBackAt: '', pending: false, callError: null });

/** A local "YYYY-MM-DDTHH:mm" (the datetime-local input) as an ISO instant; null when empty or unreadable. */
function instantOfLocal(value: string): string | null {
  if (value.trim() === '') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}
const initial = () => ({ panelOpen: false, phase: 'idle' as const, campaigns: [], selected: 0, error: null, ...noCall() });

export function createCampaignsStore(bridge: WorkstationBridge, options: CampaignsOptions = {}): CampaignsStore {
  return createStore<CampaignsState>()((set, get) => {
    // The list's reads and the preview's calls are outdated apart: a list reload must not drop an outcome's answer.
    const lists = latestRequest();
    const calls = latestRequest();
    const loadList = async (quiet = false) => {
      const current = lists.begin();
      if (!quiet) set({ phase: 'loading', error: null });
      try {
        const campaigns = await bridge.call('campaigns.list', {});
        if (current()) set({ phase: 'loaded', campaigns, error: null, selected: Math.min(get().selected, Math.max(campaigns.length - 1, 0)) });
      } catch (error) {
        if (current() && !(quiet && get().phase === 'loaded')) set({ phase: 'error', error: toErrorInfo(error) });
      }
    };
    const preview = async (campaignId: string, afterPosition: number) => {
      const current = calls.begin();
      set({ campaignId, pending: true, callError: null });
      try {
        const call = await bridge.call('campaigns.nextTarget', { campaignId, afterPosition });
        if (!current()) return;
        set({ call, pending: false, outcome: 'done', notes: '', callBackAt: '' });
        if (call) options.onPreview?.(call);
      } catch (error) {
        if (current()) set({ pending: false, callError: toErrorInfo(error) });
      }
    };
    return {
      ...initial(),
      async openPanel() {
        set({ panelOpen: true });
        if (!get().campaignId) await loadList();
      },
      closePanel() {
        lists.drop();
        calls.drop();
        set({ panelOpen: false, pending: false });
      },
      togglePanel() {
        if (get().panelOpen) get().closePanel();
        else void get().openPanel();
      },
      move(delta) {
        const { campaigns, selected } = get();
        if (campaigns.length > 0) set({ selected: Math.min(Math.max(selected + delta, 0), campaigns.length - 1) });
      },
      async start(campaignId) {
        const id = campaignId ?? get().campaigns[get().selected]?.id;
        if (!id) return;
        set({ ...noCall(), campaignId: id });
        await preview(id, -1);
      },
      async skip() {
        const { campaignId, call, pending } = get();
        if (!campaignId || !call || pending) return;
        set({ skippedAny: true });
        await preview(campaignId, call.target.position);
      },
      async startOver() {
        const { campaignId } = get();
        if (!campaignId) return;
        set({ skippedAny: false });
        await preview(campaignId, -1);
      },
      setOutcome(outcome) {
        set({ outcome });
      },
      setNotes(notes) {
        set({ notes });
      },
      setCallBackAt(callBackAt) {
        set({ callBackAt });
      },
      async openTarget(targetId) {
        const current = calls.begin();
        set({ ...noCall(), panelOpen: true, pending: true });
        try {
          const call = await bridge.call('campaigns.target', { targetId });
          if (!current()) return;
          set({ campaignId: call.campaign.id, call, pending: false });
          options.onPreview?.(call);
        } catch (error) {
          if (current()) set({ pending: false, callError: toErrorInfo(error) });
        }
      },
      async record() {
        const { campaignId, call, outcome, notes, pending, callBackAt } = get();
        if (!campaignId || !call || pending) return null;
        const current = calls.begin();
        set({ pending: true, callError: null });
        try {
          const at = outcome === 'call_back' ? instantOfLocal(callBackAt) : null;
          const target = await bridge.call('campaigns.recordOutcome', { targetId: call.target.id, status: outcome, notes, callBackAt: at });
          if (!current()) return target;
          // A target that did not answer stays in the list for a later pass: continue after it.
          await preview(campaignId, call.target.position);
          return target;
        } catch (error) {
          if (current()) set({ pending: false, callError: toErrorInfo(error) });
          return null;
        }
      },
      async backToList() {
        calls.drop();
        set(noCall());
        await loadList();
      },
      rowsChanged(changes) {
        const { panelOpen, campaignId, phase } = get();
        if (panelOpen && !campaignId && phase === 'loaded' && (changes.has('campaign') || changes.has('campaignTarget'))) void loadList(true);
      },
      reset() {
        lists.drop();
        calls.drop();
        set(initial());
      },
    };
  });
}
