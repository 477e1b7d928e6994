import type { ReceivedRefusal } from '../../../shared/domain/refusal.js';
import type { ErrorInfo } from '../bridge/errors.js';
import { refusalOf } from '../i18n/errorMessages.js';

/** What is wrong with one field, as far as the UI can tell from the service's words. */
export interface FieldProblem {
  /** `required`, `invalidPhone`, `tooLong` and `refused` are shown translated; `other` shows the service's message. */
  kind: 'required' | 'invalidPhone' | 'tooLong' | 'refused' | 'other';
  /** The service's own message for this field, without the field name. */
  message: string;
  /** For `invalidPhone`: the number as typed. */
  value?: string;
  /** For `refused`: the domain rule's refusal naming this field. */
  refusal?: ReceivedRefusal;
}

export type FieldProblems<F extends string> = Partial<Record<F, FieldProblem>>;

export interface SplitError<F extends string> {
  /** Problems the service named a field of this form for. */
  fields: FieldProblems<F>;
  /** The rest (another code, or parts naming no field of this form); null when nothing is left. */
  rest: ErrorInfo | null;
}

/**
 * One "path: message" part of a bad_input message. The service joins parts with "; "
 * (`describeIssues`): "phone: not a valid phone number: \"123\"; changes.address: address is required".
 */
const PART_SEPARATOR = /;\s+(?=[\w.[\]-]+:\s)/;
const PART = /^([\w.[\]-]+):\s+([\s\S]*)$/;

interface Issue {
  path: string[];
  message: string;
}

function issuesFromDetails(details: unknown): Issue[] | null {
  if (!Array.isArray(details) || details.length === 0) return null;
  const issues: Issue[] = [];
  for (const d of details) {
    if (typeof d !== 'object' || d === null) return null;
    const { path, message } = d as { path?: unknown; message?: unknown };
    if (!Array.isArray(path) || typeof message !== 'string') return null;
    issues.push({ path: path.map(String), message });
  }
  return issues;
}

function issuesFromMessage(message: string): Issue[] {
  return message.split(PART_SEPARATOR).map((part) => {
    const m = PART.exec(part.trim());
    return m ? { path: (m[1] ?? '').split('.'), message: m[2] ?? '' } : { path: [], message: part.trim() };
  });
}

export function classify(message: string): FieldProblem {
  const phone = /not a valid phone number: "([\s\S]*)"$/.exec(message);
  if (phone) return { kind: 'invalidPhone', message, value: phone[1] ?? '' };
  if (/\bis required$|^describe the |^Too small|expected string to have >=1/i.test(message)) return { kind: 'required', message };
  if (/^Too big|expected string to have <=/i.test(message)) return { kind: 'tooLong', message };
  return { kind: 'other', message };
}

/**
 * Codes whose errors concern what was typed in a field (a taken phone is the phone box's; a step
 * missing its details, e.g. a duplicate order's reason, is the box the refusal names).
 */
const FIELD_CODES: ReadonlySet<string> = new Set(['bad_input', 'phone_taken', 'details_required']);

/**
 * Sorts a failed call's error onto the form's fields: a bad_input naming `phone` (or `changes.phone`)
 * lands on the phone field; whatever names no field of this form stays a form-level error.
 */
export function splitFieldErrors<F extends string>(error: ErrorInfo, fields: readonly F[]): SplitError<F> {
  if (!FIELD_CODES.has(error.code)) return { fields: {}, rest: error };
  const refusal = refusalOf(error.details);
  if (refusal) {
    const field = fields.find((f) => f === refusal.field);
    return field ? { fields: { [field]: { kind: 'refused', message: error.message, refusal } } as FieldProblems<F>, rest: null } : { fields: {}, rest: error };
  }
  const issues = issuesFromDetails(error.details) ?? issuesFromMessage(error.message);
  const found: FieldProblems<F> = {};
  const left: string[] = [];
  for (const issue of issues) {
    const field = [...issue.path].reverse().find((p): p is F => (fields as readonly string[]).includes(p));
    if (field && !found[field]) found[field] = classify(issue.message);
    else if (!field) left.push(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
  }
  if (Object.keys(found).length === 0) return { fields: found, rest: error };
  return { fields: found, rest: left.length ? { code: error.code, message: left.join('; ') } : null };
}
