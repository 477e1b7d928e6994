import type { AgentFiguresToday } from '../../shared/domain/interaction.js';
import type { LocalCache } from './localCache/localCache.js';

/**
 * The agent's own figures for today (docs/architecture.md §1, wrap-up), from the seat's cache so they work
 * offline: the calls they started since local midnight, and the average handle time (talk +
 * wrap-up), and the follow-ups they completed since then.
 */
export function agentFiguresToday(cache: LocalCache, agentId: string, now: Date): AgentFiguresToday {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const nextMidnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const { calls, handleSeconds } = cache.interactions.totalsOf(agentId, midnight, nextMidnight);
  const followUpsDone = cache.followUps.doneCount(agentId, midnight, nextMidnight);
  return { calls, averageHandleSeconds: calls === 0 ? 0 : handleSeconds / calls, followUpsDone };
}
