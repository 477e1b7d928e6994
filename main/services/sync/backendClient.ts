import { z } from 'zod';
import { AgentList, ApiError, CampaignList, LoginResponse, PartsRequestList, RegionTableAnswer, SyncPullResponse } from '../../../shared/api/rest.js';
import type { ApiErrorCode } from '../../../shared/errorCodes.js';
import type { Agent } from '../../../shared/domain/branch.js';
import type { CampaignWithProgress } from '../../../shared/api/rest.js';
import { CampaignAssignResult, CampaignImportResult, type CampaignAssignRequest, type CampaignImportRequest } from '../../../shared/domain/campaignImport.js';
import { SyncPushResponse, type SyncPushRequest } from '../../../shared/api/syncPush.js';
import { CacheKeyEscrow, type CacheKeyEscrowPut } from '../../../shared/api/cacheKeyEscrow.js';
import { KpiOrderPage, KpiPage, type KpiOrdersQuery, type KpiQuery } from '../../../shared/domain/kpis.js';
import {
  OutletCapacityPage,
  OutletGapPage,
  OutletVolumePage,
  type OutletCapacityQuery,
  type OutletGapQuery,
  type OutletVolumeQuery,
} from '../../../shared/domain/outletNetwork.js';
import { PartsDecisionOutcome, RdcStockList, type RdcStock } from '../../../shared/domain/partsDesk.js';
import { AgentPresence, TeamBoard, type ChosenNotReadyReason, type PresenceReport } from '../../../shared/domain/agentPresence.js';
import type { PartsDecision, PartsRequest } from '../../../shared/domain/partsRequest.js';
import { SipCredential } from '../../../shared/domain/sipCredential.js';

/** Why a backend call failed: unreachable (offline), refused (4xx), or broken (5xx / bad answer). */
export class BackendError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'unauthorized' | 'rejected' | 'server',
    message: string,
    readonly status?: number,
    /** The backend's error code; `unknown` for one this seat does not know (a newer backend's). */
    readonly code?: ApiErrorCode | 'unknown',
    /** The refusal's details as the backend sent them (e.g. each row's result of a refused import). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;

export interface BackendClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  /**
   * How requests go out: the host's network stack. The Electron app gives Chromium's (`net.fetch`:
   * the system proxy and PAC script, the Windows certificate store, as the SIP WebSocket has);
   * Node's fetch elsewhere (tests, the browser seat, the snapshot reader thread).
   */
  fetch?: typeof fetch;
}

/** The seat's HTTP client for the REST backend (docs/architecture.md §3). Answers are checked against the shared schemas. */
export class BackendClient {
  private token: string | null = null;

