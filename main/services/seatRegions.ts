import type { LocalCache } from './localCache/localCache.js';
import { BackendError, type BackendClient } from './sync/backendClient.js';

/**
 * Brings the seat's copy of the division code table to the backend's edition (GET /regions with the
 * edition held: an unchanged table costs no rows). Unreachable, the copy held serves: the table
 * changes once a year, and the customer rules and pickers must work offline.
 */
export async function refreshRegionTable(backend: BackendClient, cache: LocalCache): Promise<void> {
  try {
    const answer = await backend.regionTable(cache.regions.edition());
    if (answer.regions !== null) cache.regions.replace({ edition: answer.edition, regions: answer.regions });
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
  }
}
