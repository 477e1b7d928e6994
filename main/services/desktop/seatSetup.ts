import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SEAT_CONFIG } from '../../../shared/seatConfig.js';
import type { SeatDraft, SetupCheck, SetupProblem } from '../../../shared/seatSetup.js';
import { describeIssues, workstationMethods, type WorkstationEvent, type WorkstationMethod } from '../../../shared/workstationApi.js';
import { isSafeBackendUrl } from '../seatConfigLoader.js';
import { BackendClient, BackendError } from '../sync/backendClient.js';
import type { DispatchResult } from '../workstationService.js';

const CHECK_TIMEOUT_MS = 8000;

/**
 * Checks what the first-run screen was given, every problem at once, each on its field: the
 * address (a URL; https unless it is this PC), the backend behind it (it answers, it is ours,
 * its database is up), the seat code, and an agent's sign-in if one was typed (which names the
 * branch this seat will serve; the session it opens is closed again at once).
 */
export async function checkSeatDraft(draft: SeatDraft, fetchImpl: typeof fetch = fetch): Promise<SetupCheck> {
  const problems: SetupProblem[] = [];
  const problem = (field: SetupProblem['field'], code: SetupProblem['code'], detail: string | null = null) => problems.push({ field, code, detail });
  if (!/^\d{2}$/.test(draft.seatCode)) problem('seatCode', 'seat_code_invalid', draft.seatCode || null);

  let url: URL | null = null;
  if (!draft.backendUrl) problem('backendUrl', 'backend_url_missing');
  else {
    try {
      url = new URL(draft.backendUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${url.protocol} is not http(s)`);
    } catch (error) {
      url = null;
      problem('backendUrl', 'backend_url_invalid', (error as Error).message);
    }
  }
  if (url && !isSafeBackendUrl(url.href)) {
    problem('backendUrl', 'backend_url_insecure', url.host);
    url = null;
  }
  let branch: SetupCheck['branch'] = null;
  if (url) {
    const reached = await probeBackend(url, fetchImpl);
    if (reached) problems.push(reached);
    else if (draft.login && draft.password) {
      const backend = new BackendClient({ baseUrl: url.href, timeoutMs: CHECK_TIMEOUT_MS, fetch: fetchImpl });
      try {
        const answer = await backend.login(draft.login, draft.password);
        branch = { code: answer.branch.code, name: answer.branch.name };
        // The check needs no session: end it where the backend keeps it.
        await fetchImpl(new URL('/auth/logout', url), { method: 'POST', headers: { authorization: `Bearer ${answer.token}` }, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }).catch(() => {});
      } catch (error) {
        if (error instanceof BackendError && (error.kind === 'unauthorized' || error.kind === 'rejected')) problem('login', 'login_refused', error.message);
        else problem('backendUrl', 'backend_unreachable', (error as Error).message);
      }
    }
  }
  return { problems, branch };
}

/** Null when the address answers as an Agent Workstation backend whose database is up. */
async function probeBackend(url: URL, fetchImpl: typeof fetch): Promise<SetupProblem | null> {
  const get = async (route: string) => {
    const response = await fetchImpl(new URL(route, url), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: not ours
    }
    return { status: response.status, body };
  };
  try {
    const health = await get('/healthz');
    if (health.status !== 200 || (health.body as { status?: unknown } | null)?.status !== 'ok') {
      return { field: 'backendUrl', code: 'backend_not_workstation', detail: `GET /healthz answered HTTP ${health.status}` };
    }
    const ready = await get('/readyz');
    if (ready.status !== 200) return { field: 'backendUrl', code: 'backend_not_ready', detail: `GET /readyz answered HTTP ${ready.status}` };
    return null;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { field: 'backendUrl', code: 'backend_unreachable', detail: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

/** The seat file the first-run screen writes: what it was given, the rest the defaults. */
function seatFileText(draft: SeatDraft): string {
  return `${JSON.stringify({ backendUrl: new URL(draft.backendUrl).href.replace(/\/$/, ''), seatCode: draft.seatCode, syncIntervalMs: DEFAULT_SEAT_CONFIG.syncIntervalMs }, null, 2)}\n`;
}

export interface SeatSetupOptions {
  /** Where IT deploys the machine-wide file (named on the screen). */
  machineSeatFile: string;
  /** Where this screen saves (the user's profile in the installed app). */
  saveTo: string;
  fetch?: typeof fetch;
  /** After saving: the host restarts the app with its new configuration. */
  onSaved: (seatFile: string) => void;
}

/**
 * The seat before it has a configuration: answers the first-run screen's calls and refuses every
 * other one as `seat_not_set_up`. The Electron edge registers it like the workstation service.
 */
export class SeatSetupService {
  constructor(private readonly options: SeatSetupOptions) {}

  on(_listener: (event: WorkstationEvent, payload: unknown) => void): () => void {
    return () => {}; // nothing happens here that the page would need to hear about
  }

  async dispatch(method: string, rawInput: unknown): Promise<DispatchResult> {
    if (method === 'setup.status') return { ok: true, output: { needed: true, machineSeatFile: this.options.machineSeatFile } };
    if (method !== 'setup.check' && method !== 'setup.save') {
      const known = Object.hasOwn(workstationMethods, method);
      return { ok: false, error: { code: known ? 'seat_not_set_up' : 'bad_input', message: known ? 'this PC has no seat configuration yet' : `unknown method: ${method}` } };
    }
    const input = workstationMethods[method as Extract<WorkstationMethod, 'setup.check'>].input.safeParse(rawInput ?? {});
    if (!input.success) return { ok: false, error: { code: 'bad_input', message: describeIssues(input.error) } };
    const check = await checkSeatDraft(input.data, this.options.fetch);
    if (method === 'setup.check') return { ok: true, output: check };
    if (check.problems.length) return { ok: false, error: { code: 'bad_input', message: 'the seat settings have problems: check them first', details: check } };
    fs.mkdirSync(path.dirname(this.options.saveTo), { recursive: true });
    fs.writeFileSync(this.options.saveTo, seatFileText(input.data), { mode: 0o600 });
    this.options.onSaved(this.options.saveTo);
    return { ok: true, output: { seatFile: this.options.saveTo } };
  }
}
