import type { z } from 'zod';
import type { ErrorInfo } from '../bridge/errors.js';

/**
 * A form checked here against the contract's own schema, before the call: its problems shaped as
 * the service would send them (bad_input with zod issues), so splitFieldErrors places them alike.
 */
export function localBadInput(error: z.ZodError): ErrorInfo {
  return {
    code: 'bad_input',
    message: error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; '),
    details: error.issues.map((i) => ({ path: i.path, message: i.message })),
  };
}
