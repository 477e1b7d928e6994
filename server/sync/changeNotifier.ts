import { concerns, type AgentScope, type ScopeEntry } from '../scope/agentScope.js';

/** Someone waiting for new changes in an agent's scope (an open /sync/events stream). */
export interface ChangeListener {
  changed(headSeq: number): void;
  /** The server is shutting down: end the stream. */
  closed(): void;
}

/** A committed change-log entry, as far as whose seats must hear of it. */
export interface ScopedChange extends ScopeEntry {
  seq: number;
}

/**
 * In-process publish/subscribe of "the change log of your scope now reaches seq N". Writers publish
 * the entries they committed (commit-then-notify), so a seat that pulls on the event finds the
 * change; each listener hears of the entries the scope rule (agentScope.ts) gives its agent, the
 * same ones its pull returns. One process only: several backend processes would need PostgreSQL
 * LISTEN/NOTIFY.
 */
export class ChangeNotifier {
  private readonly listeners = new Map<ChangeListener, AgentScope>();

  subscribe(scope: AgentScope, listener: ChangeListener): () => void {
    this.listeners.set(listener, scope);
    return () => this.listeners.delete(listener);
  }

  /** Call after commit, with the entries the transaction wrote (or, per scope, the newest of them). */
  publish(changes: readonly ScopedChange[]): void {
    if (changes.length === 0) return;
    for (const [listener, scope] of this.listeners) {
      let head = 0;
      for (const change of changes) if (change.seq > head && concerns(change, scope)) head = change.seq;
      if (head > 0) listener.changed(head);
    }
  }

  /** Ends every open stream (before the server closes, which waits for open connections). */
  closeAll(): void {
    const listeners = [...this.listeners.keys()];
    this.listeners.clear();
    for (const listener of listeners) listener.closed();
  }
}
