import { describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../server/seed/demoLogins.js';
import { DEMO_AGENT, OTHER_BRANCH_AGENT } from '../support/demo.js';
import { twoSeats } from '../support/seats.js';

/**
 * `agents.ofBranch` against a real backend process: the branch's agents from GET /agents while
 * online, and the last list kept in the seat cache once the seat's link is down, also after the
 * agent logs out and in again offline.
 */
const branches = twoSeats('branch-agents', [DEMO_AGENT.login, OTHER_BRANCH_AGENT.login], { customers: 50 });

const loginsOf = (branchCode: string) =>
  DEMO_LOGINS.filter((l) => l.branchCode === branchCode)
    .map((l) => l.login)
    .sort();

describe('agents.ofBranch', () => {
  it("lists the session branch's agents online, and the kept list offline and after an offline login", async () => {
    const bj = branches.clients[0];
    const gz = branches.clients[1];
    const online = await bj.agents.ofBranch();
    expect(online.map((a) => a.login).sort()).toEqual(loginsOf('BJ01'));
    const session = (await bj.session.current())!;
    expect(online.every((a) => a.branchId === session.branch.id)).toBe(true);
    expect(online.find((a) => a.login === 'bj.super')).toMatchObject({ role: 'supervisor', displayName: '赵敏' });
    for (const agent of online) expect(Object.keys(agent).sort()).toEqual(['branchId', 'displayName', 'id', 'login', 'role']);
    expect((await gz.agents.ofBranch()).map((a) => a.login).sort()).toEqual(loginsOf('GZ01'));

    branches.links[0]!.setDown(true);
    expect(await bj.agents.ofBranch()).toEqual(online);

    // The list lives in the cache file, not in memory: a new offline session still has it.
    await bj.session.logout();
    const offline = await bj.session.login({ login: DEMO_AGENT.login, password: DEMO_AGENT.password });
    expect(offline.offline).toBe(true);
    expect(await bj.agents.ofBranch()).toEqual(online);
    branches.links[0]!.setDown(false);
  });

  it('refuses without a session', async () => {
    const gz = branches.clients[1];
    await gz.session.logout();
    await expect(gz.agents.ofBranch()).rejects.toMatchObject({ code: 'not_logged_in' });
  });
});
