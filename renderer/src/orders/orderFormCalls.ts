import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

export interface OrderFormCalls {
  /**
   * Makes a call of the form; its answer goes to `onAnswer` and is returned, unless the form closed
   * or another call started meanwhile (then null, as when it failed: the error is in the state).
   */
  run<T>(call: () => Promise<T>, onAnswer: (answer: T) => void): Promise<T | null>;
  /** Drops the answer of any call under way (the form closed). */
  drop(): void;
}

/** The calls of one small per-order form (dispatch, handover), of which only the latest counts. */
export function orderFormCalls(set: (failed: { pending: false; error: ErrorInfo }) => void): OrderFormCalls {
  const requests = latestRequest();
  return {
    async run(call, onAnswer) {
      const current = requests.begin();
      try {
        const answer = await call();
        if (!current()) return null;
        onAnswer(answer);
        return answer;
      } catch (error) {
        if (current()) set({ pending: false, error: toErrorInfo(error) });
        return null;
      }
    },
    drop: () => requests.drop(),
  };
}
