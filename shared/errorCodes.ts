import { z } from 'zod';

/**
 * Every error code that crosses a process boundary, one vocabulary per boundary. Hosts raise only
 * these; readers of another host's answer use `receivedCode`, since that host may be older or newer.
 */

/** REST: `{error: {code, message, details}}` (shared/api/rest.ts ApiError). */
export const ApiErrorCode = z.enum([
  /** The request's body, query or path failed validation; details are the issues. */
  'bad_input',
  /** Malformed at the HTTP level (unparsable JSON, wrong content type, bad URL). */
  'bad_request',
  'unauthorized',
  'invalid_credentials',
  'forbidden',
  'not_found',
  /** The row's state forbids the change, or it exists already; details carry a domain Refusal when there is one. */
  'conflict',
  'not_ready',
  /** Sign-in held back after failed attempts (details: retryAfterSeconds). */
  'too_many_attempts',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

/**
 * Why a pushed mutation was refused (shared/api/syncPush.ts). The seat moves it to its dead-letter
 * list and undoes it locally; it is never retried as is.
 */
export const RejectionCode = z.enum([
  /** A field is unknown, invalid or may not change (the message names it). */
  'bad_patch',
  /** The row is (or would be) outside the agent's scope. */
  'out_of_scope',
  /** Update/delete of a row the server does not have. */
  'not_found',
  /** Update of a tombstone. */
  'deleted',
  /** Create of an id (or order number, serial number) the server already has. */
  'already_exists',
  /** A customer, product, outlet or agent it points to is missing or elsewhere. */
  'invalid_reference',
  /** A state machine forbids the change (the refusal says which). */
  'invalid_transition',
  /** The mutationId was first pushed with another payload or by another seat. */
  'mutation_id_reused',
  /** Update/delete of an append-only record (an interaction): it is made once, never changed. */
  'append_only',
  /** baseVersion is newer than the server's row: the seat claims a version the server never wrote. */
  'version_ahead',
  /** The agent's role or ownership does not allow it (a VIP tier, another agent's order): the refusal says which. */
  'not_permitted',
  /** The step needs what it records (a product, the fee consent, a duplicate reason, the completion, a cancel reason): the refusal says which. */
  'details_required',
  /** Another customer of the branch has this phone and no reason was given (refusal phone_taken). */
  'phone_taken',
]);
export type RejectionCode = z.infer<typeof RejectionCode>;

/** The seat contract (shared/workstationApi.ts): what a call from the renderer may fail with. */
export const WorkstationErrorCode = z.enum([
  'bad_input',
  'auth_failed',
  'offline_login_unavailable',
  'not_logged_in',
  'not_found',
  'invalid_transition',
  /** The agent's role or ownership does not allow it (details: the refusal). */
  'not_permitted',
  /** The step needs more recorded with it (details: the refusal naming the field). */
  'details_required',
  'backend_unreachable',
  /** A secret the seat needs (the SIP password) is neither deployed nor in the OS keychain. */
  'credentials_unavailable',
  /**
   * The agent's seat cache no longer opens with this PC's keychain and its key could not be
   * recovered from escrow (offline, none kept, password changed): the file is left untouched.
   */
  'cache_key_lost',
  /** The browser seat was restarted since this tab opened: its token is stale; reopen from the new link. */
  'seat_restarted',
  /** This PC has no seat configuration yet: only the first-run screen's calls are answered. */
  'seat_not_set_up',
  /** Another customer of the branch has this phone and no reason was given (refusal phone_taken). */
  'phone_taken',
  'internal',
]);
export type WorkstationErrorCode = z.infer<typeof WorkstationErrorCode>;

/** Why the seat's last sync failed (SyncStatus.lastErrorCode): the status line says it in words. */
export const SyncErrorCode = z.enum([
  /** No answer from the backend: the seat works offline and uploads later. */
  'backend_unreachable',
  /** The backend no longer accepts the session and signing in again failed. */
  'session_expired',
  /** The backend refused the request as a whole. */
  'backend_refused',
  /** The backend failed (5xx). */
  'backend_failed',
  /** The seat itself failed (its cache, a bug). */
  'seat_failed',
]);
export type SyncErrorCode = z.infer<typeof SyncErrorCode>;

/** What a code this build does not know (a newer peer's) reads as. */
const UNKNOWN_CODE = 'unknown';

/**
 * A code as read from another host: one of `codes`, or `unknown` for anything else, so a newer
 * peer's code is shown as a generic failure instead of failing the whole answer's parse.
 */
export function receivedCode<E extends z.ZodEnum>(codes: E) {
  return z.union([codes, z.literal(UNKNOWN_CODE)]).catch(UNKNOWN_CODE);
}
