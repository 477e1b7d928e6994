import { describe, expect, it } from 'vitest';
import { BackendClient } from './backendClient.js';

/**
 * The client's requests go through the host's network stack when it gives one (the Electron app:
 * Chromium's net.fetch, with the system proxy and the OS certificate store): every request, the
 * live-events stream included.
 */
describe('the backend client on the host\'s network stack', () => {
  it('sends every request, and opens the live events, through the given fetch', async () => {
    const seen: string[] = [];
    const hostFetch: typeof fetch = async (input, init) => {
      seen.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'no' } }), { status: 401, headers: { 'content-type': 'application/json' } });
    };
    const client = new BackendClient({ baseUrl: 'https://hq.example.invalid', fetch: hostFetch });
    await expect(client.login('bj.agent1', 'x')).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(client.pull(0, 10)).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(client.openEventStream(new AbortController().signal)).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(seen).toEqual(['POST /auth/login', 'GET /sync/pull', 'GET /sync/events']);
  });
});
