import type { z } from 'zod';
import { describeIssues } from '../../shared/workstationApi.js';

export type ApiErrorCode =
  | 'bad_input'
  | 'bad_request'
  | 'unauthorized'
  | 'invalid_credentials'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'not_ready'
  | 'internal';

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

  static notFound(what: string): ApiFailure {
    return new ApiFailure(404, 'not_found', `${what} not found`);
  }
}
