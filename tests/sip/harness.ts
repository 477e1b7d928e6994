/**
 * Test helpers for the SIP rig (scripts/sip, resources/sip/README.md). Every test file starts its
 * OWN rig in a temporary run directory: its own network namespace (only `lo`), so rigs of test
 * files running in parallel never share ports or state.
 *
 * What crosses the namespace boundary: stdio of child processes, Playwright's pipe to Chromium,
 * and relays over Unix sockets (exposeToRig / reachIntoRig). The vitest process itself stays
 * in the root namespace.
 *
 *   const rig = await startRig();                        // throws (loudly) if the rig cannot come up
 *   const agent = await NodeAgent.start(rig, '1001');    // SIP.js in Node, registered (signalling only)
 *   const call = startSipCall(rig, ['+8613800138000', '1001']);
 *   await agent.waitFor('invite'); agent.send({ cmd: 'answer' }); ...
 *   const { result } = await call.done;                  // the JSON result of npm run sip:call
 *   const browser = await launchChromiumInRig(rig);       // Chromium inside the namespace
 *   const seat = await exposeToRig(rig, seatPort);       // a root-namespace server, reachable in there
 *   await stopRig(rig);
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import type { CallResult } from '../../scripts/sip/lib/callTypes.js';
import { agentAccount, PROJECT_ROOT, type RigState } from '../../scripts/sip/lib/config.js';

export { exposeToRig } from '../../scripts/sip/lib/relay.js';
export type { RigState } from '../../scripts/sip/lib/config.js';

const RIG_CLI = path.join(PROJECT_ROOT, 'scripts/sip/rig.ts');
const CALL_CLI = path.join(PROJECT_ROOT, 'scripts/sip/call.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a TypeScript CLI of scripts/sip with tsx (as `npm run sip:*` does) and collects its output. */
export function runCli(cli: string, args: string[], options: { prefix?: string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const argv = [...(options.prefix ?? []), process.execPath, '--import', 'tsx', cli, ...args];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: PROJECT_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`${path.basename(cli)} ${args.join(' ')} did not finish within ${options.timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 300_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export interface StartRigOptions {
  /** Run directory; default: a fresh temporary one (its own namespace). */
  dir?: string;
  tls?: boolean;
  pstn?: boolean;
  /** The longest registration the registrar grants (s). */
  maxExpires?: number;
}

export interface TestRig extends RigState {
  /** How long `sip:rig start` took (ms), package installation included. */
  startMs: number;
  startOutput: string;
}

/**
 * Starts a rig with `sip:rig start --json` (installing missing Debian packages first). Throws with
 * the script's own explanation when it cannot (packages, root, ports): tests fail, never skip.
 */
export async function startRig(options: StartRigOptions = {}): Promise<TestRig> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aw-sip-rig-'));
  const args = ['start', '--dir', dir, '--json'];
  if (options.tls === false) args.push('--no-tls');
  if (options.pstn === false) args.push('--no-pstn');
  if (options.maxExpires) args.push('--max-expires', String(options.maxExpires));
  const run = await runCli(RIG_CLI, args, { timeoutMs: 600_000 });
  if (run.code !== 0) {
    throw new Error(`the SIP rig did not start (npm run sip:rig -- ${args.join(' ')} exited ${run.code}):\n${run.stderr.trim()}\n${run.stdout.trim()}`);
  }
  const state = JSON.parse(run.stdout) as RigState;
  return { ...state, startMs: run.ms, startOutput: run.stderr };
}

/** Stops the rig (exactly its own processes) and removes its namespace. Returns the script's output. */
export async function stopRig(rig: Pick<RigState, 'runDir'>): Promise<CliRun> {
  const run = await runCli(RIG_CLI, ['stop', '--dir', rig.runDir], { timeoutMs: 60_000 });
  if (run.code !== 0) throw new Error(`sip:rig stop failed (${run.code}):\n${run.stderr}\n${run.stdout}`);
  return run;
}

/** `ip netns exec <ns>` (or nothing without a namespace): put it in front of a command to run it next to the rig. */
export function rigPrefix(rig: Pick<RigState, 'netns'>): string[] {
  return rig.netns ? ['ip', 'netns', 'exec', rig.netns] : [];
}

const children = new Set<ChildProcess>();

/** Spawns a command inside the rig's namespace (remembered for stopRigChildren). */
export function spawnInRig(rig: Pick<RigState, 'netns'>, cmd: string, args: string[], options: Parameters<typeof spawn>[2] = {}): ChildProcess {
  const argv = [...rigPrefix(rig), cmd, ...args];
  const child = spawn(argv[0]!, argv.slice(1), { cwd: PROJECT_ROOT, ...options });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * SIGTERM to every process this test file started in a rig's namespace that is still running
 * (agents, calls, ...): for afterAll, so that a failed test leaves nothing behind and the rig's
 * `stop` can remove the namespace.
 */
export async function stopRigChildren(): Promise<void> {
  const left = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    left.map(
      (c) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => c.kill('SIGKILL'), 3000);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
}

export interface RunningCall {
  child: ChildProcess;
  done: Promise<{ result: CallResult; code: number | null; progress: string }>;
  /** What the customer side has printed so far (for a test that gives up waiting). */
  progressSoFar(): string;
}

/**
 * `npm run sip:call -- <args> --json` against this rig, started inside its namespace. `done`
 * resolves with the parsed result when the call is over (answered, rejected, ...).
 */
function rigLogTails(logDir: string | undefined): string {
  if (!logDir) return '';
  let out = '';
  for (const name of ['sipp-errors.log', 'sipp-screen.log', 'sipp-messages.log', 'baresip.log']) {
    try {
      const text = fs.readFileSync(path.join(logDir, name), 'utf8').trim();
      if (text) out += `\n--- ${name} (last 30 lines) ---\n${text.split('\n').slice(-30).join('\n')}`;
    } catch {
      // not written by this engine
    }
  }
  return out;
}

export function startSipCall(rig: Pick<RigState, 'netns' | 'runDir'>, args: string[]): RunningCall {
  const child = spawnInRig(rig, process.execPath, ['--import', 'tsx', CALL_CLI, ...args, '--json', '--dir', rig.runDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let progress = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (progress += d.toString()));
  const done = new Promise<{ result: CallResult; code: number | null; progress: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const result = JSON.parse(line) as CallResult;
        // A call that broke in the rig itself says why, with the tail of SIPp's own logs (the run
        // directory is gone once the test stops the rig).
        if (result.status === 'failed') result.error = `${result.error ?? 'unknown error'}${rigLogTails(result.logDir)}`;
        resolve({ result, code, progress });
      } catch {
        reject(new Error(`sip:call ${args.join(' ')} printed no JSON result (exit ${code}):\n${stdout}\n${progress}`));
      }
    });
  });
  return { child, done, progressSoFar: () => progress };
}

export interface AgentEvent {
  event: string;
  t: number;
  [key: string]: unknown;
}

/**
 * An agent's SIP.js user agent in Node (tests/sip/nodeAgent.ts), inside the rig's namespace,
 * registered with a short-lived credential (auth_ephemeral, as the backend issues one; by default
 * a fresh one made with the rig's secret). Signalling only: its SDP is a fixed stub.
 */
export class NodeAgent {
  readonly events: AgentEvent[] = [];
  private waiters: { match: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void }[] = [];
  private output = '';

  private constructor(
    readonly user: string,
    private readonly child: ChildProcess,
  ) {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      this.output += `${line}\n`;
      let e: AgentEvent;
      try {
        e = JSON.parse(line) as AgentEvent;
      } catch {
        return;
      }
      this.events.push(e);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(e)) return true;
        w.resolve(e);
        return false;
      });
    });
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** Starts the agent and waits for its registration (or throws with what Kamailio answered). secure: over wss://. */
  static async start(
    rig: Pick<RigState, 'netns' | 'urls'>,
    user: string,
    credential: { authorizationUser: string; password: string } = agentAccount(user),
    options: { secure?: boolean } = {},
  ): Promise<NodeAgent> {
    const server = options.secure ? rig.urls.wss : rig.urls.ws;
    if (!server) throw new Error('this rig has no wss:// listener (started with --no-tls)');
    const args = ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/sip/nodeAgent.ts'), '--user', user, '--auth-user', credential.authorizationUser, '--password', credential.password, '--server', server];
    if (options.secure) args.push('--insecure'); // the rig's certificate is self-signed
    const child = spawnInRig(rig, process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const agent = new NodeAgent(user, child);
    const e = await agent.waitFor((x) => x.event === 'registered' || x.event === 'register-failed', 15_000);
    if (e.event !== 'registered') {
      await agent.stop();
      throw Object.assign(new Error(`agent ${user} could not register: ${String(e.code)} ${String(e.reason)}`), { code: e.code });
    }
    return agent;
  }

  send(cmd: Record<string, unknown>): void {
    this.child.stdin!.write(`${JSON.stringify(cmd)}\n`);
  }

  /** Sends a command and waits until the agent reports it done (or failed). */
  async do(cmd: Record<string, unknown>, timeoutMs = 10_000): Promise<void> {
    const since = this.events.length;
    this.send(cmd);
    const e = await this.waitFor((x) => (x.event === 'done' || x.event === 'error') && x.cmd === cmd.cmd, timeoutMs, since);
    if (e.event === 'error') throw new Error(`agent ${this.user}: ${String(cmd.cmd)} failed: ${String(e.message)}`);
  }

  /** The first event (from index `since` on) that matches, waiting up to `timeoutMs`. */
  waitFor(match: string | ((e: AgentEvent) => boolean), timeoutMs = 15_000, since = 0): Promise<AgentEvent> {
    const pred = typeof match === 'string' ? (e: AgentEvent) => e.event === match : match;
    const seen = this.events.slice(since).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`agent ${this.user}: no ${typeof match === 'string' ? match : 'matching'} event within ${timeoutMs} ms. Output:\n${this.output}`));
      }, timeoutMs);
      const done = (e: AgentEvent) => {
        clearTimeout(timer);
        resolve(e);
      };
      this.waiters.push({ match: pred, resolve: done });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Debian's Chromium (Playwright), started inside the rig's namespace through the rig's wrapper:
 * there it reaches the rig on 127.0.0.1 and gathers no ICE candidate but loopback. Fake media
 * devices; loopback allowed in peer connections (notes/sip-rig lesson 3).
 */
export async function launchChromiumInRig(rig: Pick<RigState, 'wrappers'>, extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync('/usr/bin/chromium') && !process.env.RIG_CHROMIUM_BIN) {
    throw new Error('Chromium not found at /usr/bin/chromium: apt-get install -y chromium (or set RIG_CHROMIUM_BIN)');
  }
  return chromium.launch({
    executablePath: rig.wrappers.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      ...extraArgs,
    ],
  });
}
