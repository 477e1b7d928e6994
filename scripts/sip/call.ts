/**
 * npm run sip:call -- <caller-number> [agent] [options]
 *
 * A customer calls an agent through the running rig (npm run sip:rig): the caller number is the
 * From user and the P-Asserted-Identity, the customer plays audio, answers hold/unhold, takes DTMF
 * (RFC 4733 telephone-event and SIP INFO), and hangs up after --talk seconds unless the agent hangs
 * up first. Prints the outcome and exits 0 answered, 3 rejected, 4 no answer, 5 unreachable
 * (agent not registered), 1 failure, 2 bad usage. See resources/sip/README.md.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callWithBaresip } from './lib/baresipCall.js';
import { describe, EXIT_CODES, type CallOptions, type CallResult } from './lib/callTypes.js';
import { resolveSettings } from './lib/config.js';
import { inNetns } from './lib/netns.js';
import { CUSTOMER_AUDIO, rigStatus } from './lib/rig.js';
import { callWithSipp } from './lib/sippCall.js';

const USAGE = `usage: npm run sip:call -- <caller-number> [agent] [options]
  caller-number      the customer's number: digits, optional leading + (e.g. +8613800138000, 01062345678)
  agent              the SIP user called (default 1001)
options:
  --ua sipp|baresip  the customer's phone (default sipp; baresip follows transfers (REFER) but
                     sends no P-Asserted-Identity itself: Kamailio adds one from the From user)
  --name NAME        the caller's display name (default: the number)
  --ring-timeout S   give up (CANCEL) after S seconds without an answer (default 30)
  --talk S           the customer hangs up S seconds after the answer, unless the agent does (default 30)
  --withheld         the caller withholds the number (sipp only): From anonymous, Privacy: id,
                     the number only in P-Asserted-Identity
  --info-probe       once answered, send two INFOs in the call (sipp only): a package the agent never
                     offered (RFC 6086: 469 expected), then legacy DTMF (200 expected)
  --audio FILE       what the customer says: 8 kHz 16-bit mono WAV (default resources/sip/audio/customer-8k.wav)
  --dir DIR          the rig's run directory (default .tmp/sip-rig, or SIP_RIG_DIR)
  --json             print one JSON object (the result) on stdout, progress on stderr
exit status: 0 answered, 3 rejected, 4 no answer, 5 unreachable, 1 failed, 2 usage`;

class UsageError extends Error {}

function parseSeconds(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n <= 0 || n > 3600) throw new UsageError(`${flag} needs a number of seconds (got ${v ?? 'nothing'})`);
  return Math.round(n * 1000);
}

function parse(argv: string[]) {
  const positional: string[] = [];
  let engine: CallOptions['engine'] = 'sipp';
  let display: string | null = null;
  let ringTimeoutMs = 30_000;
  let talkMs = 30_000;
  let audioFile = CUSTOMER_AUDIO;
  let runDir: string | undefined;
  let json = false;
  let withheld = false;
  let infoProbe = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i];
    if (a === '--ua') {
      const v = next();
      if (v !== 'sipp' && v !== 'baresip') throw new UsageError(`--ua must be sipp or baresip (got ${v ?? 'nothing'})`);
      engine = v;
    } else if (a === '--name') display = next() ?? '';
    else if (a === '--ring-timeout') ringTimeoutMs = parseSeconds(a, next());
    else if (a === '--talk') talkMs = parseSeconds(a, next());
    else if (a === '--audio') audioFile = path.resolve(next() ?? '');
    else if (a === '--dir') runDir = next();
    else if (a === '--json') json = true;
    else if (a === '--withheld') withheld = true;
    else if (a === '--info-probe') infoProbe = true;
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  const [caller, agent = '1001', ...extra] = positional;
  if (!caller) throw new UsageError('the caller number is missing');
  if (extra.length) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  if (!/^\+?[0-9]{2,20}$/.test(caller)) throw new UsageError(`the caller number must be 2-20 digits with an optional leading + (got "${caller}")`);
  if (!/^\+?[0-9]{1,20}$/.test(agent)) throw new UsageError(`the agent must be a SIP user number such as 1001 (got "${agent}")`);
  if (!fs.existsSync(audioFile)) throw new UsageError(`audio file not found: ${audioFile}`);
  if (withheld && engine !== 'sipp') throw new UsageError('--withheld needs --ua sipp');
  if (infoProbe && engine !== 'sipp') throw new UsageError('--info-probe needs --ua sipp');
  const opts: CallOptions = { caller, agent, engine, display: display ?? caller, ringTimeoutMs, talkMs, audioFile, withheld, infoProbe };
  return { opts, runDir, json };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`sip:call: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  const { opts, json } = parsed;
  const settings = resolveSettings({ runDir: parsed.runDir });
  const st = rigStatus(settings.runDir);
  const say = json ? (l: string) => console.error(l) : (l: string) => console.log(l);
  const fail = (error: string): CallResult => ({
    status: 'failed',
    engine: opts.engine,
    caller: opts.caller,
    agent: opts.agent,
    sipCode: null,
    reason: null,
    ringing: false,
    timings: { ringingAfterMs: null, answeredAfterMs: null, talkMs: null, totalMs: 0 },
    hangupBy: null,
    dtmf: { digits: '', events: [] },
    audio: null,
    reinvites: [],
    refer: null,
    transfer: null,
    infoProbe: null,
    logDir: '',
    error,
  });
  const report = (r: CallResult) => {
    if (json) console.log(JSON.stringify(r));
    else console.log(describe(r));
    return EXIT_CODES[r.status];
  };

  if (!st.running || !st.state) {
    return report(fail(`the SIP rig in ${settings.runDir} is not running (start it: npm run sip:rig${parsed.runDir ? ` -- --dir ${parsed.runDir}` : ''})`));
  }
  const state = st.state;

  // The customer's phone must live next to the rig: re-run this script inside its namespace.
  if (state.netns && !inNetns(state.netns)) {
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync('ip', ['netns', 'exec', state.netns, process.execPath, '--import', 'tsx', self, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, SIP_RIG_DIR: settings.runDir },
    });
    if (r.error) return report(fail(`cannot enter network namespace ${state.netns}: ${r.error.message}`));
    return r.status ?? 1;
  }

  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const logDir = path.join(settings.runDir, 'calls', `${stamp}-${opts.caller.replace('+', '')}-to-${opts.agent}-${crypto.randomBytes(2).toString('hex')}`);
  fs.mkdirSync(logDir, { recursive: true });
  say(`calling ${opts.agent} from ${opts.caller} (${opts.engine}) via ${state.urls.sipUdp}${state.netns ? ` in ${state.netns}` : ''} ...`);
  const t0 = Date.now();
  const progress = (line: string) => say(`  ${((Date.now() - t0) / 1000).toFixed(2).padStart(6)} s  ${line}`);
  let result: CallResult;
  try {
    result = opts.engine === 'sipp' ? await callWithSipp(state, opts, logDir, progress) : await callWithBaresip(state, opts, logDir, progress);
  } catch (e) {
    result = { ...fail(e instanceof Error ? e.message : String(e)), logDir };
  }
  fs.writeFileSync(path.join(logDir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
  return report(result);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`sip:call: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
