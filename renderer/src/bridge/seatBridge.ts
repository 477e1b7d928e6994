import { SEAT_BRIDGE_PATH, SEAT_RESTARTED_CLOSE_CODE, SeatHostMessage } from '../../../shared/seatProtocol.js';
import {
  WorkstationError,
  type EventPayload,
  type MethodInput,
  type MethodOutput,
  type WorkstationBridge,
  type WorkstationEvent,
  type WorkstationMethod,
} from '../../../shared/workstationApi.js';

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The browser seat's implementation of the workstation bridge: the same contract as Electron's
 * preload, over a WebSocket to the seat host. Reconnects by itself if the socket drops; calls
 * made while it is down wait for the connection.
 */
export function createSeatBridge(origin: string, token: string): WorkstationBridge {
  const url = `${origin.replace(/^http/, 'ws')}${SEAT_BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, PendingCall>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<WebSocket>;
  let retryMs = 250;
  // Set when the host says this tab's token belongs to an earlier launch: no retry can succeed.
  let restarted: WorkstationError | undefined;

  function connect(): void {
    socket = new WebSocket(url);
    opened = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => {
        retryMs = 250;
        resolve(socket);
      }, { once: true });
      socket.addEventListener('error', () => reject(new WorkstationError('internal', 'seat host connection failed')), { once: true });
    });
    opened.catch(() => undefined);
    socket.addEventListener('message', (ev) => onMessage(String(ev.data)));
    socket.addEventListener('close', (ev) => {
      if (ev.code === SEAT_RESTARTED_CLOSE_CODE) {
        restarted = new WorkstationError('seat_restarted', 'the workstation was restarted: reopen it from the new link');
      }
      for (const call of pending.values()) call.reject(restarted ?? new WorkstationError('internal', 'seat host connection lost'));
      pending.clear();
      if (restarted) return;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    });
  }

  function onMessage(text: string): void {
    const parsed = SeatHostMessage.safeParse(JSON.parse(text));
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'event') {
      for (const listener of listeners.get(msg.event) ?? []) listener(msg.payload);
      return;
    }
    const call = pending.get(msg.id);
    if (!call) return;
    pending.delete(msg.id);
    if (msg.ok) call.resolve(msg.output);
    else call.reject(new WorkstationError(msg.error.code, msg.error.message, msg.error.details));
  }

  connect();

  return {
    async call<M extends WorkstationMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const ws = await opened;
      if (restarted) throw restarted;
      const id = nextId++;
      return new Promise<MethodOutput<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'call', id, method, input }));
      });
    },
    on<E extends WorkstationEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      listeners.set(event, set);
      return () => set.delete(wrapped);
    },
  };
}
