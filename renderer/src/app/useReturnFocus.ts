import { useEffect, useState } from 'react';

/** A panel's opener gets the focus back when the panel closes (Esc or its close button). */
export function useReturnFocus(): void {
  // Read while rendering, before the panel's autoFocus moves the focus.
  const [before] = useState(() => (typeof document === 'undefined' ? null : document.activeElement));
  useEffect(
    () => () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    },
    [before],
  );
}
