import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app/stores.js';

/** Chosen devices that are not connected now: the default plays their part, and the agent should know. */
export function MissingDevices() {
  const { t } = useTranslation();
  const missing = useAppStore('softphone', (s) => s.audio.resolved.missing);
  if (missing.length === 0) return null;
  return (
    <div className="device-missing" role="status" data-testid="device-missing">
      {missing.map((m) => (
        <div key={m.role} data-role={m.role}>
          {t('softphone.deviceMissing', { role: t(`softphone.${m.role}`), label: m.label })}
        </div>
      ))}
    </div>
  );
}
