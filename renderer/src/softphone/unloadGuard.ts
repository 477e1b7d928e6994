import type { SoftphoneStore } from './softphoneStore.js';

/**
 * Asks before the page goes away while a call is up (reload, closing the window, quitting):
 * the page's `beforeunload` is what Electron turns into `will-prevent-unload`, where the main
 * process asks the agent; a browser asks on its own.
 */
export function guardUnloadDuringCall(softphone: SoftphoneStore, page: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>): () => void {
  const onBeforeUnload = (event: Event) => {
    if (softphone.getState().call === null) return;
    event.preventDefault();
  };
  page.addEventListener('beforeunload', onBeforeUnload);
  return () => page.removeEventListener('beforeunload', onBeforeUnload);
}
