import {
  WorkstationError,
  type EventPayload,
  type MethodInput,
  type MethodOutput,
  type WorkstationBridge,
  type WorkstationErrorShape,
  type WorkstationEvent,
  type WorkstationMethod,
} from './workstationApi.js';

/** The outcome of one contract call as data: errors cross process boundaries intact this way. */
export type CallResult = { ok: true; output: unknown } | { ok: false; error: WorkstationErrorShape };

/**
 * What Electron's preload exposes as `window.workstationIpc`. Errors thrown across contextBridge
 * lose everything but their message, so calls resolve to a CallResult and the renderer unwraps
 * it with `bridgeFromRaw`.
 */
export interface RawWorkstationBridge {
  invoke(method: string, input: unknown): Promise<CallResult>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export function bridgeFromRaw(raw: RawWorkstationBridge): WorkstationBridge {
  return {
    async call<M extends WorkstationMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const result = await raw.invoke(method, input);
      if (!result.ok) throw new WorkstationError(result.error.code, result.error.message, result.error.details);
      return result.output as MethodOutput<M>;
    },
    on<E extends WorkstationEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return raw.on(event, listener as (payload: unknown) => void);
    },
  };
}
