import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../bridge/errors.js';

/**
 * A failed call in words: the translated kind of failure (or a more precise translated `headline`),
 * then the service's own message.
 */
export function ErrorText({ error, testId, className = '', headline }: { error: ErrorInfo; testId?: string; className?: string; headline?: string }) {
  const { t } = useTranslation();
  const title = headline ?? t(`errors.${error.code}`);
  return (
    <p className={`error-text ${className}`} role="alert" data-testid={testId} data-code={error.code}>
      <strong>{title}</strong>
      {error.message && error.message !== title ? <span className="error-detail">{error.message}</span> : null}
    </p>
  );
}
