import { useAppStore } from './stores.js';

/** The header's way to a panel for the mouse (each has its Alt key for the keyboard). */
export function PanelButton({ panel, testId, label, title, onClick }: { panel: 'knowledge' | 'campaigns' | 'followUps' | 'overdue'; testId: string; label: string; title: string; onClick(): void }) {
  const open = useAppStore(panel, (s) => s.panelOpen);
  return (
    <button type="button" className="button button-quiet" data-testid={testId} title={title} aria-expanded={open} onClick={onClick}>
      {label}
    </button>
  );
}
