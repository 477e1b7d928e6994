import { z } from 'zod';

/**
 * The first-run screen's contract: a PC where IT has not deployed a seat file yet starts on a
 * screen that names what is missing, checks a backend address and seat code (and, if given, an
 * agent's sign-in, which shows the branch the seat will serve) and saves a seat file for this
 * Windows user. The machine-wide file IT deploys always wins over it.
 */

export const SetupStatus = z.object({
  /** True: this PC has no seat configuration; the first-run screen is shown instead of the sign-in. */
  needed: z.boolean(),
  /** Where IT deploys the machine-wide seat file (null when the host has none, e.g. the browser seat). */
  machineSeatFile: z.string().nullable(),
});
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SeatDraft = z.object({
  backendUrl: z.string().trim().max(300),
  seatCode: z.string().trim().max(10),
  /** An agent's sign-in to try (optional): proves the backend takes this PC's agents and names the branch. */
  login: z.string().trim().max(64).default(''),
  password: z.string().max(256).default(''),
});
export type SeatDraft = z.infer<typeof SeatDraft>;

export const SetupProblemCode = z.enum([
  'backend_url_missing',
  'backend_url_invalid',
  /** Plain http to another machine: passwords and tokens would cross the network in clear. */
  'backend_url_insecure',
  'backend_unreachable',
  /** The backend answers but its database does not (readyz 503). */
  'backend_not_ready',
  /** Something answers at that address, but not an Agent Workstation backend. */
  'backend_not_workstation',
  'seat_code_invalid',
  /** The sign-in tried was refused (wrong ID or password, or locked). */
  'login_refused',
]);
export type SetupProblemCode = z.infer<typeof SetupProblemCode>;

export const SetupProblem = z.object({
  field: z.enum(['backendUrl', 'seatCode', 'login']),
  code: SetupProblemCode,
  /** What the check saw (an error message, an HTTP status), for IT; not translated. */
  detail: z.string().nullable(),
});
export type SetupProblem = z.infer<typeof SetupProblem>;

export const SetupCheck = z.object({
  problems: z.array(SetupProblem),
  /** The branch of the agent whose sign-in was tried. */
  branch: z.object({ code: z.string(), name: z.string() }).nullable(),
});
export type SetupCheck = z.infer<typeof SetupCheck>;
