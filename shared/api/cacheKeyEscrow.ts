import { z } from 'zod';

const base64 = (what: string, max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, `${what} is base64`);

/**
 * A seat cache's key as the seat hands it to the backend for safekeeping (docs/architecture.md
 * §8): sealed with AES-256-GCM under a key derived (scrypt) from the agent's
 * password and a random salt. The backend stores it and gives it back only to that agent; the
 * backend alone cannot open it (it keeps no password), the PC alone cannot either (no escrow).
 */
export const WrappedCacheKey = z
  .object({
    scheme: z.literal('scrypt-aes-256-gcm-1'),
    salt: base64('salt', 64),
    iv: base64('iv', 32),
    tag: base64('tag', 32),
    sealed: base64('sealed', 128),
  })
  .strict();
export type WrappedCacheKey = z.infer<typeof WrappedCacheKey>;

/** PUT /seat/cache-keys/:id: the wrapped key of the cache `id` (the cache's own random id, kept beside it in plain). */
export const CacheKeyEscrowPut = z
  .object({
    wrappedKey: WrappedCacheKey,
    /** The id of the cache this one replaces at the seat (started afresh): its escrow is dropped. */
    replaces: z.string().uuid('replaces must be a UUID').optional(),
  })
  .strict();
export type CacheKeyEscrowPut = z.infer<typeof CacheKeyEscrowPut>;

/** A kept escrow, as the backend answers PUT and GET /seat/cache-keys/:id. */
export const CacheKeyEscrow = z.object({
  cacheId: z.string().uuid(),
  wrappedKey: WrappedCacheKey,
  escrowedAt: z.string(),
});
export type CacheKeyEscrow = z.infer<typeof CacheKeyEscrow>;

/** How many caches' keys the backend keeps for one agent (their seats, Windows users); the oldest goes first. */
export const MAX_ESCROWS_PER_AGENT = 20;
