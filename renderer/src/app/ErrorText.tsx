import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../bridge/errors.js';

/** A failed call in words: the translated kind of failure, then the service's own message. */
export function ErrorText({ error, testId, className = '' }: { error: ErrorInfo; testId?: string; className?: string }) {
  const { t } = useTranslation();
  const headline = t(`errors.${error.code}`);
  return (
    <p className={`error-text ${className}`} role="alert" data-testid={testId} data-code={error.code}>
      <strong>{headline}</strong>
      {error.message && error.message !== headline ? <span className="error-detail">{error.message}</span> : null}
    </p>
  );
}
