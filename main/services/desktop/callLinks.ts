import { normalisePhone } from '../../../shared/phone.js';
import type { DesktopCommand } from '../../../shared/desktopLink.js';

/** The link schemes the app answers for (registered by the installer and at start). */
export const CALL_LINK_SCHEMES = ['tel', 'sip', 'callto'] as const;

type CallLinkCommand = Extract<DesktopCommand, { kind: 'callLink' }>;

/** What may be dialled: digits with an optional leading +, and the * and # of service codes. */
const DIALABLE = /^\+?[0-9*#]{2,31}$/;

/**
 * The number in a tel:, sip: or callto: link (a CRM's "call" link, a number in an e-mail), as a
 * command for the page: the number to put in the dial box and its canonical form (E.164 through
 * libphonenumber-js, `shared/phone.ts`) to look the customer up. Null for anything else: a link
 * is outside input, so only a plain number passes, never a SIP address of an arbitrary domain,
 * parameters or headers (`tel:…;phone-context=…`, `sip:…?Subject=…` are cut off).
 *
 *   tel:+86-138-0013-8000        → 13800138000 style as written, canonical +8613800138000
 *   sip:13800138000@pbx;user=phone → 13800138000
 *   callto://010 6234 5678       → 01062345678
 */
export function parseCallLink(link: string): CallLinkCommand | null {
  const match = /^(tel|sip|sips|callto):(?:\/\/)?([^;?]*)/i.exec(link.trim());
  if (!match) return null;
  let target: string;
  try {
    target = decodeURIComponent(match[2]!);
  } catch {
    return null;
  }
  const scheme = match[1]!.toLowerCase();
  // sip:user@host: the user part is the number (the host is our proxy's business, not the link's)
  if (scheme === 'sip' || scheme === 'sips') target = target.split('@')[0]!;
  const number = target.replace(/[\s().\-/]/g, '');
  if (!DIALABLE.test(number)) return null;
  return { kind: 'callLink', number, canonical: normalisePhone(number) };
}

/**
 * The call link among a process's arguments: Windows and Linux start the app (or hand a second
 * launch's argv to the running one) with the link as an argument. The first one that parses.
 */
export function callLinkInArgv(argv: readonly string[]): CallLinkCommand | null {
  for (const arg of argv) {
    if (!/^(tel|sips?|callto):/i.test(arg)) continue;
    const link = parseCallLink(arg);
    if (link) return link;
  }
  return null;
}
