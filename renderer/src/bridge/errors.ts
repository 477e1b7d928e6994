import { WorkstationErrorCode } from '../../../shared/errorCodes.js';

const KNOWN_CODES: readonly string[] = WorkstationErrorCode.options;

/** What the UI shows about a failed call: a translated headline by code, and the service's own words. */
export interface ErrorInfo {
  code: WorkstationErrorCode | 'unknown';
  message: string;
  /** Whatever structured detail the service sent along (zod issues, a refused transition's from/to). */
  details?: unknown;
}

/**
 * Reads a rejection from the bridge. A `WorkstationError` keeps its code and message across both
 * hosts; anything else (a dropped seat connection, a bug) becomes `unknown` with its message.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (typeof error === 'object' && error !== null) {
    const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
    const info: ErrorInfo = {
      code: typeof code === 'string' && KNOWN_CODES.includes(code) ? (code as WorkstationErrorCode) : 'unknown',
      message: typeof message === 'string' ? message : String(error),
    };
    if (details !== undefined) info.details = details;
    return info;
  }
  return { code: 'unknown', message: String(error) };
}
