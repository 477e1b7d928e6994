import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MutationResult } from '../../shared/api/syncPush.js';
import type { AgentRole } from '../../shared/domain/branch.js';
import { OPEN_ORDER_STATUSES } from '../../shared/domain/serviceOrder.js';
import { routeTable } from '../../server/routes/routeTable.js';
import { connect, waitFor } from './support/eventStream.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { testEngines } from './support/testDatabase.js';
import { agentIdOf, branchIdOf, useTestBackend, type TestBackend } from './support/testBackend.js';

/**
 * Every role, every route: signed in at Beijing as each role, crafted requests aim at Guangzhou's
 * rows (by id, by filter, by body, by push). Nothing of Guangzhou may come back (no id of any of its
 * rows in any answer) and nothing of Guangzhou may change (its change-log entries stay as they were).
 * Then each role's own acts: who may serve customers, move parts requests, end sessions, read figures.
 * A route added to the backend without a probe here fails the coverage test.
 */
const ROLES: ReadonlyArray<[AgentRole, string]> = [
  ['agent', 'bj.agent1'],
  ['supervisor', 'bj.super'],
  ['parts_desk', 'bj.parts'],
  ['headquarters', 'hq.admin'],
];

/** Guangzhou's rows the probes aim at. */
interface Target {
  branch: string;
  customer: string;
  customerName: string;
  product: string;
  serial: string;
  order: string;
  openOrder: string;
  partsRequest: string;
  campaign: string;
  article: string;
  agent: string;
  /** Every id of every Guangzhou row: none may appear in an answer to Beijing. */
  ids: Set<string>;
}

/** One probe: the requests it makes as `role`, and whether an answer may carry Guangzhou rows (headquarters' figures). */
type Probe = (call: Caller, role: AgentRole) => Promise<void>;

