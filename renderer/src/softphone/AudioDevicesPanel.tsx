import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useStores } from '../app/stores.js';
import { AUDIO_ROLES, choicesFor } from './audioDevices.js';

export function AudioDevicesPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const audio = useAppStore('softphone', (s) => s.audio);
  const firstRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    firstRef.current?.focus();
    void stores.softphone.getState().refreshAudioDevices();
  }, [stores]);
  return (
    <div
      className="audio-devices"
      data-testid="audio-devices"
      role="group"
      aria-label={t('softphone.audioDevices')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      {AUDIO_ROLES.map((role, i) => {
        const current = audio.saved[role];
        const options = choicesFor(role, audio.available);
        const shown = current && options.some((d) => d.deviceId === current.deviceId) ? current.deviceId : '';
        return (
          <label key={role} className="field">
            <span className="field-label">{t(`softphone.${role}`)}</span>
            <select
              ref={i === 0 ? firstRef : undefined}
              data-testid={`device-${role}`}
              value={shown}
              onChange={(e) => void stores.softphone.getState().chooseAudioDevice(role, e.target.value)}
            >
              <option value="">{t('softphone.systemDefault')}</option>
              {options.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || d.deviceId}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      <HeadsetPairing />
      <button type="button" className="button button-small" data-testid="audio-devices-close" onClick={onClose}>
        {t('softphone.closeDevices')}
      </button>
    </div>
  );
}

/** The headset's buttons (WebHID): pair one from a click (the browser's chooser needs it), see it, forget it. */
function HeadsetPairing() {
  const { t } = useTranslation();
  const stores = useStores();
  const connection = useAppStore('headset', (s) => s.connection);
  const name = useAppStore('headset', (s) => s.name);
  const error = useAppStore('headset', (s) => s.error);
  const paired = connection === 'connected' || connection === 'disconnected';
  return (
    <div className="field headset-pairing" data-testid="headset" data-connection={connection}>
      <span className="field-label" title={t('softphone.headsetTitle')}>
        {t('softphone.headset')}
      </span>
      <span data-testid="headset-status">
        {t(`softphone.headsetState.${connection}`, { name: name ?? '' })}
        {error ? ` (${error})` : ''}
      </span>
      {connection === 'unsupported' ? null : (
        <button type="button" className="button button-small" data-testid="headset-pair" onClick={() => void stores.headset.getState().pair()}>
          {paired ? t('softphone.headsetPairOther') : t('softphone.headsetPair')}
        </button>
      )}
      {paired ? (
        <button type="button" className="button button-small" data-testid="headset-forget" onClick={() => void stores.headset.getState().forget()}>
          {t('softphone.headsetForget')}
        </button>
      ) : null}
    </div>
  );
}