  constructor(private readonly options: BackendClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  setToken(token: string | null): void {
    this.token = token;
  }

  /** The session token the requests carry (handed to the snapshot reader's own client). */
  get sessionToken(): string | null {
    return this.token;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async login(login: string, password: string): Promise<LoginResponse> {
    return this.request('POST', '/auth/login', LoginResponse, { login, password });
  }

  /** A page of the change log after `cursor`; with `snapshot` (cursor 0), a page of the initial-sync snapshot. */
  async pull(cursor: number, limit: number, snapshot?: string): Promise<SyncPullResponse> {
    const query = `cursor=${cursor}&limit=${limit}${snapshot === undefined ? '' : `&snapshot=${encodeURIComponent(snapshot)}`}`;
    return this.request('GET', `/sync/pull?${query}`, SyncPullResponse);
  }

  async push(request: SyncPushRequest): Promise<SyncPushResponse> {
    return this.request('POST', '/sync/push', SyncPushResponse, request);
  }

  /** The agents of the caller's branch. */
  async agents(): Promise<Agent[]> {
    return (await this.request('GET', '/agents', AgentList)).items;
  }

  /** A page of the figures in the caller's figures scope (GET /kpis). */
  async figures(query: KpiQuery): Promise<KpiPage> {
    return this.request('GET', `/kpis?${searchOf(query)}`, KpiPage);
  }

  /** The orders behind one figure (GET /kpis/orders). */
  async figureOrders(query: KpiOrdersQuery): Promise<KpiOrderPage> {
    return this.request('GET', `/kpis/orders?${searchOf(query)}`, KpiOrderPage);
  }

  /** Headquarters' outlet network (GET /outlet-network/volume, /capacity, /gaps). */
  async outletVolume(query: OutletVolumeQuery): Promise<OutletVolumePage> {
    return this.request('GET', `/outlet-network/volume?${searchOf(query)}`, OutletVolumePage);
  }

  async outletCapacity(query: OutletCapacityQuery): Promise<OutletCapacityPage> {
    return this.request('GET', `/outlet-network/capacity?${searchOf(query)}`, OutletCapacityPage);
  }

  async outletGaps(query: OutletGapQuery): Promise<OutletGapPage> {
    return this.request('GET', `/outlet-network/gaps?${searchOf(query)}`, OutletGapPage);
  }

  /** The division code table, or null rows when `edition` is already the backend's. */
  async regionTable(edition: string | null): Promise<RegionTableAnswer> {
    return this.request('GET', edition === null ? '/regions' : `/regions?edition=${encodeURIComponent(edition)}`, RegionTableAnswer);
  }

  /** The parts requests of the caller's branch waiting for a decision (the first 200, newest first). */
  async waitingPartsRequests(): Promise<PartsRequest[]> {
    return (await this.request('GET', '/parts-requests?status=requested&limit=200', PartsRequestList)).items;
  }

  /** The caller's branch's RDC stock (the first 200 part numbers). */
  async rdcStock(): Promise<RdcStock[]> {
    return (await this.request('GET', '/parts-stock?limit=200', RdcStockList)).items;
  }

  /** The parts desk's decision on one request. */
  async decideParts(requestId: string, decision: PartsDecision): Promise<PartsDecisionOutcome> {
    return this.request('POST', `/parts-requests/${encodeURIComponent(requestId)}/decision`, PartsDecisionOutcome, decision);
  }

  /** The campaigns whose target lists the signed-in supervisor or headquarters manages. */
  async managedCampaigns(): Promise<CampaignWithProgress[]> {
    return (await this.request('GET', '/campaigns/managed?limit=200', CampaignList)).items;
  }

  /** The agents a managed campaign's targets may be assigned to. */
  async assignableAgents(campaignId: string): Promise<Agent[]> {
    return (await this.request('GET', `/campaigns/${encodeURIComponent(campaignId)}/assignable-agents`, AgentList)).items;
  }

  /** Checks (dryRun) or writes a campaign's imported rows: all or none. */
  async importCampaignTargets(campaignId: string, request: CampaignImportRequest): Promise<CampaignImportResult> {
    return this.request('POST', `/campaigns/${encodeURIComponent(campaignId)}/targets/import`, CampaignImportResult, request);
  }

  async assignCampaignTargets(campaignId: string, request: CampaignAssignRequest): Promise<CampaignAssignResult> {
    return this.request('POST', `/campaigns/${encodeURIComponent(campaignId)}/targets/assign`, CampaignAssignResult, request);
  }

  /** The signed-in agent's presence, as this seat sees it (PUT /presence). */
  async reportPresence(report: PresenceReport): Promise<AgentPresence> {
    return this.request('PUT', '/presence', AgentPresence, report);
  }

  /** The signed-in agent's short-lived SIP credential (POST /sip/credential). */
  async sipCredential(): Promise<SipCredential> {
    return this.request('POST', '/sip/credential', SipCredential);
  }

  /** The team board of the caller's presence scope (GET /presence/branch). */
  async teamBoard(): Promise<TeamBoard> {
    return this.request('GET', '/presence/branch', TeamBoard);
  }

  /** A supervisor puts an agent of their branch to not ready (POST /presence/{id}/not-ready). */
  async putNotReady(agentId: string, reason: ChosenNotReadyReason): Promise<void> {
    await this.request('POST', `/presence/${encodeURIComponent(agentId)}/not-ready`, z.object({ requested: z.literal(true) }), { reason });
  }

  /** Keeps this seat cache's wrapped key at the backend for the signed-in agent (PUT /seat/cache-keys/{id}). */
  async escrowCacheKey(cacheId: string, put: CacheKeyEscrowPut): Promise<CacheKeyEscrow> {
    return this.request('PUT', `/seat/cache-keys/${encodeURIComponent(cacheId)}`, CacheKeyEscrow, put);
  }

  /** The signed-in agent's escrowed key of that cache, or null when none is kept for them (GET /seat/cache-keys/{id}). */
  async escrowedCacheKey(cacheId: string): Promise<CacheKeyEscrow | null> {
    try {
      return await this.request('GET', `/seat/cache-keys/${encodeURIComponent(cacheId)}`, CacheKeyEscrow);
    } catch (error) {
      if (error instanceof BackendError && error.status === 404) return null;
      throw error;
    }
  }

  /** The live-events stream (text/event-stream); the caller reads its body until it ends. */
  async openEventStream(signal: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await this.send(new URL('/sync/events', this.options.baseUrl), {
        headers: { accept: 'text/event-stream', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        signal,
      });
    } catch (cause) {
      throw new BackendError('unreachable', `live events unreachable: ${(cause as Error).message}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new BackendError(response.status === 401 ? 'unauthorized' : 'server', `live events refused: HTTP ${response.status}`, response.status);
    }
    return response;
  }

  private send(url: URL, init: RequestInit): Promise<Response> {
    return (this.options.fetch ?? fetch)(url, init);
  }

  private async request<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    return this.checked(schema, await this.fetchJson(method, path, body), `${method} ${path}`);
  }

  /**
   * A snapshot page fetched and parsed but not yet checked (checkSnapshotPage): the snapshot
   * reader starts fetching the next page, whose position it can read here, before it checks this one.
   */
  async snapshotPageUnchecked(limit: number, snapshot: string): Promise<unknown> {
    return this.fetchJson('GET', `/sync/pull?cursor=0&limit=${limit}&snapshot=${encodeURIComponent(snapshot)}`);
  }

  checkSnapshotPage(json: unknown): SyncPullResponse {
    return this.checked(SyncPullResponse, json, 'GET /sync/pull (snapshot)');
  }

  private checked<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new BackendError('server', `backend answer to ${what} does not match the contract: ${parsed.error.message}`);
    return parsed.data;
  }

  /** The JSON of a successful answer; a refusal, an unreachable backend or a cut-off body as a BackendError. */
  private async fetchJson(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await this.send(new URL(path, this.options.baseUrl), {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new BackendError('unreachable', `backend ${this.options.baseUrl} unreachable: ${(cause as Error).message}`);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      // A body cut off mid-way is a network failure, not a verdict from the server.
      throw new BackendError('unreachable', `backend answer to ${method} ${path} was cut off (HTTP ${response.status})`);
    }
    if (!response.ok) {
      const parsed = ApiError.safeParse(json);
      const message = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`;
      const code = parsed.success ? parsed.data.error.code : undefined;
      const kind = response.status === 401 ? 'unauthorized' : response.status < 500 ? 'rejected' : 'server';
      throw new BackendError(kind, message, response.status, code, parsed.success ? parsed.data.error.details : undefined);
    }
    return json;
  }
}

/** A query object as URL search parameters (fields left undefined are left out). */
function searchOf(query: object): string {
  const entries = Object.entries(query).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  return new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString();
}
