/** Someone waiting for a branch's new changes (an open /sync/events stream). */
export interface ChangeListener {
  changed(headSeq: number): void;
  /** The server is shutting down: end the stream. */
  closed(): void;
}

/**
 * In-process publish/subscribe of "branch X's change log now reaches seq N". Writers publish
 * after their transaction commits (commit-then-notify), so a seat that pulls on the event finds
 * the change. One process only: several backend processes would need PostgreSQL LISTEN/NOTIFY.
 */
export class ChangeNotifier {
  private readonly listeners = new Map<string, Set<ChangeListener>>();

  subscribe(branchId: string, listener: ChangeListener): () => void {
    const set = this.listeners.get(branchId) ?? new Set<ChangeListener>();
    set.add(listener);
    this.listeners.set(branchId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(branchId);
    };
  }

  /** Call after commit, with the newest committed seq per branch. */
  publish(headSeqByBranch: ReadonlyMap<string, number>): void {
    for (const [branchId, headSeq] of headSeqByBranch) {
      for (const listener of this.listeners.get(branchId) ?? []) listener.changed(headSeq);
    }
  }

  /** Ends every open stream (before the server closes, which waits for open connections). */
  closeAll(): void {
    for (const set of this.listeners.values()) for (const listener of [...set]) listener.closed();
    this.listeners.clear();
  }
}
