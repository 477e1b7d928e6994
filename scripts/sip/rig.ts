/**
 * npm run sip:rig -- [start|stop|restart|status|exec|expose|install] [options]
 *
 * The SIP test rig: Kamailio (registrar/proxy; WebSocket for the softphone, UDP for customers)
 * and rtpengine (WebRTC <-> RTP), plus baresip as a PSTN peer, all on 127.0.0.1 inside a network
 * namespace of their own. Missing Debian packages are installed first (as root). See
 * resources/sip/README.md.
 */
import { spawnSync } from 'node:child_process';
import { resolveSettings, type SettingsOverrides } from './lib/config.js';
import { RigError } from './lib/netns.js';
import { ensurePackages, RIG_PACKAGE_NAMES } from './lib/packages.js';
import { formatStatus, rigStatus, startRig, stopRig } from './lib/rig.js';
import { exposeToRig } from './lib/relay.js';

const USAGE = `usage: npm run sip:rig -- <command> [options]
commands:
  start            start the rig (default; does nothing if it already runs)
  stop             stop exactly the processes the rig started, delete its namespace
  restart          stop, then start
  status           show the processes, listeners and namespace (exit 0 running, 3 stopped, 1 partly)
  exec -- CMD ...  run CMD inside the rig's network namespace (e.g. a browser or a test driver)
  expose PORT      make 127.0.0.1:PORT of this namespace reachable as 127.0.0.1:PORT inside the
                   rig's namespace, until Ctrl-C (e.g. the browser seat for a browser in the rig)
  install          only install the missing Debian packages (${RIG_PACKAGE_NAMES.join(' ')})
options:
  --dir DIR        run directory (default .tmp/sip-rig, or SIP_RIG_DIR)
  --netns NAME     namespace name (default aw-sip-<hash of the run directory>, or SIP_RIG_NETNS)
  --no-netns       run on 127.0.0.1 in the current namespace (SIP_RIG_NETNS=none); one rig per
                   host then, and no PSTN peer unless --pstn (baresip binds resolver sockets on *)
  --no-tls         no wss:// listener
  --no-pstn/--pstn without/with the baresip PSTN peer (default: with, inside a namespace)
  --max-expires S  the longest registration Kamailio grants (default 600, or SIP_RIG_MAX_EXPIRES)
  --json           status/start: print JSON`;

function parse(argv: string[]) {
  const o: SettingsOverrides & { command: string; json: boolean; rest: string[] } = { command: 'start', json: false, rest: [] };
  let commandSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new RigError(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--') {
      o.rest.push(...argv.slice(i + 1));
      break;
    } else if (a === '--dir') o.runDir = value();
    else if (a === '--netns') o.netns = value();
    else if (a === '--no-netns') o.netns = false;
    else if (a === '--no-tls') o.tls = false;
    else if (a === '--no-pstn') o.pstn = false;
    else if (a === '--pstn') o.pstn = true;
    else if (a === '--max-expires') o.maxExpires = Number(value());
    else if (a === '--json') o.json = true;
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (!commandSeen && !a.startsWith('-')) {
      o.command = a;
      commandSeen = true;
    } else if (a.startsWith('-')) throw new RigError(`unknown option ${a}\n${USAGE}`);
    else o.rest.push(a);
  }
  return o;
}

async function main(): Promise<number> {
  const opts = parse(process.argv.slice(2));
  const settings = resolveSettings(opts);
  const log = opts.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  switch (opts.command) {
    case 'start':
    case 'restart': {
      if (opts.command === 'restart') await stopRig(settings.runDir, log);
      const state = await startRig(settings, log);
      if (opts.json) console.log(JSON.stringify(state, null, 2));
      else console.log(formatStatus(rigStatus(state.runDir)));
      return 0;
    }
    case 'stop':
      await stopRig(settings.runDir, log);
      return 0;
    case 'status': {
      const st = rigStatus(settings.runDir);
      console.log(opts.json ? JSON.stringify(st, null, 2) : formatStatus(st));
      return st.running ? 0 : st.partial ? 1 : 3;
    }
    case 'exec': {
      const st = rigStatus(settings.runDir);
      if (!st.state) throw new RigError(`no rig in ${settings.runDir}: npm run sip:rig first`);
      if (opts.rest.length === 0) throw new RigError('exec needs a command: npm run sip:rig -- exec -- CMD ARGS');
      const argv = [...(st.state.netns ? ['ip', 'netns', 'exec', st.state.netns] : []), ...opts.rest];
      const r = spawnSync(argv[0]!, argv.slice(1), { stdio: 'inherit' });
      if (r.error) throw new RigError(`cannot run ${opts.rest[0]}: ${r.error.message}`);
      return r.status ?? 1;
    }
    case 'expose': {
      const port = Number(opts.rest[0]);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RigError(`expose needs a port number\n${USAGE}`);
      const st = rigStatus(settings.runDir);
      if (!st.state) throw new RigError(`no rig in ${settings.runDir}: npm run sip:rig first`);
      const relay = await exposeToRig(st.state, port);
      log(`127.0.0.1:${port} is now reachable inside ${st.state.netns ?? 'this namespace'} as 127.0.0.1:${relay.portInRig}; Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await relay.close();
      return 0;
    }
    case 'install':
      ensurePackages(log);
      log('all rig packages are installed');
      return 0;
    default:
      throw new RigError(`unknown command ${opts.command}\n${USAGE}`);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`sip:rig: ${e instanceof RigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
