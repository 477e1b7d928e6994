import type pg from 'pg';
import type { AgentPresence, NotReadyRequest } from '../../shared/domain/agentPresence.js';
import { entryKeys, scopeKeys, type AgentScope, type ScopeEntry } from '../scope/agentScope.js';

/** Someone waiting for new changes in an agent's scope (an open /sync/events stream). */
export interface ChangeListener {
  changed(headSeq: number): void;
  /** The server is shutting down, or lost its feed of other processes' changes: end the stream. */
  closed(): void;
}

/**
 * A presence notice (shared/domain/agentPresence.ts): an agent's new presence, for the team boards
 * watching its branch; or a supervisor's request that an agent go not ready, for that agent's seats.
 */
export type PresenceNotice = { kind: 'presence'; presence: AgentPresence } | { kind: 'not_ready'; request: NotReadyRequest };

/** An open /sync/events stream, as far as presence goes. */
export interface PresenceListener {
  /** The branches whose agents' presence it is sent (null: every branch; empty: none). */
  watchedBranchIds: readonly string[] | null;
  /** Its agent: not-ready requests for them are sent to it. */
  agentId: string;
  notice(notice: PresenceNotice): void;
}

/** A committed change-log entry, as far as whose seats must hear of it. */
export interface ScopedChange extends ScopeEntry {
  seq: number;
}

/** Newest seq per scope key (changeLogSeqs.entryKeys): what a notice carries, and all a listener needs. */
type KeyHeads = Map<string, number>;

/**
 * A burst of changes to one branch (a seat's push in several transactions, a REST batch) wakes
 * each seat once, with the newest head, this long after the first of them.
 */
export const COALESCE_MS = 100;

/**
 * Publish/subscribe of "the change log of your scope now reaches seq N". Writers publish the
 * entries they committed (commit-then-notify), so a seat that pulls on the event finds the change;
 * each listener hears of the entries the scope rule (agentScope.ts) gives its agent, the same
 * ones its pull returns, through the scope keys both share. This class delivers within its own
 * process (SQLite: one process); PostgresChangeNotifier carries notices between processes.
 */
export class ChangeNotifier {
  private readonly listeners = new Map<ChangeListener, { keys: string[]; pending: number; timer: NodeJS.Timeout | null }>();
  private readonly presenceListeners = new Set<PresenceListener>();

  /** Hears presence notices (not coalesced: each is a state change a board shows within a second). */
  subscribePresence(listener: PresenceListener): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  /** After the presence write: to the listeners of this process (PostgreSQL: of every process). */
  publishPresence(notice: PresenceNotice): void {
    this.deliverPresence(notice);
  }

  protected deliverPresence(notice: PresenceNotice): void {
    for (const listener of this.presenceListeners) {
      const wanted =
        notice.kind === 'presence'
          ? listener.watchedBranchIds === null || listener.watchedBranchIds.includes(notice.presence.branchId)
          : listener.agentId === notice.request.agentId;
      if (wanted) listener.notice(notice);
    }
  }

  subscribe(scope: AgentScope, listener: ChangeListener): () => void {
    this.listeners.set(listener, { keys: scopeKeys(scope), pending: 0, timer: null });
    return () => {
      const entry = this.listeners.get(listener);
      if (entry?.timer) clearTimeout(entry.timer);
      this.listeners.delete(listener);
    };
  }

  /** Call after commit, with the entries the transaction wrote (or, per scope, the newest of them). */
  publish(changes: readonly ScopedChange[]): void {
    if (changes.length > 0) this.deliver(keyHeads(changes));
  }

  /** Wakes, once per COALESCE_MS at most, each listener whose scope has a key among the heads. */
  protected deliver(heads: KeyHeads): void {
    for (const [listener, entry] of this.listeners) {
      let head = 0;
      for (const key of entry.keys) head = Math.max(head, heads.get(key) ?? 0);
      if (head <= entry.pending) continue;
      entry.pending = head;
      entry.timer ??= setTimeout(() => {
        entry.timer = null;
        listener.changed(entry.pending);
      }, COALESCE_MS);
    }
  }

