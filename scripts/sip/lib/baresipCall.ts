import type { CallOptions, CallResult } from './callTypes.js';
import type { RigState } from './config.js';

export async function callWithBaresip(_state: RigState, _opts: CallOptions, _logDir: string, _progress: (line: string) => void): Promise<CallResult> {
  throw new Error('not yet');
}
