import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../bridge/errors.js';
import { refusalOf, refusalText } from '../i18n/errorMessages.js';

/**
 * A failed call in words: a domain refusal (shared/domain/refusal.ts) translated whole; otherwise
 * the translated kind of failure (or a more precise translated `headline`), then the service's own message.
 */
export function ErrorText({ error, testId, className = '', headline }: { error: ErrorInfo; testId?: string; className?: string; headline?: string }) {
  const { t } = useTranslation();
  const refusal = refusalOf(error.details);
  const title = headline ?? (refusal ? refusalText(t, refusal) : t(`errors.${error.code}`));
  return (
    <p className={`error-text ${className}`} role="alert" data-testid={testId} data-code={error.code} data-refusal={refusal?.code}>
      <strong>{title}</strong>
      {error.message && error.message !== title && !refusal ? <span className="error-detail">{error.message}</span> : null}
    </p>
  );
}
