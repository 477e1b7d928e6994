import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * What the softphone dials for a stored (E.164) number: Chinese numbers as dialled inside China
 * (mobile 13800138000, landline with its trunk 0: 01062345678), others in E.164 with '+'.
 */
export function dialStringFor(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone, 'CN');
  if (!parsed?.isValid()) return phone.replace(/[^\d+*#]/g, '');
  if (parsed.country === 'CN') return parsed.formatNational().replace(/\D/g, '');
  return parsed.number;
}