interface Caller {
  authorization: string;
  target: Target;
  backend: TestBackend;
  /** The backend listening on loopback (for the event stream). */
  base: string;
  /** GET/POST; asserts no Guangzhou id in the body, returns the status. */
  request(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<{ status: number; body: string }>;
}

const DENIED = [403, 404];
const escrowedKey = () => ({ scheme: 'scrypt-aes-256-gcm-1', salt: 'c2FsdHNhbHRzYWx0c2FsdA==', iv: 'aXZpdml2aXZpdml2', tag: 'dGFndGFndGFndGFndGFndA==', sealed: 'c2VhbGVkc2VhbGVkc2VhbGVkc2VhbGVkc2VhbGVk' });
const randomMobile = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

const PROBES: Record<string, Probe> = {
  'POST /auth/logout': async () => {
    // Ends the caller's own session only: nothing to aim at another branch (tested in auth tests).
  },
  'GET /customers': async (c) => {
    expect((await c.request('GET', `/customers?query=${encodeURIComponent(c.target.customerName)}`)).status).toBe(200);
  },
  'GET /customers/:id': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/customers/${c.target.customer}`)).status);
  },
  'POST /customers': async (c, role) => {
    const status = (await c.request('POST', '/customers', { name: '新客户', phone: randomMobile(), province: '北京市', city: '北京市', address: '长安街2号' })).status;
    // A customer an agent makes is always of their own branch; roles that do not serve make none.
    expect(status).toBe(role === 'agent' || role === 'supervisor' ? 201 : 403);
  },
  'GET /orders': async (c) => {
    expect((await c.request('GET', `/orders?customerId=${c.target.customer}`)).status).toBe(200);
  },
  'GET /orders/duplicates': async (c) => {
    expect([200, ...DENIED]).toContain((await c.request('GET', `/orders/duplicates?customerId=${c.target.customer}&productId=${c.target.product}&type=repair`)).status);
  },
  'GET /orders/:id': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/orders/${c.target.order}`)).status);
  },
  'GET /orders/:id/events': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/orders/${c.target.order}/events`)).status);
  },
  'GET /outlets': async (c) => {
    expect([200, ...DENIED]).toContain((await c.request('GET', `/outlets?customerId=${c.target.customer}&category=tv`)).status);
    expect((await c.request('GET', '/outlets')).status).toBe(200);
  },
  'GET /follow-ups': async (c) => {
    expect((await c.request('GET', '/follow-ups?limit=200')).status).toBe(200);
  },
  'GET /interactions': async (c) => {
    expect((await c.request('GET', `/interactions?customerId=${c.target.customer}`)).status).toBe(200);
  },
  'GET /products': async (c) => {
    expect((await c.request('GET', `/products?customerId=${c.target.customer}`)).status).toBe(200);
    expect((await c.request('GET', `/products?serial=${c.target.serial}`)).status).toBe(200);
  },
  'GET /products/:id': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/products/${c.target.product}`)).status);
  },
  'POST /products': async (c) => {
    expect([400, ...DENIED]).toContain((await c.request('POST', '/products', { customerId: c.target.customer, serialNumber: 'XBRANCH0001', model: 'M', category: 'tv', purchaseDate: '2026-01-01' })).status);
  },
  'GET /knowledge': async (c) => {
    expect((await c.request('GET', '/knowledge?limit=100')).status).toBe(200);
  },
  'GET /knowledge/:id': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/knowledge/${c.target.article}`)).status);
  },
  'GET /parts-requests': async (c) => {
    expect((await c.request('GET', `/parts-requests?orderId=${c.target.openOrder}`)).status).toBe(200);
  },
  'GET /parts-requests/:id': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/parts-requests/${c.target.partsRequest}`)).status);
  },
  'POST /parts-requests': async (c) => {
    expect([400, ...DENIED]).toContain((await c.request('POST', '/parts-requests', { orderId: c.target.openOrder, partNumber: 'X-1', quantity: 1 })).status);
  },
  'POST /parts-requests/:id/status': async (c) => {
    expect(DENIED).toContain((await c.request('POST', `/parts-requests/${c.target.partsRequest}/status`, { status: 'shipped' })).status);
  },
  'POST /parts-requests/:id/decision': async (c) => {
    expect(DENIED).toContain((await c.request('POST', `/parts-requests/${c.target.partsRequest}/decision`, { decision: 'reject', reason: '越界' })).status);
    expect(DENIED).toContain((await c.request('POST', `/parts-requests/${c.target.partsRequest}/decision`, { decision: 'approve' })).status);
  },
  'GET /parts-requests/:id/steps': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/parts-requests/${c.target.partsRequest}/steps`)).status);
  },
  // The division code table is the country's, the same for every role: nothing in it is scoped.
  'GET /regions': async (c) => {
    expect((await c.request('GET', '/regions')).status).toBe(200);
  },
  'GET /parts-stock': async (c, role) => {
    const narrowed = await c.request('GET', `/parts-stock?branchId=${c.target.branch}`);
    if (role === 'headquarters') return expect(narrowed.status).toBe(200);
    expect(narrowed.status).toBe(403);
    const all = await c.request('GET', '/parts-stock?limit=200');
    expect(all.status).toBe(role === 'agent' ? 403 : 200);
    // The warehouse rows carry the branch id: another branch's must not be among them.
    expect(all.body.includes(c.target.branch)).toBe(false);
  },
  'GET /campaigns': async (c) => {
    expect((await c.request('GET', '/campaigns')).status).toBe(200);
  },
  'GET /campaigns/:id': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/campaigns/${c.target.campaign}`)).status);
  },
  'GET /campaigns/:id/targets': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/campaigns/${c.target.campaign}/targets`)).status);
  },
  'GET /campaigns/:id/next-target': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/campaigns/${c.target.campaign}/next-target`)).status);
  },
  // Target lists: a supervisor manages its branch's, headquarters every branch's (it may read and
  // check Guangzhou's list, and a write it makes there must name Guangzhou's own agents), no one else any.
  'GET /campaigns/managed': async (c, role) => {
    expect((await c.request('GET', '/campaigns/managed')).status).toBe(role === 'supervisor' || role === 'headquarters' ? 200 : 403);
  },
  'GET /campaigns/:id/assignable-agents': async (c, role) => {
    expect((await c.request('GET', `/campaigns/${c.target.campaign}/assignable-agents`)).status).toBe(role === 'headquarters' ? 200 : 403);
  },
  'POST /campaigns/:id/targets/import': async (c, role) => {
    const rows = [{ line: 2, customerId: c.target.customer, phone: null }];
    expect((await c.request('POST', `/campaigns/${c.target.campaign}/targets/import`, { rows, dryRun: true })).status).toBe(role === 'headquarters' ? 200 : 403);
    // A write: refused for every Beijing role but headquarters, and for headquarters refused as a whole (the customer is already a target, or the row is written: not here).
    const refused = [{ line: 2, customerId: c.target.customer, phone: '+8613912345670' }];
    expect((await c.request('POST', `/campaigns/${c.target.campaign}/targets/import`, { rows: refused, dryRun: false })).status).toBe(role === 'headquarters' ? 400 : 403);
  },
  'POST /campaigns/:id/targets/assign': async (c, role) => {
    // A Beijing agent is not Guangzhou's: headquarters is refused the assignment (400), every other role the campaign (403).
    const beijingAgent = c.backend.demo.agents.find((a) => a.login === 'bj.agent1')!.id;
    expect((await c.request('POST', `/campaigns/${c.target.campaign}/targets/assign`, { agentIds: [beijingAgent] })).status).toBe(role === 'headquarters' ? 400 : 403);
  },
  'GET /agents': async (c) => {
    expect((await c.request('GET', '/agents')).status).toBe(200);
  },
  'GET /agents/:id': async (c) => {
    expect(DENIED).toContain((await c.request('GET', `/agents/${c.target.agent}`)).status);
  },
  'POST /agents/:id/sessions/revoke': async (c) => {
    expect(DENIED).toContain((await c.request('POST', `/agents/${c.target.agent}/sessions/revoke`)).status);
  },
  'GET /branches': async (c) => {
    // Reference data every role reads: the branch offices and their regions.
    expect((await c.backend.app.inject({ method: 'GET', url: '/branches', headers: { authorization: c.authorization } })).statusCode).toBe(200);
  },
  'GET /branches/:id': async (c) => {
    expect((await c.backend.app.inject({ method: 'GET', url: `/branches/${c.target.branch}`, headers: { authorization: c.authorization } })).statusCode).toBe(200);
  },
  'GET /kpis': async (c, role) => {
    const month = 'period=month&by=agent&from=2026-01-01&to=2026-12-31';
    const narrowed = await c.request('GET', `/kpis?${month}&branchId=${c.target.branch}`);
    if (role === 'headquarters') return expect(narrowed.status).toBe(200);
    expect(narrowed.status).toBe(403);
    expect((await c.request('GET', `/kpis?${month}`)).status).toBe(role === 'agent' ? 403 : 200);
  },
  'GET /kpis/orders': async (c, role) => {
    const figure = `figure=orders&period=month&start=2026-11-01&by=branch&key=${c.target.branch}`;
    const narrowed = await c.request('GET', `/kpis/orders?${figure}&branchId=${c.target.branch}`);
    if (role === 'headquarters') return expect(narrowed.status).toBe(200);
    expect(narrowed.status).toBe(403);
    expect((await c.request('GET', `/kpis/orders?${figure}`)).status).toBe(role === 'agent' ? 403 : 200);
  },
  // Headquarters alone reads the outlet network (every branch's outlets); every other role is refused, whatever it asks.
  'GET /outlet-network/volume': async (c, role) => {
    for (const by of ['region', 'outlet', 'technician']) {
      const answer = await c.request('GET', `/outlet-network/volume?by=${by}&from=2026-01&to=2026-12`);
      expect(answer.status, answer.body).toBe(role === 'headquarters' ? 200 : 403);
    }
  },
  'GET /outlet-network/capacity': async (c, role) => {
    const answer = await c.request('GET', '/outlet-network/capacity');
    expect(answer.status).toBe(role === 'headquarters' ? 200 : 403);
    if (role === 'headquarters') expect(answer.body).toContain(c.target.branch);
  },
  'GET /outlet-network/gaps': async (c, role) => {
    expect((await c.request('GET', '/outlet-network/gaps')).status).toBe(role === 'headquarters' ? 200 : 403);
  },
  'GET /complaints': async (c) => {
    expect([200, ...DENIED]).toContain((await c.request('GET', `/complaints?customerId=${c.target.customer}`)).status);
  },
  'GET /complaints/:id': async (c) => {
    // The seed has no complaint: an id of another branch's row (an order) must not be found as one.
    expect(DENIED).toContain((await c.request('GET', `/complaints/${c.target.order}`)).status);
  },
  'GET /complaints/rate': async (c, role) => {
    const status = (await c.request('GET', '/complaints/rate?by=branch&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z')).status;
    // The rate is a figure: read in the figures scope (none for agents, the branch, every branch for headquarters).
    expect(status).toBe(role === 'agent' ? 403 : 200);
  },
  'POST /complaints': async (c) => {
    const complaint = { customerId: c.target.customer, category: 'lateness', severity: 'normal', channel: 'phone', customerWords: '师傅没有按时上门' };
    expect([400, ...DENIED]).toContain((await c.request('POST', '/complaints', complaint)).status);
  },
  'GET /notes': async (c) => {
    expect([200, ...DENIED]).toContain((await c.request('GET', `/notes?customerId=${c.target.customer}`)).status);
  },
  'POST /notes': async (c) => {
    expect([400, ...DENIED]).toContain((await c.request('POST', '/notes', { customerId: c.target.customer, text: '客户要求晚上联系' })).status);
  },
  'GET /sync/pull': async (c) => {
    let cursor = 0;
    for (;;) {
      const page = await c.request('GET', `/sync/pull?cursor=${cursor}&limit=1000`);
      expect(page.status).toBe(200);
      const body = JSON.parse(page.body) as { cursor: number; hasMore: boolean };
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    expect((await c.request('GET', '/sync/pull?cursor=0&limit=1000&snapshot=start')).status).toBe(200);
  },
  'POST /sync/push': async (c, role) => {
    const seatId = `probe-${role}`;
    const response = await c.request('POST', '/sync/push', {
      seatId,
      mutations: [
        mutationOf('customer', 'update', c.target.customer, { name: '改名' }, 1),
        mutationOf('serviceOrder', 'update', c.target.openOrder, { status: 'cancelled' }, 1),
        mutationOf('customer', 'create', randomUUID(), { branchId: c.target.branch, name: '越界', phone: '+8613912345679', altPhone: null, vipTier: 'none', province: '广东省', city: '广州市', address: '天河路2号' }),
        mutationOf('partsRequest', 'update', c.target.partsRequest, { status: 'rejected' }, 1),
      ],
    });
    expect(response.status).toBe(200);
    const results = (JSON.parse(response.body) as { results: MutationResult[] }).results;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  },
  'PUT /presence': async (c) => {
    // A seat reports its own agent only: nothing in the body names another agent or branch.
    const answer = await c.request('PUT', '/presence', { state: 'ready', reason: null, since: new Date().toISOString(), call: null });
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { branchId: string }).branchId).not.toBe(c.target.branch);
  },
  'GET /presence/branch': async (c, role) => {
    const watches = role === 'supervisor' || role === 'headquarters';
    expect((await c.request('GET', '/presence/branch')).status).toBe(watches ? 200 : 403);
    // Another branch's team: headquarters only.
    expect((await c.request('GET', `/presence/branch?branchId=${c.target.branch}`)).status).toBe(role === 'headquarters' ? 200 : 403);
  },
  'POST /presence/:id/not-ready': async (c) => {
    // Guangzhou's agent: no role of Beijing puts them to not ready.
    expect(DENIED).toContain((await c.request('POST', `/presence/${c.target.agent}/not-ready`, { reason: 'meeting' })).status);
  },
  'PUT /seat/cache-keys/:id': async (c) => {
    // A seat escrows for its own agent only: the same cache id as a Guangzhou agent's makes a row of the caller's, theirs stays.
    const cacheId = randomUUID();
    const theirs = { agentId: c.target.agent, cacheId, wrappedKey: JSON.stringify(escrowedKey()), escrowedAt: '2026-12-07T00:00:00.000Z' };
    await c.backend.database.db.insertInto('cacheKeyEscrow').values(theirs).execute();
    expect((await c.request('PUT', `/seat/cache-keys/${cacheId}`, { wrappedKey: escrowedKey() })).status).toBe(200);
    expect(await c.backend.database.db.selectFrom('cacheKeyEscrow').selectAll().where('agentId', '=', c.target.agent).where('cacheId', '=', cacheId).executeTakeFirst()).toEqual(theirs);
  },
  'GET /seat/cache-keys/:id': async (c) => {
    // A Guangzhou agent's escrowed cache key: given to no one else, whatever their role.
    const cacheId = randomUUID();
    await c.backend.database.db.insertInto('cacheKeyEscrow').values({ agentId: c.target.agent, cacheId, wrappedKey: JSON.stringify(escrowedKey()), escrowedAt: '2026-12-07T00:00:00.000Z' }).execute();
    expect((await c.request('GET', `/seat/cache-keys/${cacheId}`)).status).toBe(404);
  },
  'POST /sip/credential': async (c, role) => {
    // The caller's own extension only (nothing in the request names another agent): a Guangzhou agent's is never issued.
    const answer = await c.request('POST', '/sip/credential');
    const hasPhone = role === 'agent' || role === 'supervisor';
    expect(answer.status).toBe(hasPhone ? 200 : 403);
    const theirs = await c.backend.database.db.selectFrom('agents').select('sipUser').where('id', '=', c.target.agent).executeTakeFirstOrThrow();
    expect(theirs.sipUser).not.toBeNull();
    if (hasPhone) expect((JSON.parse(answer.body) as { sipUser: string }).sipUser).not.toBe(theirs.sipUser);
  },
  'GET /sync/events': async (c) => {
    // The stream wakes a Beijing seat for Beijing's changes only: a Guangzhou agent's write must not reach it, a Beijing agent's must.
    const stream = await connect(`${c.base}/sync/events`, { authorization: c.authorization });
    try {
      expect(stream.status).toBe(200);
      // On connect: the scope's head.
      await waitFor(() => stream.changes().length === 1, 2_000);
      const customer = (login: string, province: string, city: string) =>
        c.backend.bearer(login).then((authorization) =>
          c.backend.app.inject({ method: 'POST', url: '/customers', headers: { authorization }, payload: { name: '新客户', phone: randomMobile(), province, city, address: '中山路3号' } }),
        );
      expect((await customer('gz.agent1', '广东省', '广州市')).statusCode).toBe(201);
      await new Promise((r) => setTimeout(r, 300));
      expect(stream.changes()).toHaveLength(1);
      expect((await customer('bj.agent2', '北京市', '北京市')).statusCode).toBe(201);
      await waitFor(() => stream.changes().length === 2, 1_000);
    } finally {
      stream.close();
    }
  },
};

