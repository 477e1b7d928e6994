import {
  WorkstationError,
  type EventPayload,
  type MethodInput,
  type MethodOutput,
  type WorkstationBridge,
  type WorkstationEvent,
  type WorkstationMethod,
} from '../../shared/workstationApi.js';

type Handler<M extends WorkstationMethod> = (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
type Handlers = { [M in WorkstationMethod]?: Handler<M> };

/** An in-memory workstation bridge: answers from handlers, records calls, emits events on demand. */
export class FakeBridge implements WorkstationBridge {
  readonly calls: { method: WorkstationMethod; input: unknown }[] = [];
  private readonly listeners = new Map<WorkstationEvent, Set<(payload: never) => void>>();

  constructor(private readonly handlers: Handlers = {}) {}

  handle<M extends WorkstationMethod>(method: M, handler: Handler<M>): this {
    (this.handlers as Record<string, unknown>)[method] = handler;
    return this;
  }

  async call<M extends WorkstationMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    this.calls.push({ method, input });
    const handler = this.handlers[method] as Handler<M> | undefined;
    if (!handler) throw new WorkstationError('internal', `fake bridge: no handler for ${method}`);
    return handler(input);
  }

  on<E extends WorkstationEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends WorkstationEvent>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (payload: EventPayload<E>) => void)(payload);
  }

  listenerCount(event: WorkstationEvent): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  callsOf(method: WorkstationMethod): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input);
  }
}

/** A promise with its resolve/reject exposed, to answer a call at a moment the test chooses. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
