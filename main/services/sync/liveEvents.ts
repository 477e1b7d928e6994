import { AgentPresence, NotReadyRequest } from '../../../shared/domain/agentPresence.js';
import type { BackendClient } from './backendClient.js';

export interface LiveEventsOptions {
  backend: BackendClient;
  /**
   * The backend's change log for this seat's branch reaches `headSeq` (null: the event did not
   * say). Sent once when the stream opens and again whenever the log grows.
   */
  onHead: (headSeq: number | null) => void;
  /** An agent this seat's agent watches changed presence (`event: presence`: supervisors, headquarters). */
  onPresence?: (presence: AgentPresence) => void;
  /** This seat's agent was put to not ready by their supervisor (`event: not_ready`). */
  onNotReadyRequest?: (request: NotReadyRequest) => void;
  retryMs?: number;
  maxRetryMs?: number;
  /**
   * A stream silent this long is dead (the server's heartbeat comes every 15 s; a proxy or a
   * sleeping PC can leave a half-open connection that never errors): drop it and reconnect.
   */
  idleTimeoutMs?: number;
}

/** The `headSeq` of a `changes` event's data line (`data: {"headSeq":N}`). */
function headSeqOf(block: string): number | null {
  const data = /^data: (.*)$/m.exec(block)?.[1];
  if (data === undefined) return null;
  try {
    const { headSeq } = JSON.parse(data) as { headSeq?: unknown };
    return typeof headSeq === 'number' && Number.isInteger(headSeq) && headSeq >= 0 ? headSeq : null;
  } catch {
    return null;
  }
}

/** The data line of an event block, checked against its schema (null: missing or not valid). */
function dataOf<T>(block: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }): T | null {
  const data = /^data: (.*)$/m.exec(block)?.[1];
  if (data === undefined) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Follows the backend's Server-Sent Events (`GET /sync/events`) so a change at another seat
 * reaches this one in well under a second; polling stays as the fallback. Reconnects by itself
 * with backoff while the backend is unreachable; the head sent when the stream opens tells the
 * seat whether it missed anything meanwhile.
 */
export class LiveEvents {
  private abort: AbortController | null = null;
  private stopped = true;
  private retryMs: number;

  constructor(private readonly options: LiveEventsOptions) {
    this.retryMs = options.retryMs ?? 500;
  }

  start(): void {
    this.stopped = false;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.abort = new AbortController();
      try {
        const response = await this.options.backend.openEventStream(this.abort.signal);
        this.retryMs = this.options.retryMs ?? 500;
        await this.read(response);
      } catch {
        // unreachable, refused or cut: wait and try again
      }
      if (this.stopped) return;
      await new Promise((r) => setTimeout(r, this.retryMs * (0.5 + Math.random())));
      this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 15_000);
    }
  }

  private async read(response: Response): Promise<void> {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body.getReader();
    const idleMs = this.options.idleTimeoutMs ?? 45_000;
    for (;;) {
      // cancelling ends the pending read as if the stream had closed: run() reconnects
      const watchdog = setTimeout(() => void reader.cancel().catch(() => undefined), idleMs);
      const { done, value } = await reader.read().finally(() => clearTimeout(watchdog));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: changes$/m.test(block)) this.options.onHead(headSeqOf(block));
        else if (/^event: presence$/m.test(block)) {
          const presence = dataOf(block, AgentPresence);
          if (presence) this.options.onPresence?.(presence);
        } else if (/^event: not_ready$/m.test(block)) {
          const request = dataOf(block, NotReadyRequest);
          if (request) this.options.onNotReadyRequest?.(request);
        }
      }
    }
  }
}
