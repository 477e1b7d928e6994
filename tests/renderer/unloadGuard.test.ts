import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { SoftphoneStore } from '../../renderer/src/softphone/softphoneStore.js';
import { guardUnloadDuringCall } from '../../renderer/src/softphone/unloadGuard.js';

function unload(page: EventTarget): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  page.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('unload guard', () => {
  it('holds a reload or quit while a call is up, and only then', () => {
    const softphone = createStore(() => ({ call: null as unknown })) as unknown as SoftphoneStore;
    const page = new EventTarget();
    const stop = guardUnloadDuringCall(softphone, page);
    expect(unload(page)).toBe(false);
    softphone.setState({ call: { id: 'c1', phase: 'established' } } as never);
    expect(unload(page)).toBe(true);
    softphone.setState({ call: null });
    expect(unload(page)).toBe(false);
    softphone.setState({ call: { id: 'c2', phase: 'ringing' } } as never);
    stop();
    expect(unload(page)).toBe(false);
  });
});
