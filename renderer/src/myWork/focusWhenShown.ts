/**
 * Puts the focus on the element `selector` names once it is on screen (a card's row that shows
 * after the card and its lists have been read), scrolled into view; gives up after `timeoutMs`.
 */
export function focusWhenShown(selector: string, timeoutMs = 3000): void {
  const doc = globalThis.document;
  if (!doc) return;
  const until = Date.now() + timeoutMs;
  const attempt = () => {
    const element = doc.querySelector<HTMLElement>(selector);
    if (element) {
      element.scrollIntoView?.({ block: 'center' });
      element.focus();
    } else if (Date.now() < until) setTimeout(attempt, 50);
  };
  attempt();
}
