import type { Customer } from '../../../shared/domain/customer.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';
import { CUSTOMER_FIELDS, withField, type CustomerDraft, type CustomerField } from './customerDraft.js';

/** What the new-customer and the edit-customer forms hold alike. */
export interface CustomerDraftForm {
  draft: CustomerDraft;
  /** What the service said is wrong, per field. */
  fieldErrors: FieldProblems<CustomerField>;
  /** A failure that names no field (the seat is down, a bug). */
  error: ErrorInfo | null;
  pending: boolean;
}

/** One field typed: the draft takes it and that field's error goes. */
export function changeField(form: Pick<CustomerDraftForm, 'draft' | 'fieldErrors'>, field: CustomerField, value: string): Pick<CustomerDraftForm, 'draft' | 'fieldErrors'> {
  const rest = { ...form.fieldErrors };
  delete rest[field];
  return { draft: withField(form.draft, field, value), fieldErrors: rest };
}

/**
 * Sends the draft: the saved customer, or null when the service refused (its errors go next to
 * their fields, the rest under the form) or the form was left meanwhile (`isCurrent` false).
 */
export async function sendDraft(set: (changes: Partial<CustomerDraftForm>) => void, send: () => Promise<Customer>, isCurrent: () => boolean): Promise<Customer | null> {
  set({ pending: true, error: null });
  try {
    const customer = await send();
    return isCurrent() ? customer : null;
  } catch (error) {
    if (!isCurrent()) return null;
    const split = splitFieldErrors(toErrorInfo(error), CUSTOMER_FIELDS);
    set({ pending: false, fieldErrors: split.fields, error: split.rest });
    return null;
  }
}
