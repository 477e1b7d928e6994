import './forms.css';
import { useTranslation } from 'react-i18next';
import { refusalText } from '../i18n/errorMessages.js';
import type { FieldProblem } from './fieldErrors.js';

/** The id of a field's error text, for the input's aria-describedby. */
export const fieldErrorId = (formId: string, field: string) => `${formId}-${field}-error`;

/**
 * What is wrong with one field, next to it, always in the agent's language: by its kind, the
 * refusal's words, or a plain "check this field". The service's English never shows (not even
 * as a tooltip); the form-level error keeps it behind a click.
 */
export function FieldError({ formId, field, problem }: { formId: string; field: string; problem: FieldProblem | undefined }) {
  const { t } = useTranslation();
  if (!problem) return null;
  const text =
    problem.kind === 'required'
      ? t('formErrors.required')
      : problem.kind === 'invalidPhone'
        ? t('formErrors.invalidPhone', { value: problem.value ?? '' })
        : problem.kind === 'tooLong'
          ? t('formErrors.tooLong')
          : problem.refusal
            ? refusalText(t, problem.refusal)
            : t('formErrors.invalid');
  return (
    <span className="field-error" id={fieldErrorId(formId, field)} role="alert" data-testid="field-error" data-field={field} data-kind={problem.kind}>
      {text}
    </span>
  );
}
