import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SyncPullResponse } from '../../shared/api/rest.js';
import type { Mutation, MutationResult } from '../../shared/api/syncPush.js';
import { MUTATIONS_PER_TRANSACTION } from '../../server/sync/push/pushMutations.js';
import { testEngines } from './support/testDatabase.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { branchIdOf, useTestBackend } from './support/testBackend.js';

/** Pushes of many mutations: one transaction per chunk, yet every mutation keeps its own result. */
describe.each(testEngines())('batched POST /sync/push on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 20, engine }, { bj1: 'bj.agent1' });
  let bjBranch: string;
  let gzBranch: string;
  beforeAll(() => {
    bjBranch = branchIdOf(backend, 'BJ01');
    gzBranch = branchIdOf(backend, 'GZ01');
  });

  const push = (authorization: string, seatId: string, mutations: Mutation[]) => pushMutations(backend, authorization, seatId, mutations);

  const createCustomer = (name: string, branchId = bjBranch): Mutation => {
    const now = new Date().toISOString();
    return {
      mutationId: randomUUID(),
      entity: 'customer',
      entityId: randomUUID(),
      op: 'create',
      baseVersion: 0,
      patch: { branchId, name, phone: '+8613900002222', altPhone: null, vipTier: 'none', province: '北京', city: '北京', address: '海淀区', createdAt: now, updatedAt: now },
    };
  };
  const updateCustomer = (entityId: string, patch: Record<string, unknown>, baseVersion = 1) => mutationOf('customer', 'update', entityId, patch, baseVersion);

  const count = async (table: 'changeLog' | 'mutations' | 'customers') =>
    Number((await backend.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const logOf = (ids: string[]) => backend.database.db.selectFrom('changeLog').select(['seq', 'entityId']).where('entityId', 'in', ids).orderBy('seq').execute();
  const headSeq = async () => Number((await backend.database.db.selectFrom('changeLog').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq);
  const summary = (r: MutationResult | undefined) => (r?.status === 'rejected' ? `rejected:${r.code}` : r?.status);

  it('applies, refuses and answers repeats in one push, in order, each refusal undoing only its own mutation', async () => {
    const created = createCustomer('批量甲');
    const renamed = updateCustomer(created.entityId, { name: '批量乙' });
    const unknownField = updateCustomer(created.entityId, { colour: 'red' });
    const foreign = createCustomer('越权', gzBranch);
    const afterRefusals = updateCustomer(created.entityId, { address: '朝阳区' }, 1);
    const sameIdOtherPayload = { ...renamed, patch: { name: '篡改' } };
    const mutations = [created, renamed, unknownField, foreign, created, afterRefusals, sameIdOtherPayload, renamed];
    const before = { log: await count('changeLog'), ledger: await count('mutations'), head: await headSeq() };

    const results = await push(auth.bj1, 'seat-batch', mutations);
    expect(results.map(summary)).toEqual([
      'applied',
      'applied',
      'rejected:bad_patch',
      'rejected:out_of_scope',
      'applied',
      'applied',
      'rejected:mutation_id_reused',
      'applied',
    ]);
    // A repeat inside the push answers the first result; it is not applied again.
    expect(results[4]).toEqual(results[0]);
    expect(results[7]).toEqual(results[1]);
    const versions = [results[0], results[1], results[5]].map((r) => (r?.status === 'applied' ? r.version : -1));
    expect(versions).toEqual([before.head + 1, before.head + 2, before.head + 3]);

    // Three changes logged, five mutations stored (the refusals too; a reused id is not stored again).
    expect(await count('changeLog')).toBe(before.log + 3);
    expect(await count('mutations')).toBe(before.ledger + 5);
    const row = await backend.database.db.selectFrom('customers').selectAll().where('id', '=', created.entityId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '批量乙', address: '朝阳区', version: versions[2] });
    expect(await backend.database.db.selectFrom('customers').select('id').where('id', '=', foreign.entityId).executeTakeFirst()).toBeUndefined();

    // The whole push retried: the same answers, nothing written.
    expect(await push(auth.bj1, 'seat-batch', mutations)).toEqual(results);
    expect(await count('changeLog')).toBe(before.log + 3);
    expect(await count('mutations')).toBe(before.ledger + 5);
  });

  it('spans several transactions with gap-free versions in push order and refusals anywhere', async () => {
    const total = MUTATIONS_PER_TRANSACTION * 2 + 37;
    const mutations = Array.from({ length: total }, (_, i) => (i % 17 === 5 ? createCustomer('', bjBranch) : createCustomer(`分块${i}`)));
    const head = await headSeq();
    const results = await push(auth.bj1, 'seat-chunks', mutations);
    const refused = mutations.map((m, i) => i).filter((i) => i % 17 === 5);
    expect(results.filter((r) => r.status === 'rejected').length).toBe(refused.length);
    for (const i of refused) expect(summary(results[i])).toBe('rejected:bad_patch');
    const versions = results.flatMap((r) => (r.status === 'applied' ? [r.version] : []));
    expect(versions).toEqual(versions.map((_, i) => head + 1 + i));
    const log = await logOf(mutations.map((m) => m.entityId));
    expect(log.map((e) => e.seq)).toEqual(versions);
  });

  it('concurrent batched pushes from several seats: each mutation once, and a looping puller misses nothing', async () => {
    const start = await headSeq();
    const seats = Array.from({ length: 4 }, (_, s) => Array.from({ length: 150 }, (_, i) => createCustomer(`并发${s}-${i}`)));
    let pushing = true;
    let cursor = start;
    const pulled: number[] = [];
    const pullLoop = (async () => {
      for (;;) {
        const done = !pushing;
        const response = await backend.app.inject({ method: 'GET', url: `/sync/pull?cursor=${cursor}&limit=50`, headers: { authorization: auth.bj1 } });
        const page = SyncPullResponse.parse(response.json());
        pulled.push(...page.changes.map((c) => c.seq));
        cursor = page.cursor;
        if (done && !page.hasMore) return;
        if (!page.hasMore) await new Promise((r) => setTimeout(r, 3));
      }
    })();
    const answers = await Promise.all(seats.map((mutations, s) => push(auth.bj1, `seat-concurrent-${s}`, mutations)));
    // A retry racing everything: answered from the ledger.
    expect(await push(auth.bj1, 'seat-concurrent-0', seats[0]!)).toEqual(answers[0]);
    pushing = false;
    await pullLoop;

    expect(answers.flat().every((r) => r.status === 'applied')).toBe(true);
    const ids = seats.flat().map((m) => m.entityId);
    const log = await logOf(ids);
    expect(log.length).toBe(ids.length);
    expect(new Set(log.map((e) => e.entityId)).size).toBe(ids.length);
    // Every seq after the start reached the puller once, in order, with no hole.
    expect(pulled).toEqual(pulled.map((_, i) => start + 1 + i));
    expect(pulled.length).toBe(ids.length);
  });
});