describe.each(testEngines())('role scopes on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 60, engine, sipCredentials: { secret: 'role-scope-probe-sip-secret', lifetimeSeconds: 3600 } }, { agent: 'bj.agent1', supervisor: 'bj.super', parts_desk: 'bj.parts', headquarters: 'hq.admin', gz: 'gz.agent1' });
  const target = {} as Target;
  let base = '';

  beforeAll(async () => {
    const db = backend.database.db;
    const gz = branchIdOf(backend, 'GZ01');
    const household = backend.households.find((h) => h.customer.branchId === gz && h.products.length > 0 && h.orders.some((o) => o.status === 'new'))!;
    const [request] = await db.selectFrom('partsRequests').select('id').where('branchId', '=', gz).limit(1).execute();
    const [campaign] = await db.selectFrom('campaigns').select('id').where('branchId', '=', gz).limit(1).execute();
    const [article] = await db.selectFrom('knowledgeArticles').select('id').where('branchId', '=', gz).limit(1).execute();
    const ids = new Set<string>();
    for (const table of ['customers', 'products', 'serviceOrders', 'orderEvents', 'interactions', 'followUps', 'outlets', 'knowledgeArticles', 'partsRequests', 'campaigns', 'campaignTargets'] as const) {
      for (const row of await sql<{ id: string }>`select id from ${sql.table(table)} where ${sql.ref('branchId')} = ${gz}`.execute(db).then((r) => r.rows)) ids.add(row.id);
    }
    for (const agent of backend.demo.agents.filter((a) => a.branchId === gz)) ids.add(agent.id);
    Object.assign(target, {
      branch: gz,
      customer: household.customer.id,
      customerName: household.customer.name,
      product: household.products[0]!.id,
      serial: household.products[0]!.serialNumber,
      order: household.orders[0]!.id,
      openOrder: household.orders.find((o) => o.status === 'new')!.id,
      partsRequest: request!.id,
      campaign: campaign!.id,
      article: article!.id,
      agent: agentIdOf(backend, 'gz.agent1'),
      ids,
    });
    expect(ids.size).toBeGreaterThan(100);
    base = await backend.app.listen({ port: 0, host: '127.0.0.1' });
  });

  /** Guangzhou's change-log entries (now in, or leaving, its scope): a probe must add none. */
  const guangzhouChanges = async () =>
    Number(
      (
        await backend.database.db
          .selectFrom('changeLog')
          .select((eb) => eb.fn.countAll().as('n'))
          .where((eb) => eb.or([eb('branchId', '=', target.branch), eb('exitedBranchId', '=', target.branch)]))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('has a probe for every route of the backend', () => {
    const authenticated = routeTable.filter((r) => r.auth).map((r) => `${r.method} ${r.url}`);
    expect(Object.keys(PROBES).sort()).toEqual(authenticated.sort());
  });

  for (const [role] of ROLES) {
    it(`as ${role}: no route reads or changes anything of another branch`, async () => {
      const authorization = auth[role];
      const caller: Caller = {
        authorization,
        target,
        backend,
        base,
        async request(method, url, payload) {
          const response = await backend.app.inject({ method, url, headers: { authorization }, ...(payload === undefined ? {} : { payload: payload as object }) });
          // An id the request itself named may come back in the refusal; any other Guangzhou id is a leak.
          const asked = url + JSON.stringify(payload ?? null);
          const leaked = role === 'headquarters' && (url.startsWith('/kpis') || url.startsWith('/outlet-network') || url.startsWith('/complaints/rate') || url.startsWith('/presence/branch') || url.startsWith('/campaigns/managed') || url.endsWith('/assignable-agents')) ? [] : [...target.ids].filter((id) => response.body.includes(id) && !asked.includes(id));
          expect(leaked, `${method} ${url} as ${role} answered rows of another branch`).toEqual([]);
          return { status: response.statusCode, body: response.body };
        },
      };
      for (const [route, probe] of Object.entries(PROBES)) {
        if (route === 'GET /sync/events') continue;
        const before = await guangzhouChanges();
        await probe(caller, role);
        expect(await guangzhouChanges(), `${route} as ${role} changed another branch`).toBe(before);
      }
    });
  }

  it('every role is woken only for its own branch', async () => {
    for (const [role] of ROLES) await PROBES['GET /sync/events']!({ authorization: auth[role], target, backend, base, request: () => Promise.reject(new Error('unused')) }, role);
  });

  it("within its own branch, each role takes only its own acts", async () => {
    const db = backend.database.db;
    const bj = branchIdOf(backend, 'BJ01');
    const head = async () => Number((await db.selectFrom('changeLogHead').select('seq').executeTakeFirstOrThrow()).seq);
    const post = (role: AgentRole, url: string, payload?: object) => backend.app.inject({ method: 'POST', url, headers: { authorization: auth[role] }, ...(payload ? { payload } : {}) });
    const bjHousehold = backend.households.find((h) => h.customer.branchId === bj && h.orders.some((o) => o.status === 'new'))!;
    const openOrder = bjHousehold.orders.find((o) => o.status === 'new')!;

    // The parts desk and headquarters serve no customer: no REST create, no push, nothing written.
    for (const role of ['parts_desk', 'headquarters'] as const) {
      const before = await head();
      expect((await post(role, '/customers', { name: '本地', phone: '13812345670', province: '北京市', city: '北京市', address: '长安街1号' })).statusCode).toBe(403);
      expect((await post(role, '/parts-requests', { orderId: openOrder.id, partNumber: 'AC-1', quantity: 1 })).statusCode).toBe(403);
      const [result] = await pushMutations(backend, auth[role], `own-${role}`, [mutationOf('customer', 'update', bjHousehold.customer.id, { name: '改名' }, 1)]);
      expect(result).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
      expect(await head()).toBe(before);
    }

    // Only the branch's parts desk moves a parts request on.
    const made = await post('agent', '/parts-requests', { orderId: openOrder.id, partNumber: 'AC-2', quantity: 1 });
    expect(made.statusCode, made.body).toBe(201);
    const requestId = made.json<{ id: string }>().id;
    for (const role of ['agent', 'supervisor', 'headquarters'] as const) expect((await post(role, `/parts-requests/${requestId}/decision`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await post('parts_desk', `/parts-requests/${requestId}/decision`, { decision: 'approve' })).statusCode).toBe(200);

    // Only the supervisor leads the team.
    const agent2 = agentIdOf(backend, 'bj.agent2');
    for (const role of ['agent', 'parts_desk', 'headquarters'] as const) expect((await post(role, `/agents/${agent2}/sessions/revoke`)).statusCode).toBe(403);
    expect((await post('supervisor', `/agents/${agent2}/sessions/revoke`)).statusCode).toBe(200);
    // Only the supervisor puts an agent of the branch to not ready.
    const putNotReady = (role: AgentRole) => backend.app.inject({ method: 'POST', url: `/presence/${agent2}/not-ready`, headers: { authorization: auth[role] }, payload: { reason: 'meeting' } });
    for (const role of ['agent', 'parts_desk', 'headquarters'] as const) expect((await putNotReady(role)).statusCode).toBe(403);
    expect((await putNotReady('supervisor')).statusCode).toBe(202);
  });

  it("only the supervisor reassigns an agent's orders, and only to an agent of the branch who holds orders", async () => {
    const db = backend.database.db;
    // bj.agent2's orders (the plain agent signed in, bj.agent1, is not their owner).
    const owner = agentIdOf(backend, 'bj.agent2');
    const agent1 = agentIdOf(backend, 'bj.agent1');
    const superId = agentIdOf(backend, 'bj.super');
    const parts = agentIdOf(backend, 'bj.parts');
    const gzAgent = agentIdOf(backend, 'gz.agent1');
    const hers = await db.selectFrom('serviceOrders').select(['id', 'version', 'ownerAgentId', 'handoverNote']).where('ownerAgentId', '=', owner).where('status', 'in', [...OPEN_ORDER_STATUSES]).where('deleted', '=', 0).orderBy('id').limit(4).execute();
    expect(hers).toHaveLength(4);
    const state = () => db.selectFrom('serviceOrders').select(['id', 'version', 'ownerAgentId', 'handoverNote']).where('id', 'in', hers.map((o) => o.id)).orderBy('id').execute();
    const reassignments = async () => Number((await db.selectFrom('orderEvents').select((eb) => eb.fn.countAll().as('n')).where('orderId', 'in', hers.map((o) => o.id)).where('kind', '=', 'owner_changed').executeTakeFirstOrThrow()).n);
    const eventsBefore = await reassignments();
    const reassign = (order: (typeof hers)[number], to: string) => mutationOf('serviceOrder', 'update', order.id, { ownerAgentId: to, handoverNote: '离岗改派' }, order.version);

    // A plain agent may not give a colleague's order to a third; the supervisor may not give it
    // outside the branch nor to the parts desk. Each refusal is worded (code + facts), nothing written.
    const [byAgent] = await pushMutations(backend, auth.agent, 'probe-reassign-agent', [mutationOf('serviceOrder', 'update', hers[0]!.id, { ownerAgentId: superId, handoverNote: '我替他转' }, hers[0]!.version)]);
    expect(byAgent).toMatchObject({ status: 'rejected', code: 'not_permitted', details: { code: 'order_not_owner' } });
    const [abroad, toPartsDesk] = await pushMutations(backend, auth.supervisor, 'probe-reassign-super', [reassign(hers[1]!, gzAgent), reassign(hers[2]!, parts)]);
    expect(abroad).toMatchObject({ status: 'rejected', code: 'invalid_reference', details: { code: 'handover_receiver_other_branch', params: { login: 'gz.agent1' } } });
    expect(toPartsDesk).toMatchObject({ status: 'rejected', code: 'invalid_reference', details: { code: 'handover_receiver_cannot_hold', params: { login: 'bj.parts', role: 'parts_desk' } } });
    // Headquarters and the parts desk serve no customer: out of scope, whatever the target.
    for (const role of ['parts_desk', 'headquarters'] as const) {
      const [refused] = await pushMutations(backend, auth[role], `probe-reassign-${role}`, [reassign(hers[3]!, agent1)]);
      expect(refused).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
    }
    expect(await state()).toEqual(hers);
    expect(await reassignments()).toBe(eventsBefore);

    // The supervisor's reassignment within the branch: applied once, recorded as the supervisor's owner change with the reason.
    const move = reassign(hers[3]!, agent1);
    const [applied] = await pushMutations(backend, auth.supervisor, 'probe-reassign-super', [move]);
    const [again] = await pushMutations(backend, auth.supervisor, 'probe-reassign-super', [move]);
    expect(applied).toMatchObject({ status: 'applied' });
    expect(again).toMatchObject({ status: 'applied' });
    expect(await reassignments()).toBe(eventsBefore + 1);
    const [event] = await db.selectFrom('orderEvents').select(['agentId', 'fromOwnerAgentId', 'toOwnerAgentId', 'note']).where('orderId', '=', hers[3]!.id).where('kind', '=', 'owner_changed').orderBy('seq', 'desc').limit(1).execute();
    expect(event).toEqual({ agentId: superId, fromOwnerAgentId: owner, toOwnerAgentId: agent1, note: '离岗改派' });
  });
});
