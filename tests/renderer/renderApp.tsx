import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { App } from '../../renderer/src/app/App.js';
import type { AppStores } from '../../renderer/src/app/stores.js';
import { createI18n, type Language } from '../../renderer/src/i18n/i18n.js';

/**
 * The whole page rendered to HTML in Node (no DOM needed): what each state shows, in either
 * language, with the data-testids the end-to-end tests rely on.
 */
export function renderApp(stores: AppStores, language: Language = 'zh-CN'): string {
  // Server rendering reads each store's initial state (zustand's server snapshot): show the current one.
  for (const store of Object.values(stores) as AppStores[keyof AppStores][]) {
    (store as { getInitialState: () => unknown }).getInitialState = store.getState;
  }
  return renderToStaticMarkup(
    <I18nextProvider i18n={createI18n(language)}>
      <App stores={stores} />
    </I18nextProvider>,
  );
}

/** How many elements carry this data-testid. */
export const countTestId = (html: string, testId: string) => html.split(`data-testid="${testId}"`).length - 1;
