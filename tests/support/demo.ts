import { DEMO_LOGINS, DEMO_PASSWORD } from '../../server/seed/demoLogins.js';

const bjAgent = DEMO_LOGINS.find((l) => l.branchCode === 'BJ01' && l.role === 'agent')!;
const gzAgent = DEMO_LOGINS.find((l) => l.branchCode === 'GZ01' && l.role === 'agent')!;

/** Demo agents the tests log in as (seeded by server/seed). */
export const DEMO_AGENT = { login: bjAgent.login, password: DEMO_PASSWORD, branchCode: bjAgent.branchCode };
export const OTHER_BRANCH_AGENT = { login: gzAgent.login, password: DEMO_PASSWORD, branchCode: gzAgent.branchCode };
