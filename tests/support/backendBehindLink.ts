import { afterAll, beforeAll } from 'vitest';
import { startBackend, type RunningBackend } from './backendProcess.js';
import { startFaultyProxy, type FaultyProxy } from './faultyProxy.js';
import { makeTempDir } from './tempDir.js';

export interface BackendBehindLink {
  /** The temp directory holding the backend's database (server.db) and anything the test writes. */
  dir: string;
  backend: RunningBackend;
  /** A clean pass-through the test can take down (setDown) to cut the seat off. */
  link: FaultyProxy;
}

/**
 * For a test file: a demo backend with `customers`, reached through a fault-free proxy that the
 * tests can cut, started before the tests and stopped after them.
 */
export function useBackendBehindLink(name: string, customers: number): BackendBehindLink {
  const tmp = makeTempDir(name);
  const state = { dir: tmp.dir } as BackendBehindLink;
  beforeAll(async () => {
    state.backend = await startBackend({ dir: tmp.dir, customers });
    state.link = await startFaultyProxy(new URL(state.backend.url), { drop: 0, delay: 0, delayMs: [0, 0], cutResponse: 0 });
    state.link.setFaults(false);
  });
  afterAll(async () => {
    await state.link?.close();
    await state.backend?.stop();
    tmp.cleanup();
  });
  return state;
}
