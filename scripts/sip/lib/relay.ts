/**
 * Loopback relays between this network namespace and the rig's one, through a Unix socket:
 * no address other than 127.0.0.1 is ever used on either side.
 *
 *   exposeToRig(state, port)   127.0.0.1:port here  ->  reachable as 127.0.0.1:port inside the rig
 *                              (e.g. the browser seat or the backend, for a browser in the rig)
 *   reachIntoRig(state, port)  127.0.0.1:port inside the rig  ->  127.0.0.1:<returned port> here
 *                              (e.g. Kamailio's WebSocket, for a SIP.js UA in the test process)
 *
 * The half inside the namespace is a child process (scripts/sip/relay-child.ts) that exits when
 * this process goes away. Without a namespace (--no-netns) both are no-ops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LOOPBACK, PROJECT_ROOT, type RigState } from './config.js';
import { joinSockets } from './joinSockets.js';

export interface Relay {
  /** The port inside the rig (exposeToRig) or here (reachIntoRig). */
  portInRig: number;
  portHere: number;
  close(): Promise<void>;
}

function socketPath(kind: string, port: number): string {
  // Unix socket paths are limited to 107 bytes: keep them short, under the system temp folder.
  const dir = path.join(os.tmpdir(), 'aw-sip-relay');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `${kind}-${port}-${process.pid}-${crypto.randomBytes(3).toString('hex')}.sock`);
}

/** A server that can be closed at once: close() also ends the connections it has open. */
function closableServer(onConnection: (c: net.Socket) => void): { server: net.Server; close(): Promise<void> } {
  const open = new Set<net.Socket>();
  const server = net.createServer((c) => {
    open.add(c);
    c.once('close', () => open.delete(c));
    onConnection(c);
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of open) c.destroy();
        server.close(() => resolve());
      }),
  };
}

function startChild(netns: string, mode: 'listen' | 'connect', port: number, sock: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn('ip', ['netns', 'exec', netns, process.execPath, '--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/sip/relay-child.ts'), mode, String(port), sock], {
    cwd: PROJECT_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`relay into ${netns} not ready within 10 s: ${out}`));
    }, 10_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay into ${netns} exited (${code}): ${out}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}

/** Makes 127.0.0.1:port of this namespace reachable inside the rig as 127.0.0.1:portInRig (default: the same port). */
export async function exposeToRig(state: RigState, port: number, portInRig = port): Promise<Relay> {
  if (!state.netns) return { portInRig: port, portHere: port, close: async () => {} };
  const sock = socketPath('expose', port);
  const { server, close } = closableServer((c) => joinSockets(c, net.connect(port, LOOPBACK)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(sock, () => resolve());
  });
  try {
    const { child, port: bound } = await startChild(state.netns, 'listen', portInRig, sock);
    return {
      portInRig: bound,
      portHere: port,
      close: async () => {
        await stopChild(child);
        await close();
        fs.rmSync(sock, { force: true });
      },
    };
  } catch (e) {
    await close();
    fs.rmSync(sock, { force: true });
    throw e;
  }
}

/** Makes 127.0.0.1:portInRig inside the rig reachable here as 127.0.0.1:<portHere> (a free port). */
export async function reachIntoRig(state: RigState, portInRig: number): Promise<Relay> {
  if (!state.netns) return { portInRig, portHere: portInRig, close: async () => {} };
  const sock = socketPath('reach', portInRig);
  const { child } = await startChild(state.netns, 'connect', portInRig, sock);
  const { server, close } = closableServer((c) => joinSockets(c, net.connect(sock)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  return {
    portInRig,
    portHere: (server.address() as net.AddressInfo).port,
    close: async () => {
      await close();
      await stopChild(child);
      fs.rmSync(sock, { force: true });
    },
  };
}