  /** Ends every open stream (before the server closes, which waits for open connections). */
  closeAll(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const [listener, entry] of listeners) {
      if (entry.timer) clearTimeout(entry.timer);
      listener.closed();
    }
  }

  /** Called once the server is ready; the in-process notifier has nothing to start. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.closeAll();
  }
}

function keyHeads(changes: readonly ScopedChange[]): KeyHeads {
  const heads: KeyHeads = new Map();
  for (const change of changes) for (const key of entryKeys(change)) heads.set(key, Math.max(heads.get(key) ?? 0, change.seq));
  return heads;
}

const CHANNEL = 'aw_change_log';
/** Presence notices: one small JSON object each (well under NOTIFY's 8000 bytes). */
const PRESENCE_CHANNEL = 'aw_presence';
/** NOTIFY payloads must stay under 8000 bytes: a notice with more keys is sent in parts. */
const KEYS_PER_NOTICE = 80;
const RELISTEN_MS = 1_000;
/**
 * Commits of this process within this long share one NOTIFY (newest head per key): a statement
 * is a round trip and a socket write, and at 200 pushes/s one per push was a tenth of the pushes'
 * statements (concurrent-seats profile). Well below COALESCE_MS, which listeners wait anyway.
 */
const NOTIFY_BATCH_MS = 10;

/**
 * The notifier of any number of API processes on one PostgreSQL: a process that committed changes
 * sends their key heads with NOTIFY, and every process (itself included) LISTENs on its own
 * connection and wakes its listeners. A lost listening connection ends this process's streams
 * (their seats reconnect and read the current head, so no notice missed meanwhile is lost) and is
 * opened again. A notice lost in a crash between commit and NOTIFY costs a seat at most its
 * polling interval.
 */
export class PostgresChangeNotifier extends ChangeNotifier {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  /** Heads committed and not yet sent (NOTIFY_BATCH_MS). */
  private readonly unsent: KeyHeads = new Map();
  private sending: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly openClient: () => pg.Client,
  ) {
    super();
  }

  override publish(changes: readonly ScopedChange[]): void {
    if (changes.length === 0) return;
    for (const [key, seq] of keyHeads(changes)) this.unsent.set(key, Math.max(this.unsent.get(key) ?? 0, seq));
    this.sending ??= setTimeout(() => this.sendUnsent(), NOTIFY_BATCH_MS);
  }

  /** One NOTIFY (in parts if it has many keys) for the heads committed since the last. */
  private sendUnsent(): void {
    this.sending = null;
    const entries = [...this.unsent];
    this.unsent.clear();
    for (let i = 0; i < entries.length; i += KEYS_PER_NOTICE) {
      const payload = JSON.stringify(Object.fromEntries(entries.slice(i, i + KEYS_PER_NOTICE)));
      // After commit, outside the writer's transaction; a failure here loses a wake-up, not a change.
      this.pool.query('select pg_notify($1, $2)', [CHANNEL, payload]).catch(() => undefined);
    }
  }

  override publishPresence(notice: PresenceNotice): void {
    this.pool.query('select pg_notify($1, $2)', [PRESENCE_CHANNEL, JSON.stringify(notice)]).catch(() => undefined);
  }

  override async start(): Promise<void> {
    const client = this.openClient();
    client.on('notification', (message) => {
      if (!message.payload) return;
      if (message.channel === PRESENCE_CHANNEL) {
        this.deliverPresence(JSON.parse(message.payload) as PresenceNotice);
        return;
      }
      if (message.channel !== CHANNEL) return;
      const heads = JSON.parse(message.payload) as Record<string, number>;
      this.deliver(new Map(Object.entries(heads)));
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    await client.query(`listen ${PRESENCE_CHANNEL}`);
    this.client = client;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.closeAll();
    if (this.stopped) return;
    const again = () => {
      this.retry = null;
      if (!this.stopped) this.start().catch(() => (this.retry = setTimeout(again, RELISTEN_MS)));
    };
    this.retry = setTimeout(again, RELISTEN_MS);
  }

  override async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.sending) {
      clearTimeout(this.sending);
      this.sendUnsent();
    }
    const client = this.client;
    this.client = null;
    this.closeAll();
    await client?.end().catch(() => undefined);
  }
}
