import type { TFunction } from 'i18next';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A stored (E.164) number written the way people read it: +8613800138000 → "+86 138 0013 8000",
 * +861062345678 → "+86 10 6234 5678". Anything unparseable is shown as it is.
 */
export function formatPhone(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone);
  return parsed?.isValid() ? parsed.formatInternational() : phone;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Province, city and street address on one line; a municipality (北京市 北京市) is named once. */
export function formatAddress(province: string, city: string, address: string): string {
  return [province, city === province ? '' : city, address].filter(Boolean).join(' ');
}

/** Local wall-clock time, 24-hour: "14:05". */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Local calendar date of a timestamp: "2026-11-23" (unambiguous in both languages). */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local date and time of a timestamp: "2026-11-23 14:05". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${formatDate(iso)} ${formatClock(iso)}`;
}

/** "just now", "3 min ago", "2 h ago", "4 d ago" — translated. A time in the future counts as now. */
export function formatAgo(t: TFunction, iso: string, now: number): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return t('time.justNow');
  if (minutes < 60) return t('time.minutesAgo', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('time.hoursAgo', { count: hours });
  return t('time.daysAgo', { count: Math.floor(hours / 24) });
}
