import { z } from 'zod';
import { Agent } from '../../shared/domain/branch.js';
import type { LocalCache } from './localCache/localCache.js';
import { BackendError, type BackendClient } from './sync/backendClient.js';

/** The last list the backend gave, so an order can be handed over while the link is down. */
const BRANCH_AGENTS_KEY = 'branch.agents';
const SavedAgents = z.array(Agent);

/**
 * The agents of the session's branch: fetched from the backend when it answers and kept in the
 * seat cache; unreachable or refusing, the last known list (or, never fetched, the agent alone).
 */
export async function branchAgents(backend: BackendClient, cache: LocalCache, self: Agent): Promise<Agent[]> {
  try {
    const agents = await backend.agents();
    cache.writeMeta(BRANCH_AGENTS_KEY, JSON.stringify(agents));
    return agents;
  } catch (error) {
    // A token that lapsed offline is renewed by the sync loop; until then the cached list serves.
    if (!(error instanceof BackendError) || (error.kind !== 'unreachable' && error.kind !== 'unauthorized')) throw error;
    return knownAgents(cache, self);
  }
}

/** The branch's agents as last fetched (no network), or the agent alone when never fetched. */
export function knownAgents(cache: LocalCache, self: Agent): Agent[] {
  const saved = cache.readMeta(BRANCH_AGENTS_KEY);
  const parsed = saved === null ? null : SavedAgents.safeParse(JSON.parse(saved));
  return parsed?.success ? parsed.data : [self];
}
