/** Says whether a request's answer may still be shown. */
export type StillCurrent = () => boolean;

/**
 * "Latest request wins" for a store's calls to the seat: an answer to an older question (typing
 * fast, another card opened, the panel closed) must not land after a newer one or after the
 * screen moved on.
 */
export interface LatestRequest {
  /** A request that outdates every earlier one (a load, a search). */
  begin(): StillCurrent;
  /**
   * A request that may run beside others (one per row, or a form's submit beside a reload):
   * outdated by the next `begin` or `drop` only.
   */
  join(): StillCurrent;
  /** Outdates every request so far: the form closed, the panel closed, the agent signed out. */
  drop(): void;
}

export function latestRequest(): LatestRequest {
  let generation = 0;
  const join = (): StillCurrent => {
    const mine = generation;
    return () => mine === generation;
  };
  return {
    begin() {
      generation++;
      return join();
    },
    join,
    drop() {
      generation++;
    },
  };
}
