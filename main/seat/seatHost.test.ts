import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { SEAT_RESTARTED_CLOSE_CODE } from '../../shared/seatProtocol.js';
import { createSeatBridge } from '../../renderer/src/bridge/seatBridge.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { WorkstationService } from '../services/workstationService.js';
import { startSeatHost, type RunningSeatHost } from './seatHost.js';

const tmp = makeTempDir('seat-host');
let seat: RunningSeatHost;
let service: WorkstationService;

beforeAll(async () => {
  const rendererDir = path.join(tmp.dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>seat</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(tmp.dir, 'secret.txt'), 'not for the browser');
  service = new WorkstationService({ config: { ...DEFAULT_SEAT_CONFIG, dataDir: path.join(tmp.dir, 'data') }, host: 'browser-seat', appVersion: 'test' });
  seat = await startSeatHost({ service, rendererDir });
});
afterAll(async () => {
  await seat.close();
  service.close();
  tmp.cleanup();
});

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A raw GET, so the test controls the Host header and the path bytes (fetch normalises both). */
function rawGet(path: string, host: string): Promise<number> {
  const { port } = new URL(seat.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

function call(ws: WebSocket, id: number, method: string, input: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.on('message', function onMessage(data) {
      const msg = JSON.parse(String(data)) as { type: string; id?: number };
      if (msg.type === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    });
    ws.send(JSON.stringify({ type: 'call', id, method, input }));
  });
}

describe('browser seat host', () => {
  it('serves the renderer with a strict CSP and nothing outside it', async () => {
    const index = await fetch(`${seat.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(index.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect((await fetch(`${seat.url}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${seat.url}/..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${seat.url}/%2e%2e/secret.txt`)).status).toBe(404);
    expect(seat.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses the bridge without this launch’s token or from another origin', async () => {
    const bridge = `${seat.url.replace('http', 'ws')}/bridge`;
    for (const withoutToken of [`${bridge}?token=wrong`, bridge]) {
      const ws = await connect(withoutToken, seat.url);
      const replies: unknown[] = [];
      ws.on('message', (data) => replies.push(String(data)));
      ws.send(JSON.stringify({ type: 'call', id: 1, method: 'seat.info', input: {} }));
      expect(await new Promise((resolve) => ws.once('close', resolve))).toBe(SEAT_RESTARTED_CLOSE_CODE);
      expect(replies).toEqual([]);
    }
    await expect(connect(`${bridge}?token=${seat.token}`, 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('carries contract calls, validated, for the page holding the token', async () => {
    const ws = await connect(`${seat.url.replace('http', 'ws')}/bridge?token=${seat.token}`, seat.url);
    try {
      expect(await call(ws, 1, 'seat.info', {})).toMatchObject({ ok: true, output: { host: 'browser-seat', seatCode: '01' } });
      expect(await call(ws, 2, 'customers.card', { customerId: 'not-a-uuid' })).toMatchObject({
        ok: false,
        error: { code: 'bad_input', message: expect.stringMatching(/^customerId: /) },
      });
      expect(await call(ws, 3, 'customers.search', { query: '王' })).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    } finally {
      ws.close();
    }
  });

  it('answers a malformed URL with 400 and keeps serving', async () => {
    const host = new URL(seat.url).host;
    expect(await rawGet('/%', host)).toBe(400);
    expect(await rawGet('/assets/%E0%A4%A', host)).toBe(400);
    expect((await fetch(`${seat.url}/`)).status).toBe(200);
  });

  it('answers only its own Host (a DNS-rebound name is refused)', async () => {
    const { port } = new URL(seat.url);
    expect(await rawGet('/', `127.0.0.1:${port}`)).toBe(200);
    expect(await rawGet('/', `localhost:${port}`)).toBe(200);
    expect(await rawGet('/', `evil.example:${port}`)).toBe(421);
    expect(await rawGet('/', '127.0.0.1')).toBe(421);
    const rebound = `http://evil.example:${port}`;
    const bridge = `${seat.url.replace('http', 'ws')}/bridge?token=${seat.token}`;
    await expect(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(bridge, { origin: rebound, headers: { host: `evil.example:${port}` } });
        ws.once('open', () => resolve(ws));
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      }),
    ).rejects.toThrow('HTTP 403');
  });

  it('tells a tab holding an earlier launch’s token that the seat was restarted', async () => {
    const ws = await connect(`${seat.url.replace('http', 'ws')}/bridge?token=${'x'.repeat(seat.token.length)}`, seat.url);
    const closed = await new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    expect(closed).toBe(SEAT_RESTARTED_CLOSE_CODE);

    // The renderer's bridge turns it into its own error code, and stops retrying.
    const previous = globalThis.WebSocket;
    globalThis.WebSocket = class extends WebSocket {
      constructor(url: string) {
        super(url, { origin: seat.url });
      }
    } as unknown as typeof globalThis.WebSocket;
    try {
      const bridge = createSeatBridge(seat.url, 'an-earlier-launch-token');
      await expect(bridge.call('seat.info', {})).rejects.toMatchObject({ code: 'seat_restarted' });
      await expect(bridge.call('seat.info', {})).rejects.toMatchObject({ code: 'seat_restarted' });
    } finally {
      globalThis.WebSocket = previous;
    }
  });
});
