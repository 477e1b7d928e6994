import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../bridge/errors.js';
import { refusalOf, refusalText } from '../i18n/errorMessages.js';
import { TechnicalDetails } from './TechnicalDetails.js';

/**
 * A failed call in words: a domain refusal (shared/domain/refusal.ts) translated whole; otherwise
 * the translated kind of failure (or a more precise translated `headline`). The service's own
 * message (English, for support staff) is folded away behind a click.
 */
export function ErrorText({ error, testId, className = '', headline }: { error: ErrorInfo; testId?: string; className?: string; headline?: string }) {
  const { t } = useTranslation();
  const refusal = refusalOf(error.details);
  const title = headline ?? (refusal ? refusalText(t, refusal) : t(`errors.${error.code}`));
  return (
    <div className={`error-text ${className}`} role="alert" data-testid={testId} data-code={error.code} data-refusal={refusal?.code}>
      <strong>{title}</strong>
      {error.message && error.message !== title && !refusal ? <TechnicalDetails text={error.message} /> : null}
    </div>
  );
}
