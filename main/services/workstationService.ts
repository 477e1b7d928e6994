import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Agent, Branch } from '../../shared/domain/branch.js';
import { LOW_SATISFACTION } from '../../shared/domain/followUp.js';
import { refusal } from '../../shared/domain/refusal.js';
import { ROLE_DUTIES } from '../../shared/domain/roles.js';
import type { CallResult } from '../../shared/rawBridge.js';
import type { SeatConfig } from '../../shared/seatConfig.js';
import {
  WorkstationError,
  describeIssues,
  workstationMethods,
  type EventPayload,
  type MethodOutput,
  type MethodParsedInput,
  type SeatInfo,
  type SessionInfo,
  type WorkstationEvent,
  type WorkstationMethod,
} from '../../shared/workstationApi.js';
import { unstorableTextMessage } from '../../shared/storableText.js';
import { agentFiguresToday } from './agentFigures.js';
import { DesktopChannel } from './desktop/desktopChannel.js';
import { cacheReport, type CacheReport } from './desktop/diagnostics.js';
import { campaignCall, campaignsWithProgress, nextCampaignCall, recordCampaignOutcome } from './campaignCalls.js';
import { assignableAgents, assignCampaignTargets, importCampaignRows, managedCampaigns, previewCampaignImport } from './campaignImport.js';
import { AudioDeviceSettings } from './audioDeviceSettings.js';
import { branchAgents, knownAgents } from './branchAgents.js';
import { awaitingDuplicateReview } from './duplicateReview.js';
import { deskFigureOrders, deskFigures, fromBackendOnly } from './deskFigures.js';
import { putNotReady, reportPresence, teamBoard } from './teamPresence.js';
import { refreshRegionTable } from './seatRegions.js';
import { advanceComplaint, takeComplaint } from './complaintChanges.js';
import { decidePartsRequest, waitingPartsRequests } from './partsDesk.js';
import { agentSipAccount } from './credentials/agentSipAccount.js';
import type { CacheKey } from './localCache/cacheEncryption.js';
import { resolveSipCredential, type SipCredential } from './credentials/sipCredential.js';
import type { CacheKeyStore } from './credentials/cacheKeys.js';
import { escrowCacheKey, openAgentCacheOffline, openAgentCacheOnline, type AgentCacheAccess } from './session/cacheKeyRecovery.js';
import { CustomerLookup } from './customerLookup.js';
import { duplicateCheck } from './duplicateCheck.js';
import { registerProduct } from './installBaseChanges.js';
import { LocalChanges } from './localChanges.js';
import { conflictsAtSeat, deadLettersAtSeat, pendingChanges } from './syncProblems.js';
import { pushingSeatId } from '../../shared/seatIdentity.js';
import { LocalCache } from './localCache/localCache.js';
import { orderTimeline } from './orderTimeline.js';
import { outletsForDispatch, outletsForOrder } from './outletsForOrder.js';
import { markMyWorkLooked, myWork } from './myWork.js';
import { addNote } from './noteChanges.js';
import { recordManualContact } from './contactChanges.js';
import { contactHistory } from './contactHistory.js';
import { requestParts } from './partsRequestChanges.js';
import type { SeatChangeContext } from './recordLocalRow.js';
import { overdueOrders } from './overdueOrders.js';
import { handoverDraft, handoverResult, teamReassignDraft } from './shiftHandover.js';
import { escalatedComplaints } from './escalatedComplaints.js';
import { checkOfflineVerifier, makeOfflineVerifier } from './session/offlineLogin.js';
import { BackendClient, BackendError } from './sync/backendClient.js';
import { LiveEvents } from './sync/liveEvents.js';
import { SeatSync } from './sync/seatSync.js';

export type DispatchResult = CallResult;

export interface WorkstationServiceOptions {
  config: SeatConfig;
  host: SeatInfo['host'];
  appVersion: string;
  /** better-sqlite3 build for this host's ABI (Electron's differs from Node's). */
  nativeBinding?: string;
  /**
   * The keys of the agents' caches (kept in the OS keychain in the app, escrowed at the backend:
   * session/cacheKeyRecovery.ts); none: the caches are not encrypted.
   */
  cacheKeys?: CacheKeyStore;
  /** The softphone's account with its password (from the OS keychain in the app); by default the seat file's. */
  sipCredential?: SipCredential;
  /** The host's network stack for the backend (Electron's net.fetch: system proxy and certificates); Node's fetch by default. */
  fetch?: typeof fetch;
}

