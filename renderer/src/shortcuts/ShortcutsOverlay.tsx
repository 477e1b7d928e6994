import './shortcuts.css';
import { useTranslation } from 'react-i18next';
import { PanelDialog } from '../app/PanelDialog.js';
import { useReturnFocus } from '../app/useReturnFocus.js';
import { SHORTCUT_SCOPES, type Shortcut } from './shortcutRegistry.js';
import { FORM_KEYS } from './workspaceShortcuts.js';

/**
 * Every key of the workspace in the current language, grouped as the registry declares them, then
 * the keys forms and lists handle themselves. Opened by ? or F1; Esc closes it and the focus goes back.
 */
export function ShortcutsOverlay({ shortcuts, onClose }: { shortcuts: readonly Shortcut[]; onClose(): void }) {
  const { t } = useTranslation();
  useReturnFocus();
  const groups = [
    ...SHORTCUT_SCOPES.map((scope) => ({ scope, rows: shortcuts.filter((s) => s.scope === scope) })),
    { scope: 'forms' as const, rows: FORM_KEYS },
  ];
  return (
    <PanelDialog name="shortcuts" className="shortcuts-panel" heading={t('shortcuts.heading')} closeLabel={t('shortcuts.close')} onClose={onClose} autoFocusClose>
      {groups.map(({ scope, rows }) => (
        <section key={scope} className="shortcuts-group" data-testid="shortcuts-group" data-scope={scope}>
          <h3>{t(`shortcuts.scope.${scope}`)}</h3>
          <dl className="shortcuts-list">
            {rows.map((row) => (
              <div key={row.id} className="shortcuts-row" data-testid="shortcut-row" data-shortcut={row.id}>
                <dt>
                  <kbd>{row.label}</kbd>
                </dt>
                <dd>{t(`shortcuts.keys.${row.description}`)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </PanelDialog>
  );
}
