import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SEAT_BRIDGE_PATH, SEAT_RESTARTED_CLOSE_CODE, SeatCallMessage, type SeatHostMessage } from '../../shared/seatProtocol.js';
import { contentSecurityPolicyFor } from '../securityPolicy.js';
import type { WorkstationService } from '../services/workstationService.js';

export interface SeatHostOptions {
  service: WorkstationService;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  host?: string;
  port?: number;
}

export interface RunningSeatHost {
  url: string;
  /** The URL to open: carries the per-launch token in its fragment. */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.json': 'application/json',
};

/**
 * The browser seat: serves the renderer on loopback and carries the workstation contract over a
 * WebSocket that only a page holding this launch's token, from this origin, may open.
 */
export async function startSeatHost(options: SeatHostOptions): Promise<RunningSeatHost> {
  const host = options.host ?? '127.0.0.1';
  const token = crypto.randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`renderer not built: ${rendererDir}/index.html is missing (run npm run build:renderer)`);
  }
  // connect-src: this origin (the bridge) and the softphone's SIP WebSocket, if the seat has one
  const csp = contentSecurityPolicyFor(options.service.seatConfig);

  // Filled in once listening: the only Host values this seat answers (refuses DNS rebinding).
  let ownHosts: ReadonlySet<string> = new Set();

  const server = http.createServer((req, res) => {
    if (!ownHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('wrong host');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const urlPath = decodedPath(req.url);
    if (urlPath === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('malformed URL');
      return;
    }
    const relative = urlPath === '/' ? 'index.html' : urlPath.slice(1);
    const file = path.resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': relative === 'index.html' ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const hostHeader = req.headers.host ?? '';
    const url = new URL(req.url ?? '/', 'http://seat');
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const expected = Buffer.from(token);
    const fromOwnPage =
      ownHosts.has(hostHeader) && req.headers.origin === `http://${hostHeader}` && url.pathname === SEAT_BRIDGE_PATH;
    if (!fromOwnPage) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      // Our own page with another launch's token: a tab left open across a restart. A browser
      // cannot read a refused handshake's status, so accept and close with a code it can read.
      sockets.handleUpgrade(req, socket, head, (ws) => ws.close(SEAT_RESTARTED_CLOSE_CODE, 'seat restarted'));
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveBridge(ws, options.service));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  ownHosts = new Set([`${host}:${port}`, `localhost:${port}`]);
  return {
    url,
    openUrl: `${url}/#token=${token}`,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request path, percent-decoded; undefined when the URL cannot be decoded (`GET /%`). */
function decodedPath(requestUrl: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(requestUrl ?? '/', 'http://seat').pathname);
  } catch {
    return undefined;
  }
}

function serveBridge(ws: WebSocket, service: WorkstationService): void {
  const send = (message: SeatHostMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = service.on((event, payload) => send({ type: 'event', event, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    let call: SeatCallMessage;
    try {
      call = SeatCallMessage.parse(JSON.parse(String(data)));
    } catch {
      ws.close(1003, 'malformed message');
      return;
    }
    const result = await service.dispatch(call.method, call.input);
    send(result.ok ? { type: 'result', id: call.id, ok: true, output: result.output } : { type: 'result', id: call.id, ok: false, error: result.error });
  });
}
