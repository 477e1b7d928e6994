import { z } from 'zod';

/**
 * The softphone's SIP account as the renderer gets it (`softphone.account`), for SIP over
 * WebSocket. Its password is the agent's short-lived credential (docs/architecture.md, "The SIP
 * credential"): issued by the backend after sign-in for the agent's own extension, renewed before
 * `credentialExpiresAt`. Only a seat in the documented fallback (`sip.credential: "seat_password"`)
 * hands a long-lived password to the renderer. Never logged.
 */
export const SipAccount = z
  .object({
    /** The proxy's WebSocket, e.g. wss://sip.hq.example:7443 (ws:// only for loopback rigs). */
    wsUrl: z
      .string()
      .url('sip.wsUrl must be a URL such as wss://sip.hq.example:7443')
      .refine((u) => /^wss?:\/\//i.test(u), 'sip.wsUrl must start with ws:// or wss://'),
    /** The SIP domain of the agent's address of record (sip:<user>@<domain>). */
    domain: z.string().trim().min(1, 'sip.domain is required').max(253),
    user: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._+-]{1,64}$/, 'sip.user is the extension or SIP user name (letters, digits . _ + -)'),
    password: z.string().min(1, 'sip.password must not be empty').max(256),
    /** The digest authorization user when it is not `user`: the credential's "<expiry>:<user>". */
    authorizationUser: z.string().min(1).max(128).optional(),
    /** When the credential stops working (absent: a long-lived seat password); renewed before. */
    credentialExpiresAt: z.string().datetime({ offset: true }).optional(),
    displayName: z.string().trim().max(64).optional(),
    /** STUN/TURN servers for ICE; none by default (the proxy's media relay is reachable directly). */
    iceServers: z.array(z.string().min(1)).max(8).default([]),
    /** How long to gather ICE candidates before sending the offer/answer. */
    iceGatheringTimeoutMs: z.number().int().min(100).max(10_000).default(500),
    /** Ring-no-answer: how long a call rings before it is given back and the agent set not ready. */
    ringNoAnswerSeconds: z.number().int().min(5).max(300).default(20),
  })
  .strict();
export type SipAccount = z.infer<typeof SipAccount>;

/**
 * How the softphone proves who it is to the proxy:
 * - per_agent (the default): the backend issues the signed-in agent a short-lived credential for
 *   the agent's own extension (POST /sip/credential; Kamailio auth_ephemeral). No SIP password on
 *   the seat; `sip.user` is not needed (the agent's extension comes with the credential).
 * - seat_password: a FALLBACK for a PBX without auth_ephemeral: the seat's long-lived `sip.user`
 *   and `sip.password` (sealed in the OS keychain where there is one). That password reaches the
 *   renderer and works until IT changes it: use it only where the proxy cannot check credentials.
 */
const SipCredentialMode = z.enum(['per_agent', 'seat_password']);

/**
 * The account as the seat file holds it: with per_agent credentials (the default) no user or
 * password; with the seat_password fallback the user and, until the app has sealed it in the OS
 * keychain (main/services/credentials), the password.
 */
const SipAccountSetting = SipAccount.omit({ authorizationUser: true, credentialExpiresAt: true })
  .extend({
    user: SipAccount.shape.user.optional(),
    password: SipAccount.shape.password.optional(),
    credential: SipCredentialMode.default('per_agent'),
  })
  .strict()
  .superRefine((sip, ctx) => {
    if (sip.credential === 'per_agent' && sip.password !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message:
          'sip.password is not used: the backend issues each agent a short-lived SIP credential; remove it, or set sip.credential "seat_password" for a PBX without auth_ephemeral',
      });
    }
    if (sip.credential === 'seat_password' && sip.user === undefined) {
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'sip.user is required with sip.credential "seat_password"' });
    }
  });
type SipAccountSetting = z.infer<typeof SipAccountSetting>;

/** What a global key does (main/services/desktop/phoneKeys.ts). */
export const PhoneKeyAction = z.enum(['answer', 'hangUp', 'answerOrHangUp']);
export type PhoneKeyAction = z.infer<typeof PhoneKeyAction>;

/**
 * Updates of the installed app from headquarters' own server (electron-updater's generic feed:
 * `<url>/<channel>.yml` and the installers beside it). Read only from the machine seat file IT
 * owns: a seat file a user saved cannot turn updates off or point them elsewhere. Absent: on, from
 * the feed the app was built with (electron-builder.yml `publish`), every 4 hours.
 */
export const UpdateSettings = z
  .object({
    /** false: this PC takes no updates this way (IT pushes new versions itself). */
    enabled: z.boolean().default(true),
    /** The feed's folder, https (plain http only on this PC itself); absent: the built-in feed. */
    url: z
      .string()
      .url('updates.url must be a URL such as https://updates.hq.example/agent-workstation/')
      .refine(isHttpsOrThisPc, 'updates.url must be https:// (plain http only on this PC itself)')
      .optional(),
    /** The feed's channel file: latest (latest.yml), or e.g. pilot for a pilot group of seats. */
    channel: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'updates.channel is a lower-case name such as latest or pilot')
      .optional(),
    /** Hours between checks (and one shortly after the start). */
    checkEveryHours: z.number().min(1).max(24).default(4),
  })
  .strict();
export type UpdateSettings = z.infer<typeof UpdateSettings>;

/** https anywhere; plain http only to this PC itself (a test feed). */
function isHttpsOrThisPc(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || (protocol === 'http:' && (hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname)));
  } catch {
    return false;
  }
}

/**
 * A seat's configuration: what IT deploys as a seat file (JSON), overridable by environment
 * variables for development. Validated on load; a bad file stops the start with the field named.
 */
export const SeatConfig = z
  .object({
    backendUrl: z.string().url('backendUrl must be a URL such as http://hq.example:8787'),
    seatCode: z.string().regex(/^\d{2}$/, 'seatCode is two digits, e.g. 07'),
    /** Where the seat keeps its cache; relative paths are resolved against the working directory. */
    dataDir: z.string().min(1),
    syncIntervalMs: z.number().int().min(200).max(600_000),
    /** The softphone's SIP account; without it the workstation works without a phone. */
    sip: SipAccountSetting.optional(),
    /**
     * The desktop app's global answer/hang-up keys, accelerator → action, e.g.
     * {"CommandOrControl+F9": "answer", "MediaPlayPause": "answerOrHangUp"}; {} for none. Absent: the default keys.
     */
    phoneKeys: z.record(z.string().min(1).max(64), PhoneKeyAction).optional(),
    /** The desktop app starts at Windows sign-in (true), or does not (false); absent: left as the user set it. */
    autostart: z.boolean().optional(),
    /** The installed app's updates from headquarters (UpdateSettings). */
    updates: UpdateSettings.optional(),
  })
  .strict();
export type SeatConfig = z.infer<typeof SeatConfig>;

export const DEFAULT_SEAT_CONFIG: SeatConfig = {
  backendUrl: 'http://127.0.0.1:8787',
  seatCode: '01',
  dataDir: './data/seat',
  syncIntervalMs: 5000,
};

/** The CSP source of the SIP proxy's WebSocket (scheme, host and port), or null when none is set. */
export function sipConnectSource(config: Pick<SeatConfig, 'sip'>): string | null {
  if (!config.sip) return null;
  try {
    const url = new URL(config.sip.wsUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}
