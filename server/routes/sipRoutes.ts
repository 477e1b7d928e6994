import { SipCredential } from '../../shared/domain/sipCredential.js';
import { mayHoldOrders } from '../../shared/domain/roles.js';
import { sessionExpiresAt } from '../auth/sessions.js';
import { ApiFailure } from '../http/apiFailure.js';
import { agentRoute } from '../http/route.js';
import { ephemeralSipCredential } from '../sip/sipCredentials.js';

/**
 * The signed-in agent's short-lived SIP credential (docs/architecture.md, "The SIP credential"):
 * for the agent's own SIP user (agents.sip_user), valid for the configured lifetime but never
 * beyond the session it is asked with. The seat asks after sign-in and again before it expires.
 * Roles that serve no customers (the parts desk, headquarters) have no phone: 403, as an agent
 * without a SIP user.
 */
export const sipCredentialRoute = agentRoute({
  method: 'POST',
  url: '/sip/credential',
  summary:
    "The signed-in agent's short-lived SIP credential (Kamailio auth_ephemeral: user \"<expiry>:<sipUser>\", password base64(HMAC-SHA1(secret, user))), " +
    'valid SIP_CREDENTIAL_LIFETIME_S (12 h) and never beyond the session. 403 for a role without a phone or an agent without a SIP user; 503 when the backend has no SIP secret',
  errors: [403, 503],
  response: SipCredential,
  handler: async ({ caller, token }, { db, now, sipCredentials }) => {
    if (!sipCredentials) throw new ApiFailure(503, 'not_ready', 'this backend issues no SIP credentials (SIP_CREDENTIAL_SECRET is not set)');
    if (!mayHoldOrders(caller.role)) throw new ApiFailure(403, 'forbidden', `the role ${caller.role} has no phone`);
    const row = await db.selectFrom('agents').select('sipUser').where('id', '=', caller.id).executeTakeFirst();
    if (!row?.sipUser) throw new ApiFailure(403, 'forbidden', `${caller.login} has no SIP user (extension): ask IT to give the agent one`);
    const at = now();
    const sessionEnd = token ? await sessionExpiresAt(db, token, at) : null;
    if (!sessionEnd) throw ApiFailure.unauthorized();
    const expiresAt = new Date(Math.min(at.getTime() + sipCredentials.lifetimeSeconds * 1000, sessionEnd.getTime()));
    return ephemeralSipCredential(sipCredentials.secret, row.sipUser, expiresAt);
  },
});
