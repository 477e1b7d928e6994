import { z } from 'zod';

/**
 * The signed-in agent's short-lived SIP credential (POST /sip/credential), in the form Kamailio's
 * auth_ephemeral module checks (username_format 1, sha_algorithm 0, the defaults of Debian's
 * kamailio-autheph-modules 5.6): `user` = "<expiry, Unix seconds>:<sipUser>", `password` =
 * base64(HMAC-SHA1(shared secret, user)). The proxy recomputes the password from the username and
 * the secret it shares with the backend, and refuses it once the expiry has passed: nothing is
 * stored per agent, and a copied credential dies on its own (docs/architecture.md, "The SIP
 * credential").
 */
export const SipCredential = z
  .object({
    /** The agent's own SIP user (extension): the address of record is sip:<sipUser>@<domain>. */
    sipUser: z.string().regex(/^[A-Za-z0-9._+-]{1,64}$/),
    /** The digest authorization user: "<expiry>:<sipUser>". */
    user: z.string().regex(/^\d{1,12}:[A-Za-z0-9._+-]{1,64}$/, 'the authorization user is "<expiry>:<sipUser>"'),
    password: z.string().min(1).max(256),
    /** When the proxy stops taking it (the expiry in `user`, as an instant). */
    expiresAt: z.string().datetime({ offset: true }),
  })
  .strict();
export type SipCredential = z.infer<typeof SipCredential>;

