import type { WorkstationService } from '../../main/services/workstationService.js';
import { bridgeFromRaw } from '../../shared/rawBridge.js';
import { workstationMethods, type MethodInput, type MethodOutput, type WorkstationMethod } from '../../shared/workstationApi.js';

type Namespace = WorkstationMethod extends infer M ? (M extends `${infer N}.${string}` ? N : never) : never;
type MethodsOf<N extends Namespace> = Extract<WorkstationMethod, `${N}.${string}`>;
type NameIn<N extends Namespace, M extends WorkstationMethod> = M extends `${N}.${infer Name}` ? Name : never;

/** An input with no required field. */
type NothingRequired = Record<never, never>;

/** One contract method as a function; a method whose input needs nothing may be called without one. */
type Call<M extends WorkstationMethod> = NothingRequired extends MethodInput<M>
  ? (input?: MethodInput<M>) => Promise<MethodOutput<M>>
  : (input: MethodInput<M>) => Promise<MethodOutput<M>>;

/**
 * The workstation contract as the renderer sees it, one function per method grouped by the part of
 * the name before the dot: `customers.screenPop` is `client.customers.screenPop({ phone })`.
 */
export type SeatClient = { [N in Namespace]: { [M in MethodsOf<N> as NameIn<N, M>]: Call<M> } };

/**
 * A typed client of a seat's services, in process: every call goes through `dispatch` (validated
 * in and out, as from a renderer) and resolves to the method's output, or rejects with the
 * WorkstationError the renderer would get (`code`, `message`, `details`).
 */
export function seatClient(seat: WorkstationService): SeatClient {
  const bridge = bridgeFromRaw({
    invoke: (method, input) => seat.dispatch(method, input),
    on: (event, listener) => seat.on((name, payload) => name === event && listener(payload)),
  });
  const client: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const method of Object.keys(workstationMethods) as WorkstationMethod[]) {
    const [namespace, name] = method.split('.') as [string, string];
    (client[namespace] ??= {})[name] = (input = {}) => bridge.call(method, input as MethodInput<typeof method>);
  }
  return client as SeatClient;
}
