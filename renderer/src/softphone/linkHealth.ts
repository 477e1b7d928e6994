/**
 * Is the link to the SIP proxy alive? A WebSocket over a dead path (a router dropping packets, a
 * laptop's Wi-Fi gone quiet) stays "open" for minutes: TCP only notices when it gives up
 * retransmitting. So the phone asks the proxy (SIP OPTIONS, which the proxy answers itself) every
 * `pingEveryMs` and declares the link dead when a question waits longer than `answerWithinMs` for
 * its answer. Anything heard from the proxy counts as an answer. Pure: the phone sends the pings
 * and feeds in what it hears.
 */
export interface LinkHealthOptions {
  pingEveryMs: number;
  answerWithinMs: number;
}

/** Detection within 3.5 s at worst (a link dying just after an answer: next ping at 1.5 s, 2 s without answer). */
export const DEFAULT_LINK_HEALTH: LinkHealthOptions = { pingEveryMs: 1500, answerWithinMs: 2000 };

export class LinkHealth {
  /** When the oldest unanswered ping was sent (null: none waiting). */
  private waitingSince: number | null = null;
  private lastPingAt = -Infinity;

  constructor(readonly options: LinkHealthOptions = DEFAULT_LINK_HEALTH) {}

  /** A new connection: nothing is owed on it yet. */
  reset(now: number): void {
    this.waitingSince = null;
    this.lastPingAt = now;
  }

  pingDue(now: number): boolean {
    return now - this.lastPingAt >= this.options.pingEveryMs;
  }

  pinged(now: number): void {
    this.lastPingAt = now;
    if (this.waitingSince === null) this.waitingSince = now;
  }

  /** The proxy said something (an answer to a ping, or any other message). */
  heard(): void {
    this.waitingSince = null;
  }

  isDead(now: number): boolean {
    return this.waitingSince !== null && now - this.waitingSince > this.options.answerWithinMs;
  }
}
