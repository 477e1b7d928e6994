import { useTranslation } from 'react-i18next';

/**
 * A service's own words (English, for support staff), folded away behind a click: the agent reads
 * the translated message first. Nothing when there are none.
 */
export function TechnicalDetails({ text }: { text: string | undefined }) {
  const { t } = useTranslation();
  if (!text) return null;
  return (
    <details className="technical-details" data-testid="technical-details">
      <summary>{t('errors.technicalDetails')}</summary>
      <code lang="en">{text}</code>
    </details>
  );
}
