/**
 * Puts the focus on the element `selector` names once it is on screen (a card's row that shows
 * after the card and its lists have been read), scrolled into view; gives up after `timeoutMs`.
 * For a moment after, a late render of the card that replaced the element (the focus fell to the
 * page) gets the focus put back; focus the agent moved elsewhere is left alone.
 */
export function focusWhenShown(selector: string, timeoutMs = 3000, watchMs = 300): void {
  const doc = globalThis.document;
  if (!doc) return;
  const until = Date.now() + timeoutMs;
  let focusedAt = 0;
  const attempt = () => {
    const element = doc.querySelector<HTMLElement>(selector);
    const lost = doc.activeElement === null || doc.activeElement === doc.body;
    if (element && (focusedAt === 0 || lost)) {
      element.scrollIntoView?.({ block: 'center' });
      element.focus();
      focusedAt ||= Date.now();
    }
    const now = Date.now();
    if (focusedAt === 0 ? now < until : now < focusedAt + watchMs) setTimeout(attempt, 50);
  };
  attempt();
}
