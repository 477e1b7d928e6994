// First: modules below may parse with zod as they load.
import './zodWithoutEval.js';
import './styles/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App, NoBridge } from './app/App.js';
import { createAppStores } from './app/stores.js';
import { getWorkstation, MissingSeatTokenError } from './bridge/workstation.js';
import { linkDesktop } from './desktop/desktopLink.js';
import { createI18n } from './i18n/i18n.js';
import { linkPresence } from './softphone/presenceLink.js';
import { guardUnloadDuringCall } from './softphone/unloadGuard.js';

const i18n = createI18n();
const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

let content;
try {
  const workstation = getWorkstation();
  const stores = createAppStores(workstation);
  guardUnloadDuringCall(stores.softphone, window);
  // The desktop host's tray, power events, phone keys and tel: links (the browser seat ignores them).
  linkDesktop(workstation, stores);
  // The agent's presence to the backend (the supervisor's team board), and the supervisor's not-ready requests.
  linkPresence(workstation, stores);
  // The paired headset's buttons and lamps (WebHID), found again among the devices already granted.
  void stores.headset.getState().start();
  content = <App stores={stores} />;
} catch (error) {
  // The translated text says all about a missing token; anything else is shown as it came.
  content = <NoBridge detail={error instanceof MissingSeatTokenError ? null : String(error)} />;
}

createRoot(rootElement).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>{content}</I18nextProvider>
  </StrictMode>,
);
