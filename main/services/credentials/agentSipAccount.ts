import type { SipCredential } from '../../../shared/domain/sipCredential.js';
import type { SeatConfig, SipAccount } from '../../../shared/seatConfig.js';
import { WorkstationError } from '../../../shared/workstationApi.js';
import { BackendError } from '../sync/backendClient.js';

/**
 * The softphone's account with the signed-in agent's short-lived SIP credential (docs/
 * architecture.md, "The SIP credential"): the seat file's proxy settings, the agent's own
 * extension and credential from the backend (POST /sip/credential). The renderer asks again before
 * `credentialExpiresAt` and registers with the fresh one. Nothing of it is stored on the seat.
 */
export async function agentSipAccount(config: SeatConfig, issue: () => Promise<SipCredential>): Promise<SipAccount | null> {
  const sip = config.sip;
  if (!sip || sip.credential !== 'per_agent') return null;
  let credential: SipCredential;
  try {
    credential = await issue();
  } catch (error) {
    throw credentialProblem(error);
  }
  return {
    wsUrl: sip.wsUrl,
    domain: sip.domain,
    user: credential.sipUser,
    authorizationUser: credential.user,
    password: credential.password,
    credentialExpiresAt: credential.expiresAt,
    ...(sip.displayName === undefined ? {} : { displayName: sip.displayName }),
    iceServers: sip.iceServers,
    iceGatheringTimeoutMs: sip.iceGatheringTimeoutMs,
    ringNoAnswerSeconds: sip.ringNoAnswerSeconds,
  };
}

function credentialProblem(error: unknown): unknown {
  if (!(error instanceof BackendError)) return error;
  if (error.kind === 'unreachable') return new WorkstationError('backend_unreachable', `no SIP credential: ${error.message}`);
  if (error.kind === 'unauthorized') return new WorkstationError('auth_failed', error.message);
  // 403: no phone for this role, or no extension for this agent; 503: the backend issues none
  if (error.status === 403 || error.status === 503) return new WorkstationError('credentials_unavailable', `no SIP credential: ${error.message}`);
  return new WorkstationError('internal', error.message);
}
