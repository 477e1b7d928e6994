import { useTranslation } from 'react-i18next';
import type { CallQuality } from './callQuality.js';

export function QualityBadge({ quality }: { quality: CallQuality }) {
  const { t } = useTranslation();
  const level = quality.mos >= 4 ? 'good' : quality.mos >= 3.6 ? 'fair' : 'poor';
  const details = t('softphone.qualityDetails', {
    loss: quality.lossPercent,
    jitter: Math.round(quality.jitterMs),
    rtt: quality.rttMs === null ? '–' : quality.rttMs,
  });
  return (
    <span className={`call-quality quality-${level}`} data-testid="call-quality" data-mos={quality.mos} data-packets={quality.packetsReceived} data-level={level} title={details}>
      {t('softphone.quality', { mos: quality.mos.toFixed(1) })}
      <span className="muted"> · {t(`quality.${level}`)}</span>
    </span>
  );
}
