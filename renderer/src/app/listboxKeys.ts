import type { KeyboardEvent } from 'react';

/** A panel's listbox keys: ↑↓ move the selection, Enter takes the selected entry. */
export function listboxKeys(move: (delta: number) => void, enter: () => void) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      enter();
    }
  };
}
