import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app/stores.js';

export function Registration() {
  const { t } = useTranslation();
  const registration = useAppStore('softphone', (s) => s.registration);
  const user = useAppStore('softphone', (s) => s.user);
  const { state, reason, code } = registration;
  const label =
    state === 'registering' && reason === 'transport'
      ? t('softphone.reconnecting')
      : state === 'failed' && code
        ? t('softphone.registrationRefused', { code })
        : t(`registration.${state}`);
  return (
    <span className={`sip-registration sip-${state}`} data-testid="sip-registration" data-state={state} data-reason={reason ?? ''} title={label} role="status">
      <span className="sip-dot" aria-hidden="true" />
      {user ? <span className="sip-user">{t('softphone.extension', { user })}</span> : null}
      <span className="sip-label">{label}</span>
    </span>
  );
}
