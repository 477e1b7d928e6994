import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelDialog } from './PanelDialog.js';
import { useAppStore, useStores } from './stores.js';
import { useReturnFocus } from './useReturnFocus.js';

/**
 * A panel named after its store (campaigns, knowledge): `<name>-panel` class and testids,
 * `<name>.heading` and `<name>.close` texts, busy while the store loads, closed by the store's
 * `closePanel()`; its opener gets the focus back when it closes.
 */
export function StorePanelDialog({ name, children }: { name: 'campaigns' | 'knowledge'; children: ReactNode }) {
  const { t } = useTranslation();
  const store = useStores()[name];
  const busy = useAppStore(name, (s) => s.phase === 'loading');
  useReturnFocus();
  return (
    <PanelDialog name={name} className={`${name}-panel`} heading={t(`${name}.heading`)} closeLabel={t(`${name}.close`)} onClose={() => store.getState().closePanel()} busy={busy}>
      {children}
    </PanelDialog>
  );
}
