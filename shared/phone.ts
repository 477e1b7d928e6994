import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Chinese phone numbers arrive in many shapes: 13800138000, +86 138 0013 8000, 008613800138000,
 * 010-62345678, (0755) 8765 4321, 86 10 6234 5678 … The screen pop must find the customer
 * whatever the shape, so every number is stored and looked up in one canonical form: E.164
 * (+8613800138000, +861062345678). Returns null when the input is not a dialable number.
 */
export function normalisePhone(input: string, defaultCountry: CountryCode = 'CN'): string | null {
  const trimmed = input.trim();
  if (trimmed === '' || /[^\d\s+()\-./]/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  const candidates = [trimmed];
  // "86 138…" or "8610…" written without + or 00: the country code typed as if it were national.
  if (!trimmed.startsWith('+') && digits.startsWith('86') && !digits.startsWith('860')) {
    candidates.push(`+${digits}`);
  }
  // "+86 0755 …": a trunk 0 kept after the country code.
  const trunkAfterCountry = /^(?:\+|00)86\D*0(\d+)/.exec(trimmed.replace(/[\s()\-./]/g, ''));
  if (trunkAfterCountry) candidates.push(`+86${trunkAfterCountry[1]}`);
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
    if (parsed?.isValid()) return parsed.number;
  }
  return null;
}

/** The digits of a (possibly partial) number as typed, for fragment search: "138 0013" → "1380013". */
export function phoneDigits(input: string): string {
  return input.replace(/\D/g, '');
}

/** True when the text is made only of characters people use to write phone numbers. */
export function looksLikePhone(input: string): boolean {
  return /^[\d\s+()\-./]+$/.test(input.trim()) && phoneDigits(input).length >= 3;
}

/** Canonical phone numbers as stored: E.164. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
