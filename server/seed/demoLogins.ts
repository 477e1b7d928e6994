import type { AgentRole } from '../../shared/domain/branch.js';

/** The one password of every demo agent (README, tests, `npm start` all print it). */
export const DEMO_PASSWORD = 'demo1234';

export interface DemoLogin {
  login: string;
  displayName: string;
  branchCode: 'BJ01' | 'GZ01';
  role: AgentRole;
}

/** The demo agents: two agents and a supervisor per branch. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { login: 'bj.agent1', displayName: '李娜', branchCode: 'BJ01', role: 'agent' },
  { login: 'bj.agent2', displayName: '王强', branchCode: 'BJ01', role: 'agent' },
  { login: 'bj.super', displayName: '赵敏', branchCode: 'BJ01', role: 'supervisor' },
  { login: 'gz.agent1', displayName: '陈静', branchCode: 'GZ01', role: 'agent' },
  { login: 'gz.agent2', displayName: '黄伟', branchCode: 'GZ01', role: 'agent' },
  { login: 'gz.super', displayName: '林芳', branchCode: 'GZ01', role: 'supervisor' },
];
