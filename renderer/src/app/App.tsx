import '../session/session.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { LoginScreen } from '../session/LoginScreen.js';
import { FirstRunScreen } from '../setup/FirstRunScreen.js';
import { Workspace } from '../workspace/Workspace.js';
import { StoresContext, type AppStores } from './stores.js';

export function App({ stores }: { stores: AppStores }) {
  const phase = useStore(stores.session, (s) => s.phase);
  const setupPhase = useStore(stores.setup, (s) => s.phase);
  useEffect(() => void stores.setup.getState().load(), [stores]);
  useEffect(() => stores.session.getState().start(), [stores]);
  useEffect(() => void stores.seat.getState().load(), [stores]);

  // A PC without a seat file: the first-run screen instead of the sign-in (its calls are all the host answers).
  if (setupPhase !== 'checking' && setupPhase !== 'not_needed') return <FirstRunScreen store={stores.setup} />;
  return (
    <StoresContext value={stores}>
      {phase === 'checking' ? <Splash /> : phase === 'logged_in' ? <Workspace /> : <LoginScreen />}
    </StoresContext>
  );
}

function Splash() {
  const { t } = useTranslation();
  return (
    <main className="splash" aria-busy="true">
      <p>{t('app.loading')}</p>
    </main>
  );
}

/** Shown instead of the app when the page has no way to reach the seat (no token in a browser). */
export function NoBridge({ detail }: { detail: string | null }) {
  const { t } = useTranslation();
  return (
    <main className="splash" data-testid="no-bridge">
      <div className="splash-box">
        <h1>{t('noBridge.title')}</h1>
        <p>{t('noBridge.body')}</p>
        {detail ? <p className="muted">{detail}</p> : null}
      </div>
    </main>
  );
}
