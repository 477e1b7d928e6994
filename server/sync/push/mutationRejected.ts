/**
 * Why a pushed mutation was refused. The seat moves it to its dead-letter list and undoes it
 * locally; it is never retried as is.
 * - bad_patch: a field is unknown, invalid or may not change (the message names it)
 * - out_of_scope: the row is (or would be) outside the agent's branch
 * - not_found: update/delete of a row the server does not have
 * - deleted: update of a tombstone
 * - already_exists: create of an id (or order number) the server already has
 * - invalid_reference: a customer, product or agent it points to is missing or elsewhere
 * - invalid_transition: the order state machine forbids the status change (with the reason)
 * - mutation_id_reused: the mutationId was first pushed with another payload or by another seat
 * - append_only: update/delete of an append-only record (an interaction): it is made once, never changed
 */
export type RejectionCode =
  | 'bad_patch'
  | 'out_of_scope'
  | 'not_found'
  | 'deleted'
  | 'already_exists'
  | 'invalid_reference'
  | 'invalid_transition'
  | 'mutation_id_reused'
  | 'append_only';

/** Thrown before anything is written; the push answers it as `rejected {code, message}`. */
export class MutationRejected extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'MutationRejected';
  }
}
