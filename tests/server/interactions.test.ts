import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { InteractionList, SyncPullResponse } from '../../shared/api/rest.js';
import type { Mutation } from '../../shared/api/syncPush.js';
import type { Interaction } from '../../shared/domain/interaction.js';
import { testEngines } from './support/testDatabase.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

/** Interactions (calls saved at wrap-up): created through push, pulled by the branch, never changed. */
describe.each(testEngines())('interactions on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 30, engine }, { bj1: 'bj.agent1', bj2: 'bj.agent2', gz: 'gz.agent1' });
  let bjBranch: string;
  beforeAll(() => {
    bjBranch = branchIdOf(backend, 'BJ01');
  });

  const agentId = (login: string) => agentIdOf(backend, login);
  const bjCustomer = () => backend.households.find((h) => h.customer.branchId === bjBranch)?.customer.id ?? '';
  const gzCustomer = () => backend.households.find((h) => h.customer.branchId !== bjBranch)?.customer.id ?? '';

  function call(overrides: Partial<Interaction> = {}): Omit<Interaction, 'id' | 'version' | 'deleted'> {
    return {
      branchId: bjBranch,
      agentId: agentId('bj.agent1'),
      customerId: bjCustomer(),
      direction: 'inbound',
      remoteNumber: '+8613800138000',
      startedAt: '2026-11-23T09:15:00+08:00',
      ringSeconds: 4,
      talkSeconds: 180,
      wrapUpSeconds: 35,
      disposition: 'order_created',
      notes: '空调不制冷，已建单',
      channel: 'phone',
      ...overrides,
    };
  }

  const mutation = (op: Mutation['op'], entityId: string, patch: Record<string, unknown>) => mutationOf('interaction', op, entityId, patch);

  const push = (authorization: string, mutations: Mutation[]) => pushMutations(backend, authorization, 'seat-01', mutations);

  async function pulledInteractions(authorization: string): Promise<Interaction[]> {
    const response = await backend.app.inject({ method: 'GET', url: '/sync/pull?cursor=0&limit=10000', headers: { authorization } });
    expect(response.statusCode, response.body).toBe(200);
    return SyncPullResponse.parse(response.json()).changes.flatMap((c) => (c.entity === 'interaction' ? [c.row] : []));
  }

  it("is created through push and reaches the branch's seats, not other branches'", async () => {
    const id = randomUUID();
    const [result] = await push(auth.bj1, [mutation('create', id, call())]);
    expect(result).toMatchObject({ status: 'applied', version: expect.any(Number) });
    const seen = (await pulledInteractions(auth.bj2)).find((i) => i.id === id);
    expect(seen).toEqual({ ...call(), id, version: result?.status === 'applied' ? result.version : -1, deleted: false });
    expect((await pulledInteractions(auth.gz)).some((i) => i.id === id)).toBe(false);
  });

  it('accepts a call from an unknown number with no customer', async () => {
    const [result] = await push(auth.bj1, [mutation('create', randomUUID(), call({ customerId: null, remoteNumber: null, disposition: 'wrong_number' }))]);
    expect(result?.status).toBe('applied');
  });

  it('refuses updates and deletes: interactions are append-only', async () => {
    const id = randomUUID();
    await push(auth.bj1, [mutation('create', id, call())]);
    const results = await push(auth.bj1, [mutation('update', id, { notes: '改写' }), mutation('delete', id, {})]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['append_only', 'append_only']);
    expect((await pulledInteractions(auth.bj1)).find((i) => i.id === id)?.notes).toBe(call().notes);
  });

  it("refuses another agent's call, another branch, a customer elsewhere and bad fields, writing nothing", async () => {
    const count = async () => Number((await backend.database.db.selectFrom('interactions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const results = await push(auth.bj1, [
      mutation('create', randomUUID(), call({ agentId: agentId('bj.agent2') })),
      mutation('create', randomUUID(), call({ branchId: branchIdOf(backend, 'GZ01') })),
      mutation('create', randomUUID(), call({ customerId: gzCustomer() })),
      mutation('create', randomUUID(), { ...call(), talkSeconds: -1 }),
      mutation('create', randomUUID(), { ...call(), disposition: 'hung_up' }),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['out_of_scope', 'out_of_scope', 'invalid_reference', 'bad_patch', 'bad_patch']);
    const messages = results.map((r) => (r.status === 'rejected' ? r.message : ''));
    expect(messages[3]).toContain('talkSeconds');
    expect(messages[4]).toContain('disposition');
    expect(await count()).toBe(before);
  });

  it('keeps a contact recorded by hand on a customer; refuses one without a customer, empty or in the future, and an old seat’s call reads as phone', async () => {
    const manual = { disposition: 'other' as const, remoteNumber: null, ringSeconds: 0, talkSeconds: 0, wrapUpSeconds: 0, channel: 'wechat' as const, notes: '微信咨询保修' };
    const kept = randomUUID();
    const old = randomUUID();
    const { channel: _phone, ...oldSeatCall } = call();
    const results = await push(auth.bj1, [
      mutation('create', kept, call(manual)),
      mutation('create', randomUUID(), call({ ...manual, customerId: null })),
      mutation('create', randomUUID(), call({ ...manual, notes: '  ' })),
      mutation('create', randomUUID(), call({ ...manual, startedAt: new Date(Date.now() + 3_600_000).toISOString() })),
      mutation('create', old, oldSeatCall),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['applied', 'bad_patch', 'bad_patch', 'bad_patch', 'applied']);
    expect(results.map((r) => (r.status === 'rejected' ? (r.details as { code?: string } | undefined)?.code : null))).toEqual([null, undefined, 'contact_text_empty', 'contact_in_future', null]);
    const pulled = await pulledInteractions(auth.bj2);
    expect(pulled.find((i) => i.id === kept)).toMatchObject({ channel: 'wechat', notes: '微信咨询保修' });
    expect(pulled.find((i) => i.id === old)?.channel).toBe('phone');
  });

  it('applies a retried create once', async () => {
    const create = mutation('create', randomUUID(), call());
    const [first] = await push(auth.bj1, [create]);
    const [again] = await push(auth.bj1, [create]);
    expect(again).toEqual(first);
    expect((await pulledInteractions(auth.bj1)).filter((i) => i.id === create.entityId)).toHaveLength(1);
  });

  it('GET /interactions pages the branch\'s calls newest first, and filters by customer', async () => {
    const customerId = bjCustomer();
    const times = ['2026-11-20T08:00:00.000Z', '2026-11-21T08:00:00.000Z', '2026-11-22T08:00:00.000Z'];
    await push(auth.bj1, times.map((startedAt) => mutation('create', randomUUID(), call({ startedAt }))));
    const seen: Interaction[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const response = await backend.app.inject({ method: 'GET', url: `/interactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: { authorization: auth.bj2 } });
      expect(response.statusCode, response.body).toBe(200);
      const page: InteractionList = InteractionList.parse(response.json());
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen.map((i) => i.id).sort()).toEqual((await pulledInteractions(auth.bj1)).map((i) => i.id).sort());
    const keys = seen.map((i) => `${i.startedAt}|${i.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    const ofCustomer = await backend.app.inject({ method: 'GET', url: `/interactions?customerId=${customerId}&limit=200`, headers: { authorization: auth.bj1 } });
    expect(InteractionList.parse(ofCustomer.json()).items.every((i) => i.customerId === customerId)).toBe(true);
    const elsewhere = await backend.app.inject({ method: 'GET', url: '/interactions', headers: { authorization: auth.gz } });
    // Another branch's agent sees their own branch's calls (the demo data has some), none of these.
    expect(InteractionList.parse(elsewhere.json()).items.every((i) => i.branchId !== bjBranch)).toBe(true);
  });
});
