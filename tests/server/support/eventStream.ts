import { get } from 'node:http';

/** A Server-Sent Events client that keeps every block it received (node:http: it closes its socket on close()). */
export function connect(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; contentType: string; blocks: string[]; changes(): Array<{ headSeq: number }>; ended: Promise<void>; close(): void }>(
    (resolve, reject) => {
      const request = get(url, { headers }, (response) => {
        const blocks: string[] = [];
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          const parts = buffer.split('\n\n');
          buffer = parts.pop() ?? '';
          blocks.push(...parts);
        });
        const ended = new Promise<void>((done) => response.on('close', () => done()));
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type']),
          blocks,
          changes: () =>
            blocks.filter((b) => b.startsWith('event: changes')).map((b) => JSON.parse(b.split('\n')[1]?.replace(/^data: /, '') ?? '{}') as { headSeq: number }),
          ended,
          close: () => request.destroy(),
        });
      });
      request.on('error', reject);
    },
  );
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

/** Creates `count` customers in the caller's branch through REST, all at once; resolves with their versions. */
export async function createCustomers(base: string, authorization: string, count: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await fetch(`${base}/customers`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `连发客户${i}`, phone: `1370000${String(1000 + i)}`, province: '北京市', city: '北京市', address: '海淀区' }),
      });
      if (response.status !== 201) throw new Error(`create customer: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { version: number }).version;
    }),
  );
}
