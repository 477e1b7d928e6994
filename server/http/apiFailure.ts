import type { z } from 'zod';
import type { ApiErrorCode } from '../../shared/errorCodes.js';
import { refusalMessage, type Refusal } from '../../shared/domain/refusal.js';
import { describeIssues } from '../../shared/workstationApi.js';

/** An error the API answers with as `{error: {code, message, details}}` and the given status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  static badInput(error: z.ZodError, part: string): ApiFailure {
    return new ApiFailure(400, 'bad_input', `invalid ${part}: ${describeIssues(error)}`, error.issues);
  }

  static unauthorized(): ApiFailure {
    return new ApiFailure(401, 'unauthorized', 'a valid bearer token is required (POST /auth/login)');
  }

  static forbidden(what: string): ApiFailure {
    return new ApiFailure(403, 'forbidden', `${what} is outside your branch`);
  }

  /** A domain rule's refusal: its English words as the message, the refusal itself as details. */
  static refused(status: number, code: ApiErrorCode, refusal: Refusal): ApiFailure {
    return new ApiFailure(status, code, refusalMessage(refusal), refusal);
  }

  static notFound(what: string): ApiFailure {
    return new ApiFailure(404, 'not_found', `${what} not found`);
  }
}
