import '../session/session.css';
import './setup.css';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { SeatDraft, SetupProblem } from '../../../shared/seatSetup.js';
import { ErrorText } from '../app/ErrorText.js';
import { LanguageSwitch } from '../app/LanguageSwitch.js';
import type { SeatSetupStore } from './seatSetupStore.js';

/**
 * The first-run screen: this PC has no seat file. It says where IT deploys one, and lets the
 * person setting up the PC enter the backend address and seat code, check them (with an agent's
 * sign-in, the branch the seat will serve) and save them for this Windows user.
 */
export function FirstRunScreen({ store }: { store: SeatSetupStore }) {
  const { t } = useTranslation();
  const state = useStore(store);
  const busy = state.phase === 'busy';
  const problemsOf = (field: SetupProblem['field']) => state.check?.problems.filter((p) => p.field === field) ?? [];

  const field = (name: keyof SeatDraft, options: { type?: string; autoFocus?: boolean; placeholder?: string; autoComplete?: string; maxLength: number }) => {
    // The sign-in's problem is shown once, under both of its fields.
    const problems = name === 'backendUrl' || name === 'seatCode' ? problemsOf(name) : [];
    return (
      <label className="field">
        <span className="field-label">{t(`setup.fields.${name}`)}</span>
        <input
          data-testid={`setup-${name}`}
          name={name}
          type={options.type ?? 'text'}
          autoFocus={options.autoFocus}
          placeholder={options.placeholder}
          autoComplete={options.autoComplete ?? 'off'}
          maxLength={options.maxLength}
          aria-invalid={problems.length > 0}
          value={state.draft[name]}
          disabled={busy || state.phase === 'saved'}
          onChange={(e) => store.getState().setField(name, e.target.value)}
        />
        {problems.map((p) => (
          <span key={p.code} className="error-text" role="alert" data-testid="setup-problem" data-code={p.code}>
            <strong>{t(`setup.problems.${p.code}`)}</strong>
            {p.detail ? <span className="error-detail">{p.detail}</span> : null}
          </span>
        ))}
      </label>
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void store.getState().save();
  };
  const checked = state.check && state.check.problems.length === 0;

  return (
    <main className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-form setup-form" data-testid="first-run" onSubmit={onSubmit} aria-busy={busy} noValidate>
        <h1 className="login-title">{t('setup.title')}</h1>
        <p className="setup-intro">{t('setup.missing', { file: state.machineSeatFile ?? '' })}</p>
        {field('backendUrl', { autoFocus: true, placeholder: 'https://hq.example', maxLength: 300, autoComplete: 'url' })}
        {field('seatCode', { placeholder: '07', maxLength: 2 })}
        <fieldset className="setup-signin">
          <legend>{t('setup.signInCheck')}</legend>
          {field('login', { maxLength: 64, autoComplete: 'username' })}
          {field('password', { type: 'password', maxLength: 256, autoComplete: 'current-password' })}
          {problemsOf('login').map((p) => (
            <p key={p.code} className="error-text" role="alert" data-testid="setup-problem" data-code={p.code}>
              <strong>{t(`setup.problems.${p.code}`)}</strong>
            </p>
          ))}
        </fieldset>
        {state.error ? <ErrorText error={state.error} testId="setup-error" /> : null}
        {checked && state.phase !== 'saved' ? (
          <p className="setup-ok" role="status" data-testid="setup-ok">
            {state.check?.branch ? t('setup.okBranch', { name: state.check.branch.name, code: state.check.branch.code }) : t('setup.ok')}
          </p>
        ) : null}
        {state.phase === 'saved' ? (
          <p className="setup-ok" role="status" data-testid="setup-saved">
            {t('setup.saved', { file: state.savedTo ?? '' })}
          </p>
        ) : (
          <div className="setup-actions">
            <button type="button" className="button" data-testid="setup-check" disabled={busy} onClick={() => void store.getState().runCheck()}>
              {busy ? t('setup.checking') : t('setup.check')}
            </button>
            <button type="submit" className="button button-primary" data-testid="setup-save" disabled={busy}>
              {t('setup.save')}
            </button>
          </div>
        )}
        <p className="muted setup-phone">{t('setup.phoneNote')}</p>
      </form>
    </main>
  );
}
