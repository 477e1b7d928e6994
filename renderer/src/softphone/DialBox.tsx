import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useStores } from '../app/stores.js';
import { DTMF_KEYS, isDtmfTone } from './phoneEngine.js';

export function DialBox() {
  const { t } = useTranslation();
  const stores = useStores();
  const dialInput = useAppStore('softphone', (s) => s.dialInput);
  const inCall = useAppStore('softphone', (s) => s.call?.phase === 'established');
  const canDial = useAppStore('softphone', (s) => !s.call && !s.wrapUp && s.agentState !== 'offline' && s.setup === 'started');
  const phone = () => stores.softphone.getState();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    phone().dial();
  };
  const press = (key: string) => {
    if (!isDtmfTone(key)) return;
    if (inCall) void phone().sendDtmf(key);
    else phone().setDialInput(phone().dialInput + key);
  };

  return (
    <div className="dial-box">
      <form className="dial-form" onSubmit={onSubmit}>
        <label className="visually-hidden" htmlFor="dial-input">
          {t('softphone.dialLabel')}
        </label>
        <input
          id="dial-input"
          data-testid="dial-input"
          inputMode="tel"
          autoComplete="off"
          placeholder={t('softphone.dialPlaceholder')}
          value={dialInput}
          onChange={(e) => phone().setDialInput(e.target.value)}
        />
        <button type="submit" className="button button-primary" data-testid="dial-button" disabled={!canDial || !dialInput.trim()} title={t('softphone.dialTitle')}>
          {t('softphone.dial')}
        </button>
      </form>
      <div className="dtmf-pad" data-testid="dtmf-pad" role="group" aria-label={inCall ? t('softphone.dtmfLabel') : t('softphone.padLabel')}>
        {DTMF_KEYS.map((key) => (
          <button key={key} type="button" className="dtmf-key" data-testid="dtmf-key" data-key={key} onClick={() => press(key)}>
            {key}
          </button>
        ))}
      </div>
    </div>
  );
}
