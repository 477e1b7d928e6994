import type { ChosenNotReadyReason, PresenceReport, TeamBoard } from '../../shared/domain/agentPresence.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { BackendError, type BackendClient } from './sync/backendClient.js';

/**
 * The seat's part in agent presence (shared/domain/agentPresence.ts): it hands the page's reports
 * to the backend, reads the team board and passes a supervisor's not-ready request on. A report
 * the backend does not take (link down, signed in offline) is dropped, not queued: presence is
 * "now", and the backend shows a silent seat as unreachable since its last report.
 */
export async function reportPresence(backend: BackendClient, report: PresenceReport): Promise<{ delivered: boolean }> {
  try {
    await backend.reportPresence(report);
    return { delivered: true };
  } catch (error) {
    if (error instanceof BackendError && (error.kind === 'unreachable' || error.kind === 'unauthorized' || error.kind === 'server')) return { delivered: false };
    throw asWorkstationError(error);
  }
}

/** The team board (online only: presence is live or nothing). */
export async function teamBoard(backend: BackendClient): Promise<TeamBoard> {
  try {
    return await backend.teamBoard();
  } catch (error) {
    throw asWorkstationError(error);
  }
}

export async function putNotReady(backend: BackendClient, agentId: string, reason: ChosenNotReadyReason): Promise<{ ok: true }> {
  try {
    await backend.putNotReady(agentId, reason);
    return { ok: true };
  } catch (error) {
    throw asWorkstationError(error);
  }
}

function asWorkstationError(error: unknown): unknown {
  if (!(error instanceof BackendError)) return error;
  if (error.kind === 'unreachable') return new WorkstationError('backend_unreachable', error.message);
  if (error.kind === 'unauthorized') return new WorkstationError('auth_failed', error.message);
  if (error.status === 403) return new WorkstationError('not_permitted', error.message);
  if (error.status === 404) return new WorkstationError('not_found', error.message);
  return new WorkstationError(error.kind === 'rejected' ? 'bad_input' : 'internal', error.message);
}
