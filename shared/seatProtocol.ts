import { z } from 'zod';
import { WorkstationErrorShape } from './workstationApi.js';

/**
 * The browser seat's wire format: the workstation contract carried over a loopback WebSocket
 * (`/bridge?token=…`). The per-launch token reaches the page in the URL fragment, which the
 * browser never sends to a server, so it is not in any request log.
 */
export const SEAT_BRIDGE_PATH = '/bridge';

/**
 * The WebSocket close code for a page holding another launch's token (a tab left open across a
 * restart of the seat host): the page must be reopened from the new link, retrying cannot help.
 */
export const SEAT_RESTARTED_CLOSE_CODE = 4001;

export const SeatCallMessage = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  input: z.unknown(),
});
export type SeatCallMessage = z.infer<typeof SeatCallMessage>;

export const SeatHostMessage = z.union([
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), output: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: WorkstationErrorShape }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type SeatHostMessage = z.infer<typeof SeatHostMessage>;
