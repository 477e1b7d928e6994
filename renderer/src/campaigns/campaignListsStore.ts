import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CampaignWithProgress } from '../../../shared/api/rest.js';
import type { Agent } from '../../../shared/domain/branch.js';
import { rowsForBackend, type CampaignAssignResult, type CampaignImportPreview, type CampaignImportProgress, type CampaignImportRowResult } from '../../../shared/domain/campaignImport.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

/**
 * A supervisor's (or headquarters') campaign target lists, in the campaigns panel: pick a campaign,
 * pick a CSV file, see every row checked (the preview: nothing written yet), import the valid rows
 * in one step, then share the targets out to agents of the campaign's branch.
 */
export interface CampaignListsState {
  open: boolean;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  campaigns: CampaignWithProgress[];
  campaignId: string | null;
  agents: Agent[];
  /** The agents chosen for the assignment, in the order chosen. */
  chosenAgents: string[];
  fileName: string | null;
  preview: CampaignImportPreview | null;
  progress: CampaignImportProgress | null;
  /** What the last import wrote. */
  imported: number | null;
  assigned: CampaignAssignResult | null;
  busy: boolean;
  error: ErrorInfo | null;
  show(): Promise<void>;
  hide(): void;
  chooseCampaign(campaignId: string): Promise<void>;
  /** Reads and checks the file (writes nothing). */
  chooseFile(name: string, bytes: Uint8Array): Promise<void>;
  /** Writes the preview's valid rows: all or none. */
  importValid(): Promise<void>;
  toggleAgent(agentId: string): void;
  /** Shares the campaign's unassigned targets out to the chosen agents, round-robin. */
  assign(): Promise<void>;
  progressed(progress: CampaignImportProgress): void;
  reset(): void;
}

export type CampaignListsStore = StoreApi<CampaignListsState>;

const noFile = () => ({ fileName: null, preview: null, progress: null, imported: null, assigned: null, error: null });
const initial = () => ({ open: false, phase: 'idle' as const, campaigns: [], campaignId: null, agents: [], chosenAgents: [], busy: false, ...noFile() });

/** The bytes as base64, in slices (String.fromCharCode on a whole 8 MB file overflows the stack). */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function createCampaignListsStore(bridge: WorkstationBridge, options: { onChanged?: () => void } = {}): CampaignListsStore {
  return createStore<CampaignListsState>()((set, get) => {
    const requests = latestRequest();
    const loadCampaign = async (campaignId: string) => {
      const agents = await bridge.call('campaignLists.assignableAgents', { campaignId });
      if (get().campaignId === campaignId) set({ agents, chosenAgents: get().chosenAgents.filter((id) => agents.some((a) => a.id === id)) });
    };
    const refreshCampaigns = async () => {
      const campaigns = await bridge.call('campaignLists.managed', {});
      set({ campaigns });
    };
    return {
      ...initial(),
      async show() {
        set({ open: true, phase: 'loading', error: null });
        try {
          const campaigns = await bridge.call('campaignLists.managed', {});
          const campaignId = get().campaignId ?? campaigns[0]?.id ?? null;
          set({ phase: 'loaded', campaigns, campaignId });
          if (campaignId) await loadCampaign(campaignId);
        } catch (error) {
          set({ phase: 'error', error: toErrorInfo(error) });
        }
      },
      hide() {
        requests.drop();
        set({ open: false, busy: false });
      },
      async chooseCampaign(campaignId) {
        set({ campaignId, chosenAgents: [], agents: [], ...noFile() });
        try {
          await loadCampaign(campaignId);
        } catch (error) {
          set({ error: toErrorInfo(error) });
        }
      },
      async chooseFile(name, bytes) {
        const { campaignId } = get();
        if (!campaignId) return;
        const current = requests.begin();
        set({ ...noFile(), fileName: name, busy: true, progress: { stage: 'checking', done: 0, total: 0 } });
        try {
          const preview = await bridge.call('campaignLists.preview', { campaignId, contentBase64: base64Of(bytes) });
          if (current()) set({ preview, busy: false, progress: null });
        } catch (error) {
          if (current()) set({ busy: false, progress: null, error: toErrorInfo(error) });
        }
      },
      async importValid() {
        const { campaignId, preview, busy } = get();
        if (!campaignId || !preview || busy) return;
        const rows = rowsForBackend(preview.rows);
        if (rows.length === 0) return;
        const current = requests.begin();
        set({ busy: true, error: null });
        try {
          const result = await bridge.call('campaignLists.import', { campaignId, rows });
          if (!current()) return;
          set({ busy: false, progress: null, imported: result.written, preview: null });
          options.onChanged?.();
          await refreshCampaigns();
        } catch (error) {
          if (!current()) return;
          // Refused as a whole (a row changed meanwhile): nothing was written; the rows say why.
          const info = toErrorInfo(error);
          const refused = (info.details as { rows?: CampaignImportRowResult[] } | undefined)?.rows;
          const merged = refused ? { ...preview, rows: preview.rows.map((r) => refused.find((x) => x.line === r.line) ?? r) } : preview;
          const invalid = merged.rows.filter((r) => r.errors.length > 0).length;
          set({ busy: false, progress: null, error: info, preview: { ...merged, invalid, valid: merged.rows.length - invalid } });
        }
      },
      toggleAgent(agentId) {
        const chosen = get().chosenAgents;
        set({ chosenAgents: chosen.includes(agentId) ? chosen.filter((id) => id !== agentId) : [...chosen, agentId], assigned: null });
      },
      async assign() {
        const { campaignId, chosenAgents, busy } = get();
        if (!campaignId || chosenAgents.length === 0 || busy) return;
        set({ busy: true, error: null });
        try {
          const assigned = await bridge.call('campaignLists.assign', { campaignId, agentIds: chosenAgents, mode: 'round_robin', onlyUnassigned: true });
          set({ busy: false, assigned });
          options.onChanged?.();
        } catch (error) {
          set({ busy: false, error: toErrorInfo(error) });
        }
      },
      progressed(progress) {
        if (get().busy) set({ progress });
      },
      reset() {
        requests.drop();
        set(initial());
      },
    };
  });
}
