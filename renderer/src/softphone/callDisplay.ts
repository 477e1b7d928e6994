import type { TFunction } from 'i18next';
import { formatPhone } from '../i18n/format.js';
import type { ActiveCall } from './softphoneStore.js';

/** "mm:ss" (or "h:mm:ss") of a duration in ms. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}:` : ''}${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/**
 * A number as people read it: canonical numbers formatted, anything else as signalled (an invalid
 * number too: the agent sees what the network sent); a withheld or unavailable one said so.
 */
export function shownNumber(call: Pick<ActiveCall, 'canonical' | 'remoteNumber' | 'presentation'>, t: TFunction): string {
  if (call.presentation !== 'number') return t(`softphone.presentation.${call.presentation}` as const);
  return call.canonical ? formatPhone(call.canonical) : call.remoteNumber;
}
