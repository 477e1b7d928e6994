import './session.css';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../app/ErrorText.js';
import { LanguageSwitch } from '../app/LanguageSwitch.js';
import { useAppStore, useStores } from '../app/stores.js';

export function LoginScreen() {
  const { t } = useTranslation();
  const { session } = useStores();
  const pending = useAppStore('session', (s) => s.phase === 'pending');
  const error = useAppStore('session', (s) => s.error);
  const seat = useAppStore('seat', (s) => s.info);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  // The seat cache's key is lost and could not be recovered: the agent may start afresh beside it.
  const mayStartAfresh = error?.code === 'cache_key_lost' && (error.details as { canStartAfresh?: unknown } | undefined)?.canStartAfresh === true;

  const submit = async (startCacheAfresh: boolean) => {
    if (pending) return;
    if (!login.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    await session.getState().login(login.trim(), password, { startCacheAfresh });
    const after = session.getState();
    if (after.phase !== 'logged_in' && after.error?.code !== 'cache_key_lost') {
      setPassword('');
      passwordRef.current?.focus();
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(false);
  };

  return (
    <main className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-form" data-testid="login-form" onSubmit={onSubmit} aria-busy={pending} noValidate>
        <h1 className="login-title">{t('app.title')}</h1>
        <h2 className="login-heading">{t('login.heading')}</h2>
        <label className="field">
          <span className="field-label">{t('login.user')}</span>
          <input
            data-testid="login-user"
            name="login"
            autoComplete="username"
            autoFocus
            maxLength={64}
            value={login}
            onChange={(e) => setLogin(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('login.password')}</span>
          <input
            ref={passwordRef}
            data-testid="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            maxLength={256}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {missing ? (
          <p className="error-text" role="alert" data-testid="login-error" data-code="missing">
            <strong>{t('login.missing')}</strong>
          </p>
        ) : error ? (
          <ErrorText error={error} testId="login-error" />
        ) : null}
        {mayStartAfresh && !missing ? (
          <div className="login-cache-afresh" data-testid="login-cache-afresh">
            <p className="muted">{t('login.startCacheAfreshHint')}</p>
            <button type="button" className="button" data-testid="login-start-afresh" disabled={pending} onClick={() => void submit(true)}>
              {t('login.startCacheAfresh')}
            </button>
          </div>
        ) : null}
        <button type="submit" className="button button-primary login-submit" data-testid="login-submit" disabled={pending}>
          {pending ? t('login.pending') : t('login.submit')}
        </button>
        {seat ? <p className="login-seat muted">{t('login.seat', { seat: seat.seatCode, version: seat.appVersion })}</p> : null}
      </form>
    </main>
  );
}
