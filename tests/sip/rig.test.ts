/**
 * Self-test of the SIP rig (npm run sip:rig / npm run sip:call): real Kamailio, rtpengine, SIPp
 * and baresip from Debian's packages, in a network namespace of the rig's own. If the packages
 * cannot be installed or the rig cannot start, beforeAll throws the reason: the tests fail, they
 * are never skipped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePackages } from '../../scripts/sip/lib/packages.js';
import { RigError } from '../../scripts/sip/lib/netns.js';
import { agentAccount, PROJECT_ROOT } from '../../scripts/sip/lib/config.js';
import { SipCredential } from '../../shared/domain/sipCredential.js';
import { startBackend } from '../support/backendProcess.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { makeTempDir } from '../support/tempDir.js';
import type { RigStatus } from '../../scripts/sip/lib/rig.js';
import { groupMembers } from '../../scripts/sip/lib/procs.js';
import { NodeAgent, runCli, spawnInRig, startRig, startSipCall, stopRig, stopRigChildren, type TestRig } from './harness.js';

const RIG_CLI = path.join(PROJECT_ROOT, 'scripts/sip/rig.ts');
/** The demo agent whose extension is 1002 (server/seed/demoLogins.ts). */
const DEMO_AGENT = { login: DEMO_LOGINS.find((l) => l.sipUser === '1002')!.login, password: DEMO_PASSWORD };
const tmp = makeTempDir('sip-rig-credential');

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function namespaces(): string[] {
  return spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter(Boolean);
}

async function status(rig: TestRig): Promise<{ code: number | null; st: RigStatus }> {
  const run = await runCli(RIG_CLI, ['status', '--dir', rig.runDir, '--json'], { timeoutMs: 30_000 });
  return { code: run.code, st: JSON.parse(run.stdout) as RigStatus };
}

