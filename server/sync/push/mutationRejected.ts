import type { RejectionCode } from '../../../shared/errorCodes.js';
import { refusalMessage, type Refusal } from '../../../shared/domain/refusal.js';

/**
 * Thrown before anything is written; the push answers it as `rejected {code, message, details}`.
 * The codes are shared/errorCodes.ts RejectionCode; a domain rule's refusal travels as details.
 */
export class MutationRejected extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
    readonly refusal?: Refusal,
  ) {
    super(message);
    this.name = 'MutationRejected';
  }

  /** A domain rule's refusal: its English words as the message, the refusal itself as details. */
  static refused(code: RejectionCode, refusal: Refusal): MutationRejected {
    return new MutationRejected(code, refusalMessage(refusal), refusal);
  }
}
