import { z } from 'zod';

/**
 * What the desktop host (tray, power events, global keys, tel: links) and the page tell each
 * other. The phone lives in the page (SIP.js), the host outlives the window: the page reports
 * its phone, the host sends commands. The browser seat carries both too and ignores them.
 */

export const AgentState = z.enum(['offline', 'ready', 'not_ready', 'on_call', 'wrap_up']);
export type AgentState = z.infer<typeof AgentState>;

/** The page's phone as the host needs it: the tray's status, and whether quitting drops a call. */
export const PhoneStatus = z
  .object({
    loggedIn: z.boolean(),
    agentState: AgentState,
    registered: z.boolean(),
    /** A call is ringing, being dialled or talking (or its consult). */
    callActive: z.boolean(),
    /** An inbound call rings now: the window comes forward and flashes. */
    ringing: z.boolean(),
  })
  .strict();
export type PhoneStatus = z.infer<typeof PhoneStatus>;

export const NO_PHONE: PhoneStatus = { loggedIn: false, agentState: 'offline', registered: false, callActive: false, ringing: false };

export const DesktopCommand = z.discriminatedUnion('kind', [
  /** A tel:/sip:/callto: link: the number goes into the dial box and the customer is looked up; the agent dials. */
  z.object({ kind: z.literal('callLink'), number: z.string().min(1).max(32), canonical: z.string().nullable() }),
  z.object({ kind: z.literal('answer') }),
  z.object({ kind: z.literal('hangUp') }),
  /** A headset's one button: answer a ringing call, else hang up the one in progress. */
  z.object({ kind: z.literal('answerOrHangUp') }),
  /** The PC sleeps or its screen locks: a ready agent becomes not ready (no call rings at an empty desk). */
  z.object({ kind: z.literal('away') }),
  /** The PC woke up: register the phone again now (its connection likely dropped while asleep). */
  z.object({ kind: z.literal('reconnect') }),
]);
export type DesktopCommand = z.infer<typeof DesktopCommand>;