describe('SIP test rig', () => {
  let rig: TestRig;
  const agents: NodeAgent[] = [];
  let stopped = false;
  let first: Promise<NodeAgent> | null = null;
  /** Agent 1001, registered once and shared by the call tests. */
  const agent1001 = () => {
    first ??= NodeAgent.start(rig, '1001').then((a) => {
      agents.push(a);
      return a;
    });
    return first;
  };

  beforeAll(async () => {
    rig = await startRig();
    console.log(`sip rig up in ${(rig.startMs / 1000).toFixed(1)} s (namespace ${rig.netns}, run dir ${rig.runDir})`);
  }, 600_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await stopRigChildren();
    if (rig && !stopped) await stopRig(rig);
    // SIP_TEST_KEEP=1 keeps the run directory (logs of every process and call) for a look afterwards
    if (rig && process.env.SIP_TEST_KEEP !== '1') fs.rmSync(rig.runDir, { recursive: true, force: true });
    tmp.cleanup();
  }, 60_000);

  it('refuses to go on without its packages, naming them (SIP_RIG_NO_INSTALL=1)', () => {
    const before = process.env.SIP_RIG_NO_INSTALL;
    process.env.SIP_RIG_NO_INSTALL = '1';
    try {
      expect(() => ensurePackages(() => {}, ['kamailio', 'aw-no-such-package'])).toThrow(RigError);
      expect(() => ensurePackages(() => {}, ['kamailio', 'aw-no-such-package'])).toThrow(/not installed: aw-no-such-package.*apt-get install -y --no-install-recommends aw-no-such-package/s);
    } finally {
      if (before === undefined) delete process.env.SIP_RIG_NO_INSTALL;
      else process.env.SIP_RIG_NO_INSTALL = before;
    }
  });

  it('runs rtpengine, Kamailio and the PSTN peer on 127.0.0.1 only, in a namespace that has only lo', async () => {
    const { code, st } = await status(rig);
    expect(code).toBe(0);
    expect(st.running).toBe(true);
    expect(rig.netns).toMatch(/^aw-sip-[0-9a-f]{8}$/);
    expect(st.netns).toMatchObject({ name: rig.netns, exists: true, interfaces: ['lo'] });
    const by = Object.fromEntries(st.processes.map((p) => [p.name, p]));
    for (const name of ['rtpengine', 'kamailio', 'baresip-pstn']) {
      expect(by[name]?.running, name).toBe(true);
      expect(fs.readFileSync(path.join(rig.runDir, `${name}.pid`), 'utf8').trim()).toBe(String(by[name]!.pid));
    }
    const has = (name: string, proto: string, port: number) =>
      by[name]!.listeners.some((l) => l.proto === proto && l.port === port && l.address === '127.0.0.1');
    expect(has('kamailio', 'udp', 5060), 'SIP over UDP on 127.0.0.1:5060').toBe(true);
    expect(has('kamailio', 'tcp', rig.ports.ws), `WebSocket on 127.0.0.1:${rig.ports.ws}`).toBe(true);
    expect(has('kamailio', 'tcp', rig.ports.wss), `secure WebSocket on 127.0.0.1:${rig.ports.wss}`).toBe(true);
    expect(has('rtpengine', 'udp', rig.ports.rtpengineNg)).toBe(true);
    expect(has('baresip-pstn', 'udp', rig.ports.pstnSip)).toBe(true);
    // every socket in the namespace: loopback, or a wildcard bind that inside it can only mean lo
    for (const l of st.namespaceListeners) expect(['127.0.0.1', '::1', '0.0.0.0', '::']).toContain(l.address);
    expect(rig.urls.ws).toBe(`ws://127.0.0.1:${rig.ports.ws}`);
  });

  it('registers agents over ws:// and wss:// with a short-lived credential, and refuses an expired, a forged or another agent\'s one', async () => {
    const agent = await agent1001();
    expect(agent.events.some((e) => e.event === 'registered')).toBe(true);
    const overTls = await NodeAgent.start(rig, '1003', undefined, { secure: true });
    expect(overTls.events.some((e) => e.event === 'registered')).toBe(true);
    await overTls.do({ cmd: 'unregister' }); // 1003 stays unregistered for the "unreachable" call below
    await overTls.stop();
    // expired a minute ago, though correctly signed
    await expect(NodeAgent.start(rig, '1002', agentAccount('1002', -60))).rejects.toMatchObject({ code: 403 });
    // forged: a later expiry in the user name with the password of the real one; or another secret
    const real = agentAccount('1002', 600);
    const later = `${Number(real.authorizationUser.split(':')[0]) + 86_400}:1002`;
    await expect(NodeAgent.start(rig, '1002', { authorizationUser: later, password: real.password })).rejects.toMatchObject({ code: 403 });
    await expect(NodeAgent.start(rig, '1002', agentAccount('1002', 600, 'not-the-secret-the-proxy-has'))).rejects.toMatchObject({ code: 403 });
    // a fixed password (no expiry in the user name) is no credential any more
    await expect(NodeAgent.start(rig, '1002', { authorizationUser: '1002', password: 'rig-1002-pw' })).rejects.toMatchObject({ code: 403 });
    // one agent's credential does not register another agent's extension
    await expect(NodeAgent.start(rig, '1002', agentAccount('1003', 600))).rejects.toMatchObject({ code: 403 });
  }, 60_000);

  it('a credential that expires while the agent is registered: the calls it places after that are refused (407 answered, then 403)', async () => {
    // 1004: any 1xxx extension with a valid credential registers (1003 must stay unregistered for
    // the "unreachable" call below, and an expired credential cannot unregister it)
    const agent = await NodeAgent.start(rig, '1004', agentAccount('1004', 6));
    try {
      await new Promise((resolve) => setTimeout(resolve, 7000));
      const since = agent.events.length;
      agent.send({ cmd: 'call', target: '+8613800138000' });
      const rejected = await agent.waitFor('call-rejected', 10_000, since);
      expect(rejected.code).toBe(403);
      expect(rejected.reason).toBe('Expired Or Forged Credential');
    } finally {
      await agent.stop();
    }
  }, 40_000);

  it('an agent registers with the credential the backend issued at sign-in (POST /sip/credential), as long as it lasts', async () => {
    const backend = await startBackend({ dir: tmp.dir, customers: 5, env: { SIP_CREDENTIAL_SECRET: rig.sipSecret, SIP_CREDENTIAL_LIFETIME_S: '60' } });
    try {
      const login = await fetch(`${backend.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: DEMO_AGENT.login, password: DEMO_AGENT.password }) });
      const { token } = (await login.json()) as { token: string };
      const answer = await fetch(`${backend.url}/sip/credential`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(200);
      const issued = SipCredential.parse(await answer.json());
      expect(issued.sipUser).toBe('1002');
      expect(Date.parse(issued.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
      const agent = await NodeAgent.start(rig, issued.sipUser, { authorizationUser: issued.user, password: issued.password });
      expect(agent.events.some((e) => e.event === 'registered')).toBe(true);
      await agent.do({ cmd: 'unregister' });
      await agent.stop();
      // the same credential for an extension that is not the agent's: refused
      await expect(NodeAgent.start(rig, '1001', { authorizationUser: issued.user, password: issued.password })).rejects.toMatchObject({ code: 403 });
    } finally {
      await backend.stop();
    }
  }, 90_000);

  it('puts a SIPp customer call through to the agent with the caller number in From and P-Asserted-Identity', async () => {
    const agent = await agent1001();
    const since = agent.events.length;
    const call = startSipCall(rig, ['+8613800138000', '1001', '--talk', '20']);
    const invite = await agent.waitFor('invite', 15_000, since);
    expect(invite.fromUser).toBe('+8613800138000');
    expect(String(invite.from)).toMatch(/<sip:\+8613800138000@127\.0\.0\.1>/);
    expect(String(invite.pai)).toMatch(/<sip:\+8613800138000@127\.0\.0\.1>/);
    // rtpengine turned SIPp's plain RTP offer into a WebRTC one for the softphone
    expect(String(invite.sdp)).toMatch(/RTP\/SAVPF/);
    expect(String(invite.sdp)).toMatch(/a=ice-ufrag:/);
    expect(String(invite.sdp)).toMatch(/a=fingerprint:/);
    expect(String(invite.sdp)).toMatch(/c=IN IP4 127\.0\.0\.1/);

    await agent.do({ cmd: 'answer' });
    await agent.do({ cmd: 'info', digit: '5' });
    await agent.do({ cmd: 'hold' });
    await agent.do({ cmd: 'unhold' });
    await agent.do({ cmd: 'info', digit: '#' });
    await agent.do({ cmd: 'bye' });
    const { result, code } = await call.done;
    expect(result, result.error).toMatchObject({ status: 'answered', engine: 'sipp', caller: '+8613800138000', agent: '1001', sipCode: 200, hangupBy: 'agent' });
    expect(code).toBe(0);
    expect(result.dtmf.digits).toBe('5#');
    expect(result.dtmf.events.map((e) => e.via)).toEqual(['info', 'info']);
    expect(result.reinvites).toEqual(['sendonly', 'sendrecv']);
    expect(result.audio?.sentPackets).toBeGreaterThan(0);
  }, 60_000);

  it('reports rejected, unanswered and unreachable calls with their own status and exit code', async () => {
    const agent = await agent1001();
    let since = agent.events.length;
    const rejected = startSipCall(rig, ['01062345678', '1001']);
    await agent.waitFor('invite', 15_000, since);
    await agent.do({ cmd: 'reject', code: 486 });
    const r1 = await rejected.done;
    expect(r1.result).toMatchObject({ status: 'rejected', sipCode: 486, caller: '01062345678' });
    expect(r1.code).toBe(3);

    since = agent.events.length;
    const unanswered = startSipCall(rig, ['01062345678', '1001', '--ring-timeout', '2']);
    await agent.waitFor('invite', 15_000, since);
    const r2 = await unanswered.done;
    expect(r2.result).toMatchObject({ status: 'no-answer', ringing: true, sipCode: null });
    expect(r2.code).toBe(4);
    await agent.waitFor('terminated', 5000, since); // the CANCEL reached the agent

    const r3 = await startSipCall(rig, ['01062345678', '1003']).done; // 1003 is not registered
    expect(r3.result).toMatchObject({ status: 'unreachable', sipCode: 480 });
    expect(r3.code).toBe(5);

    const bad = await runCli(path.join(PROJECT_ROOT, 'scripts/sip/call.ts'), ['not-a-number', '--dir', rig.runDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/caller number must be/);
  }, 90_000);

  it('the baresip caller: Kamailio asserts its number, and it follows a transfer to the second agent', async () => {
    const first = await agent1001();
    const second = await NodeAgent.start(rig, '1002');
    agents.push(second);
    const since = first.events.length;
    const call = startSipCall(rig, ['01062345678', '1001', '--ua', 'baresip', '--name', 'Li Lei', '--talk', '20']);
    const invite = await first.waitFor('invite', 15_000, since);
    expect(invite.fromUser).toBe('01062345678');
    expect(invite.fromDisplay).toBe('Li Lei');
    expect(String(invite.pai)).toMatch(/<sip:01062345678@127\.0\.0\.1>/);
    await first.do({ cmd: 'answer' });
    await first.do({ cmd: 'info', digit: '7' });
    await first.do({ cmd: 'refer', target: '1002' });
    const transferred = await second.waitFor('invite', 15_000);
    expect(transferred.fromUser).toBe('01062345678');
    await second.do({ cmd: 'answer' });
    await first.do({ cmd: 'bye' });
    await second.do({ cmd: 'info', digit: '8' });
    await second.do({ cmd: 'bye' });
    const { result, code } = await call.done;
    expect(code).toBe(0);
    expect(result, result.error).toMatchObject({ status: 'answered', engine: 'baresip', hangupBy: 'agent' });
    expect(result.transfer).toMatchObject({ to: 'sip:1002@127.0.0.1', answered: true });
    expect(result.dtmf.digits).toBe('78');
  }, 90_000);

  it('puts an agent call to an unregistered customer number through to the PSTN peer', async () => {
    const agent = await agent1001();
    const since = agent.events.length;
    await agent.do({ cmd: 'call', target: '13800138000' });
    await agent.waitFor('established', 10_000, since);
    await agent.do({ cmd: 'bye' });
  }, 30_000);

  it('stops exactly the processes it started, then removes its namespace', async () => {
    await Promise.all(agents.map((a) => a.stop()));
    const { st } = await status(rig);
    const started = st.processes.map((p) => p.pid!);
    const kamailio = st.processes.find((p) => p.name === 'kamailio')!.pid!;
    const kamailioWorkers = groupMembers(kamailio, 'kamailio').filter((pid) => pid !== kamailio);
    expect(kamailioWorkers.length).toBeGreaterThan(2);
    expect(started.every(alive)).toBe(true);

    // a process in the namespace that the rig did not start: stop leaves it (and so the namespace) alone
    const stranger = spawnInRig(rig, 'sleep', ['60'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    const first = await stopRig(rig);
    expect(first.stdout).toMatch(/stopped kamailio/);
    expect(first.stdout).toMatch(/still has processes the rig did not start/);
    expect(alive(stranger.pid!)).toBe(true);
    for (const pid of [...started, ...kamailioWorkers]) expect(alive(pid), `pid ${pid}`).toBe(false);
    expect(namespaces()).toContain(rig.netns);

    stranger.kill('SIGTERM');
    await new Promise((r) => stranger.once('exit', r));
    const second = await stopRig(rig);
    stopped = true;
    expect(second.stdout).toMatch(/deleted network namespace/);
    expect(namespaces()).not.toContain(rig.netns);
    const after = await status(rig);
    expect(after.code).toBe(3);
    expect(after.st.running).toBe(false);
    for (const name of ['rtpengine', 'kamailio', 'baresip-pstn']) expect(fs.existsSync(path.join(rig.runDir, `${name}.pid`))).toBe(false);
  }, 60_000);
});
