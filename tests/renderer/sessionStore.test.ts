import { describe, expect, it } from 'vitest';
import { createSessionStore } from '../../renderer/src/session/sessionStore.js';
import { WorkstationError, type SessionInfo } from '../../shared/workstationApi.js';
import { deferred, FakeBridge, flush } from './fakeBridge.js';
import { session } from './fixtures.js';

/** A logged-out store whose login call is under way; `answer` settles it. */
async function loggingIn() {
  const answer = deferred<SessionInfo>();
  const bridge = new FakeBridge({ 'session.current': () => null, 'session.login': () => answer.promise });
  const store = createSessionStore(bridge);
  store.getState().start();
  await flush();
  const done = store.getState().login('agent07', 'secret');
  return { answer, bridge, store, done };
}

describe('session store', () => {
  it('starts by asking the seat for the current session', async () => {
    const bridge = new FakeBridge({ 'session.current': () => session() });
    const store = createSessionStore(bridge);
    expect(store.getState().phase).toBe('checking');
    store.getState().start();
    await flush();
    expect(store.getState()).toMatchObject({ phase: 'logged_in', session: session(), error: null });
  });

  it('shows the login form when nobody is signed in, or when the seat cannot be asked', async () => {
    const none = createSessionStore(new FakeBridge({ 'session.current': () => null }));
    none.getState().start();
    await flush();
    expect(none.getState()).toMatchObject({ phase: 'logged_out', session: null, error: null });

    const broken = createSessionStore(
      new FakeBridge({
        'session.current': () => {
          throw new Error('seat host connection failed');
        },
      }),
    );
    broken.getState().start();
    await flush();
    expect(broken.getState()).toMatchObject({ phase: 'logged_out', error: { code: 'unknown', message: 'seat host connection failed' } });
  });

  it('logs in: pending while the call runs, then the session', async () => {
    const { answer, bridge, store, done } = await loggingIn();
    expect(store.getState().phase).toBe('pending');
    // A second Enter while pending does not send a second login.
    void store.getState().login('agent07', 'secret');
    expect(bridge.callsOf('session.login')).toEqual([{ login: 'agent07', password: 'secret' }]);
    answer.resolve(session(true));
    await done;
    expect(store.getState()).toMatchObject({ phase: 'logged_in', session: { offline: true }, error: null });
  });

  it('settles the login by its answer even when the seat announces the session first', async () => {
    const { answer, bridge, store, done } = await loggingIn();
    // The seat host sends session.changed before the result of session.login.
    bridge.emit('session.changed', session());
    answer.resolve(session());
    await done;
    expect(store.getState()).toMatchObject({ phase: 'logged_in', session: session(), error: null });
  });

  it('keeps the code and message of a failed login, and clears them on the next try', async () => {
    let attempt = 0;
    const bridge = new FakeBridge({
      'session.current': () => null,
      'session.login': () => {
        attempt++;
        if (attempt === 1) throw new WorkstationError('auth_failed', 'wrong login or password');
        if (attempt === 2) throw new WorkstationError('offline_login_unavailable', 'backend unreachable and no cached login for agent07');
        return session();
      },
    });
    const store = createSessionStore(bridge);
    await store.getState().login('agent07', 'bad');
    expect(store.getState()).toMatchObject({ phase: 'logged_out', error: { code: 'auth_failed', message: 'wrong login or password' } });
    await store.getState().login('agent07', 'bad');
    expect(store.getState().error?.code).toBe('offline_login_unavailable');
    const next = store.getState().login('agent07', 'good');
    expect(store.getState().error).toBeNull();
    await next;
    expect(store.getState().phase).toBe('logged_in');
  });

  it('follows session.changed, and stops when unsubscribed', async () => {
    const bridge = new FakeBridge({ 'session.current': () => session() });
    const store = createSessionStore(bridge);
    const stop = store.getState().start();
    await flush();
    bridge.emit('session.changed', null);
    expect(store.getState().phase).toBe('logged_out');
    bridge.emit('session.changed', session(true));
    expect(store.getState()).toMatchObject({ phase: 'logged_in', session: { offline: true } });
    stop();
    expect(bridge.listenerCount('session.changed')).toBe(0);
  });

  it('lets an event that arrives before the start-up answer win', async () => {
    const current = deferred<SessionInfo | null>();
    const bridge = new FakeBridge({ 'session.current': () => current.promise });
    const store = createSessionStore(bridge);
    store.getState().start();
    bridge.emit('session.changed', session());
    current.resolve(null); // stale
    await flush();
    expect(store.getState().phase).toBe('logged_in');
  });

  it('logs out at once, even when the seat cannot be told', async () => {
    const bridge = new FakeBridge({
      'session.current': () => session(),
      'session.logout': () => {
        throw new WorkstationError('internal', 'nope');
      },
    });
    const store = createSessionStore(bridge);
    store.getState().start();
    await flush();
    const originalWarn = console.warn;
    console.warn = () => undefined;
    try {
      await store.getState().logout();
    } finally {
      console.warn = originalWarn;
    }
    expect(store.getState()).toMatchObject({ phase: 'logged_out', session: null, error: null });
    expect(bridge.callsOf('session.logout')).toEqual([{}]);
  });
});
