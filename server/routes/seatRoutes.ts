import { CacheKeyEscrow, CacheKeyEscrowPut } from '../../shared/api/cacheKeyEscrow.js';
import { IdParam } from '../../shared/api/rest.js';
import { ApiFailure } from '../http/apiFailure.js';
import { agentRoute } from '../http/route.js';
import { escrowCacheKey, escrowedCacheKey } from '../seats/cacheKeyEscrow.js';

/** What a seat keeps at the backend for itself (docs/architecture.md §8 (cache key escrow)). */
export const seatRoutes = [
  agentRoute({
    method: 'PUT',
    url: '/seat/cache-keys/:id',
    summary:
      "The seat hands the key of its cache `id` to the backend for safekeeping, wrapped under the agent's password (after each online login). " +
      'Kept for the calling agent only; `replaces` drops the escrow of the cache this one replaced',
    params: IdParam,
    body: CacheKeyEscrowPut,
    response: CacheKeyEscrow,
    handler: ({ caller, params, body }, { db, now }) => escrowCacheKey(db, caller, params.id, body, now()),
  }),
  agentRoute({
    method: 'GET',
    url: '/seat/cache-keys/:id',
    summary:
      "The calling agent's escrowed key of cache `id`, for a seat whose keychain can no longer open it (a keychain reset, a Windows password reset). " +
      "404 when this agent has none for that cache: another agent's escrow is never given out",
    errors: [404],
    params: IdParam,
    response: CacheKeyEscrow,
    handler: async ({ caller, params }, { db }) => {
      const escrow = await escrowedCacheKey(db, caller, params.id);
      if (!escrow) throw ApiFailure.notFound('a cache key of yours for this cache');
      return escrow;
    },
  }),
];
