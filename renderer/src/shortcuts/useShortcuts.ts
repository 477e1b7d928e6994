import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { AppStores } from '../app/stores.js';
import { ShortcutRegistry } from './shortcutRegistry.js';
import { workspaceShortcuts, type ShortcutScreen } from './workspaceShortcuts.js';

function byTestId<T extends HTMLElement>(testId: string): T | null {
  return document.querySelector<T>(`[data-testid="${testId}"]`);
}

function focusSearch(): void {
  const box = byTestId<HTMLInputElement>('search-input');
  box?.focus();
  box?.select();
}

/**
 * The workspace's one keydown listener on the window, over the registry of every shortcut, and the
 * shortcut overlay's open state. Bubble phase: a form or list that used a key (and said so with
 * preventDefault) keeps it, except where a shortcut runs even then (Esc of a modal panel).
 */
export function useShortcuts(stores: AppStores) {
  const [overlay] = useState(() => createStore<{ open: boolean }>(() => ({ open: false })));
  const overlayOpen = useStore(overlay, (s) => s.open);

  const registry = useMemo(() => {
    const screen: ShortcutScreen = {
      focusSearch,
      isSearchBox: (target) => target instanceof HTMLElement && target.dataset.testid === 'search-input',
      focusFirstIn: (testId) => document.querySelector<HTMLElement>(`[data-testid="${testId}"] :is(input, select, textarea)`)?.focus(),
      focus: (testId) => byTestId(testId)?.focus(),
      reveal: (sectionTestId, focusTestId) => {
        byTestId(sectionTestId)?.scrollIntoView({ block: 'start' });
        document.querySelector<HTMLElement>(`[data-testid="${sectionTestId}"] [data-testid="${focusTestId}"]`)?.focus({ preventScroll: true });
      },
      valueOf: (testId) => byTestId<HTMLInputElement>(testId)?.value ?? '',
      overlayOpen: () => overlay.getState().open,
      toggleOverlay: () => overlay.setState({ open: !overlay.getState().open }),
      closeOverlay: () => overlay.setState({ open: false }),
    };
    return new ShortcutRegistry(workspaceShortcuts(stores, screen));
  }, [stores, overlay]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => void registry.handle(event);
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [registry]);

  return { registry, overlayOpen, closeOverlay: () => overlay.setState({ open: false }) };
}
