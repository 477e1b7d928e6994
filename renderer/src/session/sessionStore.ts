import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SessionInfo, WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

type SessionPhase =
  /** Asking the seat whether someone is already signed in (page load, reload). */
  | 'checking'
  | 'logged_out'
  /** A login call is under way. */
  | 'pending'
  | 'logged_in';

export interface SessionState {
  phase: SessionPhase;
  session: SessionInfo | null;
  /** Why the last login (or the start-up check) failed; cleared by the next attempt. */
  error: ErrorInfo | null;
  /** Asks the seat for the current session and follows `session.changed`; returns the unsubscribe. */
  start(): () => void;
  /** `startCacheAfresh`: after a cache_key_lost that allows it, the agent chose to work on with a fresh cache. */
  login(login: string, password: string, options?: { startCacheAfresh?: boolean }): Promise<void>;
  logout(): Promise<void>;
}

export type SessionStore = StoreApi<SessionState>;

export function createSessionStore(bridge: WorkstationBridge): SessionStore {
  return createStore<SessionState>()((set, get) => {
    /** Every login, logout and event outdates the questions before it: a late answer is ignored. */
    const requests = latestRequest();

    const apply = (session: SessionInfo | null) =>
      set({ session, phase: session ? 'logged_in' : 'logged_out' });

    return {
      phase: 'checking',
      session: null,
      error: null,

      start() {
        const off = bridge.on('session.changed', (session) => {
          // The seat announces the session it is opening before the login call answers: the
          // call's own answer settles that, so the event must not outdate it.
          if (get().phase === 'pending') return;
          requests.drop();
          apply(session);
        });
        const current = requests.join();
        bridge.call('session.current', {}).then(
          (session) => {
            if (current()) apply(session);
          },
          (error: unknown) => {
            if (current()) set({ phase: 'logged_out', session: null, error: toErrorInfo(error) });
          },
        );
        return off;
      },

      async login(login, password, options = {}) {
        if (get().phase === 'pending') return;
        const current = requests.begin();
        set({ phase: 'pending', error: null });
        try {
          const session = await bridge.call('session.login', { login, password, ...(options.startCacheAfresh ? { startCacheAfresh: true } : {}) });
          if (current()) set({ phase: 'logged_in', session, error: null });
        } catch (error) {
          if (current()) set({ phase: 'logged_out', session: null, error: toErrorInfo(error) });
        }
      },

      async logout() {
        requests.drop();
        set({ phase: 'logged_out', session: null, error: null });
        try {
          await bridge.call('session.logout', {});
        } catch (error) {
          // The screen is already back at the login form, which is what the agent asked for; the
          // next login replaces whatever session the seat still holds.
          console.warn('session.logout failed', toErrorInfo(error));
        }
      },
    };
  });
}
