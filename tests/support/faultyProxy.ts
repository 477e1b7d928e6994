import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FaultPlan {
  /** Connection closed before anything is forwarded. */
  drop: number;
  /** Connection held this long before forwarding starts. */
  delay: number;
  delayMs: [number, number];
  /** The response is cut after a random part of it was forwarded. */
  cutResponse: number;
}

export interface FaultyProxy {
  url: string;
  /** Faults on or off (off: a clean pass-through, for the final convergence). */
  setFaults(on: boolean): void;
  /** The link down (every connection refused and cut) or back up. */
  setDown(down: boolean): void;
  counts: { connections: number; dropped: number; delayed: number; cut: number };
  close(): Promise<void>;
}

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed with its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fault-injecting TCP proxy on loopback, between a seat and the backend: it drops
 * connections, delays them, and cuts responses mid-body — the branch office's bad link.
 */
export async function startFaultyProxy(target: URL, plan: FaultPlan, seed = 1): Promise<FaultyProxy> {
  const random = prng(seed);
  let faults = true;
  let down = false;
  const counts = { connections: 0, dropped: 0, delayed: 0, cut: 0 };
  const sockets = new Set<net.Socket>();
  // Faults are rolled per request and per response chunk, not per connection: seats keep their
  // connections alive, so a per-connection fault would hit almost nothing.
  const server = net.createServer((client) => {
    counts.connections++;
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    let queue = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      if (faults && random() < plan.drop) {
        counts.dropped++;
        closeBoth();
        return;
      }
      const delayMs = faults && random() < plan.delay ? plan.delayMs[0] + random() * (plan.delayMs[1] - plan.delayMs[0]) : 0;
      if (delayMs > 0) counts.delayed++;
      // Delays keep the byte order: each request waits for the one before it.
      queue = queue.then(() => new Promise<void>((resolve) => setTimeout(() => {
        if (!upstream.destroyed) upstream.write(chunk);
        resolve();
      }, delayMs)));
    });
    upstream.on('data', (chunk: Buffer) => {
      if (faults && random() < plan.cutResponse) {
        counts.cut++;
        client.write(chunk.subarray(0, Math.floor(random() * chunk.length)));
        closeBoth();
        return;
      }
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFaults: (on) => {
      faults = on;
    },
    setDown: (on) => {
      down = on;
      if (on) for (const s of sockets) s.destroy();
    },
    counts,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
