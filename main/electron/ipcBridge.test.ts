import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL } from '../../shared/ipcChannels.js';
import type { WorkstationService } from '../services/workstationService.js';
import { registerWorkstationIpc } from './ipcBridge.js';

// Electron's types through the bridge's signature: tests never import electron (its binary downloads on first use).
type IpcMain = Parameters<typeof registerWorkstationIpc>[0];
type WebContents = NonNullable<ReturnType<Parameters<typeof registerWorkstationIpc>[2]>>;
type Listener = (event: string, payload: unknown) => void;

/** A fake `ipcMain` and service: enough to register the contract and to emit service events. */
function fakes() {
  const handlers = new Map<string, unknown>();
  const ipcMain = {
    handle: (channel: string, handler: unknown) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as IpcMain;
  const listeners = new Set<Listener>();
  const service = {
    on: (listener: Listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispatch: () => Promise.resolve({ ok: true, output: null }),
  } as unknown as WorkstationService;
  const emit = (event: string, payload: unknown) => listeners.forEach((l) => l(event, payload));
  return { ipcMain, service, emit, handlers, listeners };
}

function fakeWebContents(destroyed: boolean) {
  const sent: unknown[] = [];
  const contents = {
    isDestroyed: () => destroyed,
    send: (channel: string, message: unknown) => {
      // what Electron does for a closed window's webContents
      if (destroyed) throw new TypeError('Object has been destroyed');
      sent.push([channel, message]);
    },
  } as unknown as WebContents;
  return { contents, sent };
}

describe('IPC bridge events', () => {
  it('forwards service events to the window', () => {
    const { ipcMain, service, emit } = fakes();
    const window = fakeWebContents(false);
    registerWorkstationIpc(ipcMain, service, () => window.contents);
    emit('session.changed', null);
    expect(window.sent).toEqual([[EVENT_CHANNEL, { event: 'session.changed', payload: null }]]);
  });

  it('does not touch a closed window’s destroyed webContents when a logged-in session reports', () => {
    const { ipcMain, service, emit } = fakes();
    const closed = fakeWebContents(true);
    registerWorkstationIpc(ipcMain, service, () => closed.contents);
    expect(() => emit('session.changed', null)).not.toThrow();
    expect(() => emit('sync.status', { state: 'idle' })).not.toThrow();
  });

  it('unregisters every handler and listener when disposed', () => {
    const { ipcMain, service, handlers, listeners } = fakes();
    const dispose = registerWorkstationIpc(ipcMain, service, () => null);
    expect(handlers.size).toBeGreaterThan(10);
    dispose();
    expect(handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });
});
