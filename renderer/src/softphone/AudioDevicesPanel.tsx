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
      <button type="button" className="button button-small" data-testid="audio-devices-close" onClick={onClose}>
        {t('softphone.closeDevices')}
      </button>
    </div>
  );
}