interface ActiveSession {
  info: SessionInfo;
  cache: LocalCache;
  lookup: CustomerLookup;
  changes: LocalChanges;
  sync: SeatSync;
  live: LiveEvents;
  /** The id this seat pushes under (shared/seatIdentity.ts). */
  seatId: string;
}

/** How far back the supervisor's low-score flags reach. */
const LOW_SCORE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const OFFLINE_VERIFIER_KEY = 'session.offlineVerifier';
const SESSION_PROFILE_KEY = 'session.profile';
/** Identifies this cache (this seat's copy of the data) to the backend, e.g. in conflict records. */
const SEAT_INSTANCE_KEY = 'seat.instanceId';

type Handlers = { [M in WorkstationMethod]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

/**
 * The main-process services behind the workstation contract, independent of the host: Electron
 * registers `dispatch` as its IPC handlers, the browser seat serves it over a WebSocket. Every
 * input is validated against the contract before a handler sees it.
 */
export class WorkstationService {
  private session: ActiveSession | null = null;
  private readonly backend: BackendClient;
  private readonly listeners = new Set<(event: WorkstationEvent, payload: unknown) => void>();
  private readonly handlers: Handlers;
  private readonly audioDevices: AudioDeviceSettings;
  /** The page's phone and the desktop host's commands to it (tray, power events, keys, links). */
  readonly desktop = new DesktopChannel((command) => this.emit('desktop.command', command));

  constructor(private readonly options: WorkstationServiceOptions) {
    this.backend = new BackendClient({ baseUrl: options.config.backendUrl, fetch: options.fetch });
    this.audioDevices = new AudioDeviceSettings(options.config.dataDir);
    this.handlers = {
      'seat.info': () => ({
        host: options.host,
        seatCode: options.config.seatCode,
        backendUrl: options.config.backendUrl,
        appVersion: options.appVersion,
      }),
      // A seat that runs has its configuration: the first-run screen is never shown, nothing to save.
      'setup.status': () => ({ needed: false, machineSeatFile: null }),
      'setup.check': () => {
        throw new WorkstationError('bad_input', 'this seat is set up already');
      },
      'setup.save': () => {
        throw new WorkstationError('bad_input', 'this seat is set up already');
      },
      'session.login': ({ login, password, startCacheAfresh }) => this.login(login, password, startCacheAfresh ?? false),
      'session.logout': () => {
        this.endSession();
        return { ok: true as const };
      },
      'session.current': () => this.session?.info ?? null,
      'customers.search': ({ query, limit }) => this.active().lookup.search(query, limit),
      'customers.card': ({ customerId }) => this.active().lookup.card(customerId),
      'customers.screenPop': ({ phone }) => this.active().lookup.screenPop(phone),
      'customers.create': (input) => this.active().changes.createCustomer(input),
      'customers.update': ({ customerId, changes }) => this.active().changes.updateCustomer(customerId, changes),
      'orders.create': (input) => this.active().changes.createServiceOrder(input),
      'orders.changeStatus': ({ orderId, status, ...step }) => this.active().changes.changeOrderStatus(orderId, status, step),
      'orders.reassign': ({ orderId, ownerAgentId, note }) => {
        const { changes, cache, info } = this.active();
        return changes.reassignOrder(orderId, ownerAgentId, knownAgents(cache, info.agent), note);
      },
      'orders.handoverDraft': async () => {
        const { cache, info } = this.active();
        return handoverDraft(cache, info.agent, await branchAgents(this.backend, cache, info.agent));
      },
      'orders.handOver': async (request) => {
        const session = this.active();
        let agents = knownAgents(session.cache, session.info.agent);
        // A receiver the kept list does not name: the branch's list may be newer (online).
        if (request.toAgentIds.some((id) => !agents.some((a) => a.id === id))) agents = await branchAgents(this.backend, session.cache, session.info.agent);
        if (this.session !== session) throw new WorkstationError('not_logged_in', 'the session ended during the handover');
        return handoverResult(session.changes.handOverOrders(request, agents), request.toAgentIds, agents);
      },
      'team.reassignDraft': async ({ agentId }) => {
        const { cache, info } = this.active();
        if (!ROLE_DUTIES[info.agent.role].leadsTeam) throw WorkstationError.refused('not_permitted', refusal('reassign_not_team_lead', {}));
        let agents = knownAgents(cache, info.agent);
        if (!agents.some((a) => a.id === agentId)) agents = await branchAgents(this.backend, cache, info.agent);
        return teamReassignDraft(cache, agentId, agents);
      },
      'team.reassign': async (request) => {
        const session = this.active();
        let agents = knownAgents(session.cache, session.info.agent);
        const named = [request.fromAgentId, ...request.toAgentIds];
        if (named.some((id) => !agents.some((a) => a.id === id))) agents = await branchAgents(this.backend, session.cache, session.info.agent);
        if (this.session !== session) throw new WorkstationError('not_logged_in', 'the session ended during the reassignment');
        return handoverResult(session.changes.reassignTeamOrders(request, agents), request.toAgentIds, agents);
      },
      'orders.awaitingDuplicateReview': ({ limit }) => {
        const { cache, info } = this.active();
        return awaitingDuplicateReview(cache, info.agent, knownAgents(cache, info.agent), limit);
      },
      'orders.reviewDuplicate': (request) => this.active().changes.reviewDuplicate(request),
      'myWork.show': ({ limit }) => myWork(this.active().cache, this.active().info.agent, new Date(), limit),
      'myWork.markLooked': ({ upToVersion }) => markMyWorkLooked(this.active().cache, this.active().info.agent.id, upToVersion),
      'orders.dispatch': (input) => this.active().changes.dispatchOrder(input),
      'orders.dispatchOptions': ({ orderId }) => outletsForDispatch(this.active().cache, orderId),
      'orders.timeline': ({ orderId }) => orderTimeline(this.active().cache, orderId),
      'orders.overdue': () => overdueOrders(this.active().cache, new Date()),
      'orders.duplicateCheck': (input) => duplicateCheck(this.active().cache, input, new Date()),
      'outlets.suggest': ({ customerId, category }) => outletsForOrder(this.active().cache, customerId, category),
      'interactions.record': (input) => this.active().changes.recordInteraction(input),
      'interactions.ofCustomer': ({ customerId, limit }) => this.active().cache.interactions.ofCustomer(customerId, limit),
      'contacts.record': (input) => recordManualContact(this.changeContext(), input),
      'contacts.history': (query) => {
        const { cache, info } = this.active();
        return contactHistory(cache, knownAgents(cache, info.agent), query);
      },
      'agent.figuresToday': () => agentFiguresToday(this.active().cache, this.active().info.agent.id, new Date()),
      'agents.ofBranch': () => branchAgents(this.backend, this.active().cache, this.active().info.agent),
      'desk.figures': (query) => deskFigures(this.backend, this.active().cache, query),
      'desk.figureOrders': (query) => deskFigureOrders(this.backend, query),
      'outletNetwork.volume': (query) => fromBackendOnly(() => this.backend.outletVolume(query)),
      'outletNetwork.capacity': (query) => fromBackendOnly(() => this.backend.outletCapacity(query)),
      'outletNetwork.gaps': (query) => fromBackendOnly(() => this.backend.outletGaps(query)),
      'partsDesk.waiting': () => waitingPartsRequests(this.backend, this.active().cache),
      'partsDesk.decide': ({ requestId, decision }) => decidePartsRequest(this.backend, requestId, decision),
      'followUps.list': () => this.active().cache.followUps.open(new Date()),
      'followUps.lowScores': () => this.active().cache.followUps.lowScores(LOW_SATISFACTION, new Date(Date.now() - LOW_SCORE_DAYS * DAY_MS)),
      'regions.table': () => {
        const index = this.active().cache.regions.index();
        return { edition: index.edition, regions: index.all() };
      },
      'followUps.complete': (input) => this.active().changes.completeFollowUp(input),
      'softphone.audioDevices': () => this.audioDevices.read(),
      'softphone.setAudioDevices': (devices) => this.audioDevices.write(devices),
      'products.create': (input) => registerProduct(this.changeContext(), input),
      'knowledge.search': ({ query, category, preferCategory, language, limit }) =>
        this.active().cache.knowledge.search(query, { category, preferCategory, language }, limit),
      'knowledge.get': ({ articleId }) => this.active().cache.knowledge.get(articleId),
      'partsRequests.create': (input) => requestParts(this.changeContext(), input),
      'partsRequests.ofOrder': ({ orderId }) => this.active().cache.partsRequests.ofOrder(orderId),
      'complaints.create': (input) => takeComplaint(this.changeContext(), input),
      'complaints.advance': ({ complaintId, step }) => advanceComplaint(this.changeContext(), complaintId, step),
      'complaints.ofCustomer': ({ customerId }) => this.active().cache.complaints.ofCustomer(customerId),
      'complaints.open': ({ limit }) => this.active().cache.complaints.open(limit),
      'complaints.escalated': ({ limit }) => escalatedComplaints(this.active().cache, new Date(), limit),
      'notes.add': (input) => addNote(this.changeContext(), input),
      'notes.ofCustomer': ({ customerId, query, limit }) => this.active().cache.notes.ofCustomer(customerId, query, limit),
      'notes.ofOrder': ({ orderId }) => this.active().cache.notes.ofOrder(orderId),
      'campaigns.list': () => campaignsWithProgress(this.active().cache),
      'campaigns.nextTarget': ({ campaignId, afterPosition }) => nextCampaignCall(this.active().cache, campaignId, afterPosition),
      'campaigns.recordOutcome': (input) => recordCampaignOutcome(this.changeContext(), input),
      'campaigns.target': ({ targetId }) => campaignCall(this.active().cache, targetId),
      'campaignLists.managed': () => this.online().then(() => managedCampaigns(this.backend)),
      'campaignLists.assignableAgents': ({ campaignId }) => this.online().then(() => assignableAgents(this.backend, campaignId)),
      'campaignLists.preview': ({ campaignId, contentBase64 }) =>
        this.online().then(() => previewCampaignImport(this.backend, campaignId, contentBase64, (progress) => this.emit('campaignLists.progress', progress))),
      'campaignLists.import': ({ campaignId, rows }) =>
        this.online().then(() => importCampaignRows(this.backend, campaignId, rows, (progress) => this.emit('campaignLists.progress', progress))),
      'campaignLists.assign': ({ campaignId, ...request }) => this.online().then(() => assignCampaignTargets(this.backend, campaignId, request)),
      'softphone.account': () => {
        this.active(); // a credential goes only to a logged-in agent's page
        // per agent (the default): a short-lived credential the backend issues to the signed-in agent
        if (options.config.sip?.credential === 'per_agent') return agentSipAccount(options.config, () => this.backend.sipCredential());
        // the documented fallback for a PBX without auth_ephemeral: the seat's own password
        const { account, problem } = options.sipCredential ?? resolveSipCredential(options.config, { vault: null });
        if (problem) throw problem;
        return account;
      },
      // A signed-in agent's page only: the backend knows the agent by the session's token.
      'presence.report': (report) => this.online().then(() => reportPresence(this.backend, report)),
      'presence.board': () => this.online().then(() => teamBoard(this.backend, this.active().cache, new Date())),
      'presence.putNotReady': ({ agentId, reason }) => this.online().then(() => putNotReady(this.backend, agentId, reason)),
      'sync.status': () => this.active().sync.current,
      'sync.deadLetters': () => deadLettersAtSeat(this.active().cache),
      'sync.conflicts': () => {
        const { cache, seatId, info } = this.active();
        return conflictsAtSeat(cache, seatId, knownAgents(cache, info.agent));
      },
      'sync.pending': ({ limit }) => pendingChanges(this.active().cache, limit),
      'sync.resolveConflict': (input) => {
        this.active().changes.resolveConflict(input);
        return { ok: true as const };
      },
      'sync.dismissDeadLetter': ({ mutationId }) => {
        this.active().cache.outbox.dismissDeadLetter(mutationId);
        this.emit('data.changed', { changes: [{ entity: 'deadLetter', ids: [mutationId], customerIds: [], orderIds: [] }] });
        return { ok: true as const };
      },
      'sync.now': () => this.active().sync.syncNow(),
      'desktop.reportPhone': (status) => {
        this.desktop.report(status);
        return { ok: true as const };
      },
    };
  }

  /** The seat's configuration (the hosts build their CSP from it). */
  get seatConfig(): SeatConfig {
    return this.options.config;
  }

  on(listener: (event: WorkstationEvent, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One contract call from a renderer: validated in, handled, validated out, errors as data. */
  async dispatch(method: string, rawInput: unknown): Promise<DispatchResult> {
    if (!Object.hasOwn(workstationMethods, method)) {
      return { ok: false, error: { code: 'bad_input', message: `unknown method: ${method}` } };
    }
    const m = method as WorkstationMethod;
    const spec = workstationMethods[m];
    const unstorable = unstorableTextMessage(rawInput);
    if (unstorable) return { ok: false, error: { code: 'bad_input', message: unstorable } };
    const input = spec.input.safeParse(rawInput ?? {});
    if (!input.success) {
      return { ok: false, error: { code: 'bad_input', message: describeIssues(input.error), details: input.error.issues } };
    }
    try {
      const handler = this.handlers[m] as (input: unknown) => unknown;
      const output = await handler(input.data);
      return { ok: true, output: spec.output.parse(output) };
    } catch (error) {
      if (error instanceof WorkstationError) return { ok: false, error: error.toShape() };
      return { ok: false, error: { code: 'internal', message: (error as Error).message } };
    }
  }

  /** Local changes the backend has not acknowledged yet (0 without a session). */
  get unsyncedChanges(): number {
    return this.session?.sync.current.pending ?? 0;
  }

  /** The open cache's integrity and what waits in it, for the diagnostics bundle; null without a session. */
  cacheReport(): CacheReport | null {
    return this.session ? cacheReport(this.session.cache, this.session.info) : null;
  }

  /** Pushes and pulls now if an agent is logged in (the PC just woke up). */
  syncNowIfActive(): void {
    void this.session?.sync.syncNow().catch(() => {});
  }

  close(): void {
    this.endSession();
  }

  private active(): ActiveSession {
    if (!this.session) throw new WorkstationError('not_logged_in', 'log in first');
    return this.session;
  }

  /** For a change made at this seat: the session's cache and agent, and its sync to wake. */
  private changeContext(): SeatChangeContext {
    const { cache, info, sync } = this.active();
    return { cache, agent: info.agent, branch: info.branch, onChange: () => sync.notifyLocalChange() };
  }

  private async login(login: string, password: string, startCacheAfresh = false): Promise<SessionInfo> {
    this.endSession();
    let info: SessionInfo;
    let cache: LocalCache;
    try {
      const answer = await this.backend.login(login, password);
      this.backend.setToken(answer.token);
      const opened = await this.openCacheOnline(login, password, startCacheAfresh);
      cache = opened.cache;
      cache.writeMeta(OFFLINE_VERIFIER_KEY, makeOfflineVerifier(password));
      cache.writeMeta(SESSION_PROFILE_KEY, JSON.stringify({ agent: answer.agent, branch: answer.branch }));
      info = { agent: answer.agent, branch: answer.branch, offline: false, ...(opened.recovery ? { cacheRecovery: opened.recovery } : {}) };
    } catch (error) {
      if (error instanceof WorkstationError) throw error;
      if (!(error instanceof BackendError) || error.kind !== 'unreachable') {
        if (error instanceof BackendError && (error.kind === 'unauthorized' || error.kind === 'rejected')) {
          throw new WorkstationError('auth_failed', error.message);
        }
        throw new WorkstationError('internal', (error as Error).message);
      }
      ({ info, cache } = this.offlineLogin(login, password));
    }
    const seatId = this.seatIdOf(cache);
    const sync = new SeatSync({
      cache,
      backend: this.backend,
      seatId,
      intervalMs: this.options.config.syncIntervalMs,
      // The token expired, or the agent logged in offline: log in again with the credentials
      // held in memory for this session only.
      onUnauthorized: async () => {
        try {
          this.backend.setToken((await this.backend.login(login, password)).token);
          return true;
        } catch {
          return false;
        }
      },
    });
    sync.onStatus((status) => this.emit('sync.status', status));
    cache.onRowsChanged = (changes) => this.emit('data.changed', { changes });
    const changes = new LocalChanges({
      cache,
      agent: info.agent,
      branch: info.branch,
      seatCode: this.options.config.seatCode,
      seatId,
      onChange: () => sync.notifyLocalChange(),
    });
    const live = new LiveEvents({
      backend: this.backend,
      onHead: (headSeq) => void sync.remoteHead(headSeq),
      onPresence: (presence) => this.emit('presence.changed', presence),
      onNotReadyRequest: (request) => {
        if (request.agentId === info.agent.id) this.emit('presence.notReadyRequested', request);
      },
    });
    // Before the session starts: the customer forms and rules need the table the backend ships.
    if (!info.offline) await refreshRegionTable(this.backend, cache);
    this.session = { info, cache, lookup: new CustomerLookup(cache), changes, sync, live, seatId };
    void sync.start();
    live.start();
    // Kept now so that orders can be handed over after the link drops, even if no list was opened before.
    if (!info.offline) void branchAgents(this.backend, cache, info.agent).catch(() => undefined);
    this.emit('session.changed', info);
    return info;
  }

  private offlineLogin(login: string, password: string): { info: SessionInfo; cache: LocalCache } {
    const file = this.cacheFile(login);
    const unavailable = new WorkstationError(
      'offline_login_unavailable',
      'The backend is unreachable and this seat has no saved login for this agent; log in once while online.',
    );
    if (!fs.existsSync(file)) throw unavailable;
    const cache = this.options.cacheKeys ? openAgentCacheOffline(this.cacheAccess(login)) : this.openCache(login);
    const verifier = cache.readMeta(OFFLINE_VERIFIER_KEY);
    const profile = cache.readMeta(SESSION_PROFILE_KEY);
    if (!verifier || !profile) {
      cache.close();
      throw unavailable;
    }
    if (!checkOfflineVerifier(password, verifier)) {
      cache.close();
      throw new WorkstationError('auth_failed', 'wrong login or password');
    }
    const saved = JSON.parse(profile) as { agent: unknown; branch: unknown };
    return { info: { agent: Agent.parse(saved.agent), branch: Branch.parse(saved.branch), offline: true }, cache };
  }

  private cacheName(login: string): string {
    return login.toLowerCase().replace(/[^a-z0-9._-]/g, '_');
  }

  private cacheFile(login: string): string {
    // One cache per agent: a seat shared across shifts never shows one agent another branch's data.
    return path.resolve(this.options.config.dataDir, this.cacheName(login), 'cache.db');
  }

  private openCache(login: string, key?: CacheKey): LocalCache {
    return LocalCache.open(this.cacheFile(login), {
      nativeBinding: this.options.nativeBinding,
      key,
      onNotice: (line) => console.warn(line),
    });
  }

  private cacheAccess(login: string): AgentCacheAccess {
    return {
      file: this.cacheFile(login),
      cacheName: this.cacheName(login),
      keys: this.options.cacheKeys!,
      open: (key) => this.openCache(login, key),
      nativeBinding: this.options.nativeBinding,
      log: (line) => console.warn(line),
    };
  }

  /**
   * The agent's cache after an online login: with the key the keychain holds, or recovered from
   * escrow when the keychain lost it (session/cacheKeyRecovery.ts); then its key is escrowed
   * (again) under the password the backend just accepted.
   */
  private async openCacheOnline(login: string, password: string, startAfresh: boolean): Promise<{ cache: LocalCache; recovery: SessionInfo['cacheRecovery'] | null }> {
    if (!this.options.cacheKeys) return { cache: this.openCache(login), recovery: null };
    const access = this.cacheAccess(login);
    const opened = await openAgentCacheOnline(access, this.backend, password, (cache) => this.seatIdOf(cache), { startAfresh });
    try {
      await escrowCacheKey(access.file, opened.key, password, this.backend, opened.replaced, access.log);
    } catch (error) {
      opened.cache.close();
      throw error;
    }
    return { cache: opened.cache, recovery: opened.recovery };
  }

  /** The id this cache pushes under (shared/seatIdentity.ts), made on its first use. */
  private seatIdOf(cache: LocalCache): string {
    let seatInstanceId = cache.readMeta(SEAT_INSTANCE_KEY);
    if (!seatInstanceId) {
      seatInstanceId = crypto.randomUUID();
      cache.writeMeta(SEAT_INSTANCE_KEY, seatInstanceId);
    }
    return pushingSeatId(this.options.config.seatCode, seatInstanceId);
  }

  private endSession(): void {
    if (!this.session) return;
    this.session.live.stop();
    this.session.sync.stop();
    this.session.cache.close();
    this.session = null;
    this.backend.setToken(null);
    this.emit('session.changed', null);
  }

  /** Resolves when an agent is signed in (else not_logged_in, as `active`). */
  private async online(): Promise<void> {
    this.active();
  }

  private emit<E extends WorkstationEvent>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
