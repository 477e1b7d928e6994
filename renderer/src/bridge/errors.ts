import type { WorkstationErrorCode } from '../../../shared/workstationApi.js';

const KNOWN_CODES: readonly string[] = [
  'bad_input',
  'auth_failed',
  'offline_login_unavailable',
  'not_logged_in',
  'backend_unreachable',
  'internal',
] satisfies WorkstationErrorCode[];

/** What the UI shows about a failed call: a translated headline by code, and the service's own words. */
export interface ErrorInfo {
  code: WorkstationErrorCode | 'unknown';
  message: string;
}

/**
 * Reads a rejection from the bridge. A `WorkstationError` keeps its code and message across both
 * hosts; anything else (a dropped seat connection, a bug) becomes `unknown` with its message.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' && KNOWN_CODES.includes(code) ? (code as WorkstationErrorCode) : 'unknown',
      message: typeof message === 'string' ? message : String(error),
    };
  }
  return { code: 'unknown', message: String(error) };
}
