import type { AgentRole } from '../../shared/domain/branch.js';

/** The one password of every demo agent (README, tests, `npm start` all print it). */
export const DEMO_PASSWORD = 'demo1234';

export interface DemoLogin {
  login: string;
  displayName: string;
  branchCode: 'BJ01' | 'GZ01';
  role: AgentRole;
  /**
   * The agent's SIP user (extension) on the proxy, for the short-lived SIP credential the backend
   * issues after sign-in (server/sip/sipCredentials.ts); absent: no phone (the parts desk,
   * headquarters). The SIP rig's agents are 1xxx (scripts/sip/lib/config.ts).
   */
  sipUser?: string;
}

/** The demo agents: two agents, a supervisor and a parts desk per branch, and headquarters. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { login: 'bj.agent1', displayName: '李娜', branchCode: 'BJ01', role: 'agent', sipUser: '1001' },
  { login: 'bj.agent2', displayName: '王强', branchCode: 'BJ01', role: 'agent', sipUser: '1002' },
  { login: 'bj.super', displayName: '赵敏', branchCode: 'BJ01', role: 'supervisor', sipUser: '1003' },
  { login: 'gz.agent1', displayName: '陈静', branchCode: 'GZ01', role: 'agent', sipUser: '1101' },
  { login: 'gz.agent2', displayName: '黄伟', branchCode: 'GZ01', role: 'agent', sipUser: '1102' },
  { login: 'gz.super', displayName: '林芳', branchCode: 'GZ01', role: 'supervisor', sipUser: '1103' },
  // Appended, so the agents above keep their ids; none of them serves customers (demo history is not theirs).
  { login: 'bj.parts', displayName: '孙丽', branchCode: 'BJ01', role: 'parts_desk' },
  { login: 'gz.parts', displayName: '吴刚', branchCode: 'GZ01', role: 'parts_desk' },
  // Headquarters sits in Beijing: its own rows are BJ01's; its figures span every branch.
  { login: 'hq.admin', displayName: '周总', branchCode: 'BJ01', role: 'headquarters' },
];
