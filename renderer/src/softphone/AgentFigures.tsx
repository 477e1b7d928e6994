import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app/stores.js';
import { formatDuration } from './callDisplay.js';

/** The agent's own figures for today (calls, average handle time, follow-ups done), refreshed after each saved call. */
export function AgentFigures() {
  const { t } = useTranslation();
  const figures = useAppStore('softphone', (s) => s.figures);
  if (!figures) return null;
  return (
    <span
      className="agent-figures muted"
      data-testid="agent-figures"
      data-calls={figures.calls}
      data-aht={Math.round(figures.averageHandleSeconds)}
      data-follow-ups={figures.followUpsDone}
      title={t('softphone.figuresTitle')}
      aria-label={t('softphone.figuresLabel')}
    >
      {t('softphone.figures', { calls: figures.calls, aht: formatDuration(figures.averageHandleSeconds * 1000), followUps: figures.followUpsDone })}
    </span>
  );
}
