import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../shared/api/syncPush.js';
import type { Agent } from '../../shared/domain/branch.js';
import { pushMutations } from '../../server/sync/push/pushMutations.js';
import { testEngines } from './support/testDatabase.js';
import { startTestBackend, type TestBackend } from './support/testBackend.js';

/**
 * A push's mutations applied as a batch (server/sync/push/pushRun.ts) answer and write exactly
 * what one-by-one does: the same scenario on two fresh backends of the same engine, one pushing
 * every mutation one by one, the other batching; results, rows, change log and conflict records
 * compared (versions relative to the log's head before the scenario, conflict ids by order).
 */
describe.each(testEngines())('batched push answers as one-by-one on %s', (engine) => {
  let oneByOne: TestBackend;
  let batched: TestBackend;
  beforeAll(async () => {
    oneByOne = await startTestBackend({ customers: 4, engine });
    batched = await startTestBackend({ customers: 4, engine });
  });
  afterAll(async () => {
    await oneByOne?.close();
    await batched?.close();
  });

  // One set of ids for both backends: the scenario is the same push for push.
  const id = () => randomUUID();
  const customer = { c1: id(), c2: id(), c3: id(), c4: id(), c5: id(), c6: id(), c7: id(), gz: id(), missing: id() };
  const phone = (n: number) => `+86139${String(30_000_000 + n).padStart(8, '0')}`;
  const created = (entityId: string, branchId: string, name: string, phoneNumber: string, extra: Record<string, unknown> = {}): Mutation => ({
    mutationId: id(),
    entity: 'customer',
    entityId,
    op: 'create',
    baseVersion: 0,
    patch: { branchId, name, phone: phoneNumber, altPhone: null, vipTier: 'none', province: '北京', city: '北京', address: '海淀区', createdAt: '2026-12-07T08:00:00.000Z', updatedAt: '2026-12-07T08:00:00.000Z', ...extra },
  });
  const updated = (entityId: string, patch: Record<string, unknown>, baseVersion: number): Mutation => ({ mutationId: id(), entity: 'customer', entityId, op: 'update', baseVersion, patch });

  interface Step {
    login: string;
    seatId: string;
    /** `versions`: the rows' versions as seat A last read them (before seat B's edits). */
    mutations: (versions: ReadonlyMap<string, number>, branch: (code: string) => string) => Mutation[];
  }
  // Mutations are made once per step and reused for the second backend (same mutationIds).
  const made = new Map<Step, Mutation[]>();
  const steps: Step[] = [
    // Setup: three customers of BJ01 and one of GZ01.
    { login: 'bj.agent1', seatId: 'seat-a', mutations: (_, b) => [created(customer.c1, b('BJ01'), '甲', phone(1)), created(customer.c2, b('BJ01'), '乙', phone(2)), created(customer.c3, b('BJ01'), '丙', phone(3))] },
    { login: 'gz.agent1', seatId: 'seat-gz', mutations: (_, b) => [created(customer.gz, b('GZ01'), '广州', phone(9), { province: '广东', city: '广州' })] },
    // Another seat edits c1's name and c2's address after seat A read them.
    { login: 'bj.agent2', seatId: 'seat-b', mutations: (v) => [updated(customer.c1, { name: '甲（乙座）' }, v.get(customer.c1)!), updated(customer.c2, { address: '朝阳区（乙座）' }, v.get(customer.c2)!)] },
    // Seat A's mixed push, based on what it read before seat B's edits.
    {
      login: 'bj.agent1',
      seatId: 'seat-a',
      mutations: (v, b) => {
        const c4 = created(customer.c4, b('BJ01'), '丁', phone(4));
        return [
          updated(customer.c1, { name: '甲（甲座）' }, v.get(customer.c1)!), // conflict: B changed the name
          updated(customer.c1, { address: '西城区' }, v.get(customer.c1)!), // applied: another field
          updated(customer.c2, { address: '东城区', name: '乙（甲座）' }, v.get(customer.c2)!), // conflict on address, name applied
          c4, // applied
          created(customer.c5, b('BJ01'), '戊', phone(4)), // phone_taken by c4, made earlier in this push
          updated(customer.c4, { address: '丰台区' }, 0), // applied on the row made in this push
          updated(customer.c4, { address: '大兴区' }, 999_999), // version_ahead of the row made in this push
          updated(customer.c3, { vipTier: 'gold' }, v.get(customer.c3)!), // not_permitted: tiers are the supervisor's
          updated(customer.missing, { address: '通州区' }, 0), // not_found
          updated(customer.c3, { colour: 'red' }, v.get(customer.c3)!), // bad_patch
          created(customer.c1, b('BJ01'), '重复', phone(5)), // already_exists
          updated(customer.c3, { phone: phone(6) }, v.get(customer.c3)!), // a new phone: one by one in both
          created(customer.c6, b('BJ01'), '己', phone(6)), // phone_taken by c3's new phone
          created(customer.c7, b('BJ01'), '庚', phone(4), { samePhoneReason: '同一家庭' }), // applied: a reason given
          created(id(), b('GZ01'), '越权', phone(7)), // out_of_scope: another branch
          c4, // a repeat: answers the first result
          updated(customer.c3, { address: '石景山区' }, 999_999), // version_ahead
          updated(customer.gz, { address: '天河区' }, v.get(customer.gz)!), // out_of_scope
          updated(customer.c1, { name: '甲（甲座）' }, v.get(customer.c1)!), // the same conflict again
          updated(customer.c2, { address: '东城区' }, 0), // conflict from base 0 (the whole create counts)
        ];
      },
    },
    // Resolving the conflicts and a parts desk's refused edit.
    { login: 'bj.parts', seatId: 'seat-p', mutations: (v) => [updated(customer.c1, { address: '门头沟区' }, v.get(customer.c1)!)] },
  ];

  async function play(backend: TestBackend, mode: { oneByOne: boolean }) {
    const db = backend.database.db;
    const head = Number((await db.selectFrom('changeLog').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq ?? 0);
    const branch = (code: string) => backend.demo.branches.find((b) => b.code === code)!.id;
    const conflictIds: string[] = [];
    const conflictName = (conflictId: string) => {
      if (!conflictIds.includes(conflictId)) conflictIds.push(conflictId);
      return `conflict#${conflictIds.indexOf(conflictId)}`;
    };
    const relative = (result: MutationResult) => {
      if (result.status === 'rejected') return result;
      const version = result.version > head ? `head+${result.version - head}` : result.version;
      return result.status === 'conflict' ? { ...result, version, fields: result.fields.map((f) => ({ ...f, conflictId: conflictName(f.conflictId) })) } : { ...result, version };
    };
    const answers: unknown[] = [];
    let versions = new Map<string, number>();
    for (const [index, step] of steps.entries()) {
      // Seat A read the rows after the setup (the first two steps), before seat B's edits.
      if (index <= 2) versions = new Map((await db.selectFrom('customers').select(['id', 'version']).execute()).map((r) => [r.id, Number(r.version)]));
      const mutations = made.get(step) ?? step.mutations(versions, branch);
      made.set(step, mutations);
      const found = backend.demo.agents.find((a) => a.login === step.login)!;
      const agent: Agent = { id: found.id, login: found.login, displayName: found.displayName, branchId: found.branchId, role: found.role };
      const { results } = await pushMutations(db, agent, { seatId: step.seatId, mutations }, mode);
      answers.push(results.map(relative));
    }
    const ids = Object.values(customer);
    const rows = (await db.selectFrom('customers').select(['id', 'name', 'phone', 'address', 'vipTier', 'samePhoneReason', 'version', 'deleted']).where('id', 'in', ids).orderBy('id').execute()).map((r) => ({ ...r, version: Number(r.version) - head }));
    const log = (await db.selectFrom('changeLog').select(['seq', 'entity', 'entityId', 'branchId', 'fields', 'seatId', 'agentId']).where('seq', '>', head).orderBy('seq').execute()).map((e) => ({
      ...e,
      seq: Number(e.seq) - head,
      entityId: e.entity === 'conflict' ? conflictName(e.entityId) : e.entityId,
    }));
    const conflicts = (await db.selectFrom('conflicts').select(['id', 'entity', 'entityId', 'field', 'mine', 'theirs', 'mutationId', 'seatId', 'theirsSeatId', 'resolved', 'version']).orderBy('version').execute()).map((c) => ({
      ...c,
      id: conflictName(c.id),
      version: Number(c.version) - head,
    }));
    return { answers, rows, log, conflicts };
  }

  it('gives every mutation of a mixed push (applied, conflicting, refused, repeated) the answer and the writes one-by-one gives', async () => {
    const expected = await play(oneByOne, { oneByOne: true });
    const actual = await play(batched, { oneByOne: false });
    expect(actual).toEqual(expected);

    // The scenario says what it claims to: each kind of answer is there.
    const mixed = expected.answers[3] as MutationResult[];
    expect(mixed.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'conflict',
      'applied',
      'conflict',
      'applied',
      'phone_taken',
      'applied',
      'version_ahead',
      'not_permitted',
      'not_found',
      'bad_patch',
      'already_exists',
      'applied',
      'phone_taken',
      'applied',
      'out_of_scope',
      'applied',
      'version_ahead',
      'out_of_scope',
      'conflict',
      'conflict',
    ]);
    expect(mixed[15]).toEqual(mixed[3]);
    expect((expected.answers[4] as MutationResult[]).map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['out_of_scope']);
    expect(expected.conflicts.length).toBeGreaterThanOrEqual(4);
  });
});
