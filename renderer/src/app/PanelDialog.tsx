import './panels.css';
import type { ReactNode, Ref } from 'react';

interface PanelDialogProps {
  /** The panel's name: its data-testids (`<name>-panel`, `<name>-close`) and heading id come from it. */
  name: string;
  /** The panel's own class, beside the common one. */
  className?: string;
  heading: ReactNode;
  closeLabel: string;
  onClose(): void;
  /** Unset: the panel has no loading state. */
  busy?: boolean;
  /** The close button takes the focus (when the panel has nothing else to focus at first). */
  autoFocusClose?: boolean;
  ref?: Ref<HTMLElement>;
  tabIndex?: number;
  children: ReactNode;
}

/** A panel over the workspace (knowledge, campaigns, follow-ups, overdue orders, sync problems): heading, close button, body. */
export function PanelDialog({ name, className, heading, closeLabel, onClose, busy, autoFocusClose, ref, tabIndex, children }: PanelDialogProps) {
  return (
    <section
      ref={ref}
      className={className ? `problems-panel ${className}` : 'problems-panel'}
      data-testid={`${name}-panel`}
      role="dialog"
      aria-labelledby={`${name}-heading`}
      aria-busy={busy}
      tabIndex={tabIndex}
    >
      <header className="panel-head">
        <h2 id={`${name}-heading`}>{heading}</h2>
        <button type="button" className="button button-quiet button-small" data-testid={`${name}-close`} autoFocus={autoFocusClose} onClick={onClose}>
          {closeLabel}
        </button>
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
