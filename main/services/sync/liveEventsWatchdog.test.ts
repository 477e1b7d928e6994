import { afterEach, describe, expect, it } from 'vitest';
import type { BackendClient } from './backendClient.js';
import { LiveEvents } from './liveEvents.js';

let live: LiveEvents | undefined;
afterEach(() => live?.stop());

/** A backend whose event stream says `: heartbeat` once and then falls silent without closing: a half-open link. */
function silentBackend() {
  const opened: number[] = [];
  const backend = {
    openEventStream: () => {
      opened.push(Date.now());
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(new TextEncoder().encode(': heartbeat\n\n')),
      });
      return Promise.resolve(new Response(body));
    },
  } as unknown as BackendClient;
  return { backend, opened };
}

describe('live events watchdog', () => {
  it('drops a stream that stays silent past the idle timeout and reconnects', async () => {
    const { backend, opened } = silentBackend();
    live = new LiveEvents({ backend, onHead: () => undefined, retryMs: 10, maxRetryMs: 20, idleTimeoutMs: 100 });
    live.start();
    await expect.poll(() => opened.length, { timeout: 3000 }).toBeGreaterThanOrEqual(3);
  });

  it('keeps a stream that is silent for less than the timeout', async () => {
    const { backend, opened } = silentBackend();
    live = new LiveEvents({ backend, onHead: () => undefined, retryMs: 10, idleTimeoutMs: 5000 });
    live.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(opened.length).toBe(1);
  });
});
