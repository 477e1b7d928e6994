import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdueComplaints } from '../../server/complaints/escalateComplaints.js';
import { complaintFromRecord, noteFromRecord, serviceOrderFromRecord, syncedRecords } from '../../server/db/syncedRecords.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { DEMO_LOGINS } from '../../server/seed/demoLogins.js';
import type { ComplaintRateReport } from '../../shared/api/rest.js';
import type { SyncPushResponse } from '../../shared/api/syncPush.js';
import { Complaint, complaintDeadlines } from '../../shared/domain/complaint.js';
import { NOTE_MAX_CHARS } from '../../shared/domain/note.js';
import { testEngines } from '../server/support/testDatabase.js';
import { DEMO_AGENT } from '../support/demo.js';
import { seatsOnOwnLinks } from '../support/seats.js';
import { bearerOf, drainOutbox, startSeatedBackend, type SeatedBackend } from '../support/seatedBackend.js';
import type { SeatClient } from '../support/seatClient.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Complaints and notes end to end, on each engine: an in-process backend (its escalation sweep
 * called with a clock the test moves, as server/main.ts's timer calls it with the real one) and two
 * seats of branch BJ01, each on its own link.
 */

const SECOND_AGENT = DEMO_LOGINS.find((l) => l.branchCode === DEMO_AGENT.branchCode && l.login !== DEMO_AGENT.login && l.role === 'agent')!;
const HOUR = 3_600_000;
const complaintStepFromRecord = syncedRecords.complaintStep.fromRecord;

describe.each(testEngines())('complaints and notes on %s', (engine) => {
  const tmp = makeTempDir(`complaints-notes-${engine}`);
  let stack: SeatedBackend;
  let bjBranchId: string;
  /** A BJ01 customer with an order. */
  let customerId: string;
  let orderId: string;
  beforeAll(async () => {
    stack = await startSeatedBackend(engine, tmp.dir, { logins: [DEMO_AGENT.login, SECOND_AGENT.login], customers: 120 });
    const { db } = stack.database;
    bjBranchId = (await db.selectFrom('branches').select('id').where('code', '=', 'BJ01').executeTakeFirstOrThrow()).id;
    const order = await db.selectFrom('serviceOrders').select(['id', 'customerId']).where('branchId', '=', bjBranchId).where('deleted', '=', 0).orderBy('id').executeTakeFirstOrThrow();
    customerId = order.customerId;
    orderId = order.id;
  });
  afterAll(async () => {
    await stack?.close();
    tmp.cleanup();
  });

  const serverComplaint = async (id: string) => complaintFromRecord(await stack.database.db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirstOrThrow());

  it('a complaint is worked through its workflow and escalates by time: the supervisor, then headquarters', async () => {
    const [a, b] = stack.seats.clients as [SeatClient, SeatClient];
    const taken = await a.complaints.create({ customerId, orderId, category: 'lateness', severity: 'serious', channel: 'phone', customerWords: '师傅说好上午来，下午三点还没到', customerWants: '今天修好' });
    expect(taken).toMatchObject({ status: 'received', escalation: 'none', version: 0 });
    await drainOutbox(a);
    const received = Date.parse(taken.receivedAt);
    let server = await serverComplaint(taken.id);
    expect(server).toMatchObject({ status: 'received', acknowledgeDueAt: new Date(received + 2 * HOUR).toISOString(), resolveDueAt: new Date(received + 48 * HOUR).toISOString() });

    // Before the acknowledge deadline nothing escalates; a minute after it, the supervisor has it.
    expect(await escalateOverdueComplaints(stack.database.db, new Date(received + 1.9 * HOUR))).toEqual([]);
    const sweptAt = new Date(received + 2 * HOUR + 60_000);
    const escalated = await escalateOverdueComplaints(stack.database.db, sweptAt);
    expect(escalated).toHaveLength(1);
    server = await serverComplaint(taken.id);
    expect(server).toMatchObject({ escalation: 'supervisor', escalatedAt: sweptAt.toISOString() });
    // Swept again at the same time: nothing more to do (one change, not two).
    expect(await escalateOverdueComplaints(stack.database.db, sweptAt)).toEqual([]);

    // Both seats get the escalation by pull; seat B works the next steps.
    await a.sync.now();
    await b.sync.now();
    expect((await b.complaints.ofCustomer({ customerId })).find((c) => c.id === taken.id)).toMatchObject({ escalation: 'supervisor' });
    await b.complaints.advance({ complaintId: taken.id, step: { to: 'acknowledged' } });
    await b.complaints.advance({ complaintId: taken.id, step: { to: 'investigating' } });
    await expect(b.complaints.advance({ complaintId: taken.id, step: { to: 'confirmed' } })).rejects.toMatchObject({
      code: 'invalid_transition',
      details: { code: 'complaint_next_status_not_allowed', params: { from: 'investigating', to: 'confirmed' } },
    });
    await drainOutbox(b);

    // 48 h: still the supervisor's (already escalated); 12 h past the resolve deadline: headquarters.
    expect(await escalateOverdueComplaints(stack.database.db, new Date(received + 48 * HOUR + 60_000))).toEqual([]);
    expect(await escalateOverdueComplaints(stack.database.db, new Date(received + 60 * HOUR + 60_000))).toHaveLength(1);
    expect(await serverComplaint(taken.id)).toMatchObject({ status: 'investigating', escalation: 'headquarters', acknowledgedAt: expect.any(String) });

    // Resolved with compensation at seat B, confirmed with the customer at seat A.
    await expect(b.complaints.advance({ complaintId: taken.id, step: { to: 'resolved', resolution: '改派师傅当天修好', compensationKind: 'coupon' } })).rejects.toMatchObject({
      code: 'bad_input',
      details: { code: 'complaint_compensation_amount_missing' },
    });
    await b.complaints.advance({ complaintId: taken.id, step: { to: 'resolved', resolution: '改派师傅当天修好', compensationKind: 'coupon', compensationYuan: 50 } });
    await drainOutbox(b);
    // Seat B goes offline before hearing of the confirmation.
    stack.seats.links[1]!.setDown(true);
    await a.sync.now();
    await a.complaints.advance({ complaintId: taken.id, step: { to: 'confirmed' } });
    await drainOutbox(a);
    server = await serverComplaint(taken.id);
    expect(server).toMatchObject({ status: 'confirmed', resolution: '改派师傅当天修好', compensationKind: 'coupon', compensationYuan: 50, escalation: 'headquarters', confirmedAt: expect.any(String) });
    expect(await escalateOverdueComplaints(stack.database.db, new Date(received + 500 * HOUR))).toEqual([]);

    // Seat B, still at "resolved", reopens: the backend refuses it against its own status (confirmed is final).
    await b.complaints.advance({ complaintId: taken.id, step: { to: 'reopened', reason: '客户说还是没修好' } });
    stack.seats.links[1]!.setDown(false);
    await b.sync.now();
    // Refused twice: the change (confirmed is final) and its step record (it follows no recorded step).
    const dead = await b.sync.deadLetters();
    expect(dead.map((d) => [d.entity, d.code, d.refusal?.code])).toEqual(
      expect.arrayContaining([
        ['complaint', 'invalid_transition', 'complaint_final'],
        ['complaintStep', 'invalid_transition', 'complaint_step_out_of_order'],
      ]),
    );
    expect(dead).toHaveLength(2);
    await b.sync.now();
    expect((await b.complaints.ofCustomer({ customerId })).find((c) => c.id === taken.id)?.status).toBe('confirmed');

    // Every step is recorded once, with its time and who took it (the backend's escalations: nobody),
    // in the order taken; the refused reopen is not among them.
    const agentIds = new Map((await stack.database.db.selectFrom('agents').select(['id', 'login']).execute()).map((r) => [r.id, r.login]));
    const steps = (await stack.database.db.selectFrom('complaintSteps').selectAll().where('complaintId', '=', taken.id).orderBy('version').execute()).map(complaintStepFromRecord);
    expect(steps.map((step) => [step.kind, step.agentId === null ? null : agentIds.get(step.agentId), step.escalation])).toEqual([
      ['received', DEMO_AGENT.login, null],
      ['escalated', null, 'supervisor'],
      ['acknowledged', SECOND_AGENT.login, null],
      ['investigating', SECOND_AGENT.login, null],
      ['escalated', null, 'headquarters'],
      ['resolved', SECOND_AGENT.login, null],
      ['confirmed', DEMO_AGENT.login, null],
    ]);
    expect(steps[1]!.at).toBe(sweptAt.toISOString());
    expect(steps[5]).toMatchObject({ fromStatus: 'investigating', text: '改派师傅当天修好', compensationKind: 'coupon', compensationYuan: 50 });
    for (const step of steps) expect(await stack.database.db.selectFrom('changeLog').select('seq').where('entityId', '=', step.id).execute(), step.kind).toHaveLength(1);
    // Both seats' histories of the customer show every step, newest first (the escalations at the
    // moved clock's times), as the backend has them.
    const newestFirst = [...steps].sort((x, y) => Date.parse(y.at) - Date.parse(x.at));
    for (const seat of [a, b]) {
      const history = await seat.contacts.history({ customerId, kinds: ['complaint'], limit: 200 });
      const ofComplaint = history.entries.filter((e) => e.key.startsWith(`complaint:${taken.id}:`));
      expect(ofComplaint.map((e) => [e.step, e.at, e.agentName ?? (e.byBackend ? 'backend' : null)])).toEqual(
        newestFirst.map((step) => [step.kind, step.at, step.agentId === null ? 'backend' : step.agentId === steps[0]!.agentId ? '李娜' : '王强']),
      );
    }
  });

  it('steps taken offline — reopened with a reason, resolved again — are recorded once each with time, author and reason; the same step taken on two seats is recorded once', async () => {
    const [a, b] = stack.seats.clients as [SeatClient, SeatClient];
    const [linkA, linkB] = stack.seats.links;
    const taken = await a.complaints.create({ customerId, category: 'repair_quality', severity: 'normal', channel: 'phone', customerWords: '修完第二天又漏水' });
    await drainOutbox(a);
    await b.sync.now();
    for (const d of await b.sync.deadLetters()) await b.sync.dismissDeadLetter({ mutationId: d.mutationId });
    // Both seats offline; each acknowledges it (the same step twice), A then works it to the end offline.
    linkA!.setDown(true);
    linkB!.setDown(true);
    await a.complaints.advance({ complaintId: taken.id, step: { to: 'acknowledged' } });
    await b.complaints.advance({ complaintId: taken.id, step: { to: 'acknowledged' } });
    await a.complaints.advance({ complaintId: taken.id, step: { to: 'investigating' } });
    await a.complaints.advance({ complaintId: taken.id, step: { to: 'resolved', resolution: '更换密封圈', compensationKind: 'none' } });
    await expect(a.complaints.advance({ complaintId: taken.id, step: { to: 'reopened', reason: ' ' } })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('reason') });
    await a.complaints.advance({ complaintId: taken.id, step: { to: 'reopened', reason: '客户说还在滴水' } });
    await a.complaints.advance({ complaintId: taken.id, step: { to: 'investigating' } });
    await a.complaints.advance({ complaintId: taken.id, step: { to: 'resolved', resolution: '更换整个阀门', compensationKind: 'fee_waived', compensationYuan: 120 } });
    await a.complaints.advance({ complaintId: taken.id, step: { to: 'confirmed' } });
    // Offline, the seat's history already shows every step, newest first, with the reason.
    const offline = (await a.contacts.history({ customerId, kinds: ['complaint'], limit: 200 })).entries.filter((e) => e.key.startsWith(`complaint:${taken.id}:`));
    const expected = ['confirmed', 'resolved', 'investigating', 'reopened', 'resolved', 'investigating', 'acknowledged', 'received'];
    expect(offline.map((e) => e.step)).toEqual(expected);
    expect(offline.find((e) => e.step === 'reopened')).toMatchObject({ text: '客户说还在滴水', agentName: expect.any(String), facts: { fromStatus: 'resolved' } });
    expect(offline.filter((e) => e.step === 'resolved').map((e) => [e.text, e.facts.compensationKind, e.facts.compensationYuan])).toEqual([
      ['更换整个阀门', 'fee_waived', 120],
      ['更换密封圈', 'none', null],
    ]);

    // A pushes first, then B: B's acknowledgement is not recorded again.
    linkA!.setDown(false);
    await drainOutbox(a);
    linkB!.setDown(false);
    await drainOutbox(b);
    await a.sync.now();
    const { db } = stack.database;
    const steps = (await db.selectFrom('complaintSteps').selectAll().where('complaintId', '=', taken.id).orderBy('version').execute()).map(complaintStepFromRecord);
    expect(steps.map((step) => step.kind)).toEqual([...expected].reverse());
    const agentA = (await db.selectFrom('agents').select('id').where('login', '=', DEMO_AGENT.login).executeTakeFirstOrThrow()).id;
    expect(steps.every((step) => step.agentId === agentA)).toBe(true);
    expect(steps.find((step) => step.kind === 'reopened')).toMatchObject({ text: '客户说还在滴水', fromStatus: 'resolved' });
    // Times are the seat's, in the order taken.
    expect(steps.map((step) => step.at)).toEqual([...steps.map((step) => step.at)].sort());
    for (const step of steps) expect(await db.selectFrom('changeLog').select('seq').where('entityId', '=', step.id).execute(), step.kind).toHaveLength(1);
    expect((await b.sync.deadLetters()).filter((d) => d.entity === 'complaintStep').map((d) => d.refusal?.code)).toEqual(['complaint_step_out_of_order']);
    for (const d of await b.sync.deadLetters()) await b.sync.dismissDeadLetter({ mutationId: d.mutationId });
    // Seat B, once synced, shows the same steps as the backend (its refused one gone).
    const atB = (await b.contacts.history({ customerId, kinds: ['complaint'], limit: 200 })).entries.filter((e) => e.key.startsWith(`complaint:${taken.id}:`));
    expect(atB.map((e) => e.key)).toEqual([...steps].reverse().map((step) => `complaint:${taken.id}:${step.id}`));
    expect(atB.map((e) => e.agentName)).toEqual(steps.map(() => '李娜'));
  });

  it('bad input gets a clear refusal and writes nothing: an empty complaint, a promised time in the past', async () => {
    const [a] = stack.seats.clients as [SeatClient, SeatClient];
    const before = (await a.complaints.ofCustomer({ customerId })).length;
    const base = { customerId, category: 'fees', severity: 'normal', channel: 'phone' } as const;
    await expect(a.complaints.create({ ...base, customerWords: '  ' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('customerWords') });
    await expect(a.complaints.create({ ...base, customerWords: '收费太贵', promisedBy: new Date(Date.now() - HOUR).toISOString() })).rejects.toMatchObject({
      code: 'bad_input',
      details: { code: 'complaint_deadline_in_past', field: 'promisedBy' },
    });
    expect(await a.complaints.ofCustomer({ customerId })).toHaveLength(before);
    // Over REST too: 400 naming the field.
    const response = await fetch(`${stack.url}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await bearerOf(stack.url, DEMO_AGENT.login) },
      body: JSON.stringify({ ...base, customerWords: '' }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('customerWords');
  });

  it('the complaint rate by branch, outlet and technician matches a hand-computed fixture', async () => {
    const { db } = stack.database;
    const outlets = await db.selectFrom('outlets').select('id').where('branchId', '=', bjBranchId).orderBy('id').limit(2).execute();
    const [x, y] = outlets.map((o) => o.id) as [string, string];
    const otherBranch = (await db.selectFrom('branches').select('id').where('code', '!=', 'BJ01').executeTakeFirstOrThrow()).id;
    const otherCustomer = (await db.selectFrom('customers').select('id').where('branchId', '=', otherBranch).executeTakeFirstOrThrow()).id;
    const template = serviceOrderFromRecord(await db.selectFrom('serviceOrders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow());
    const agentId = (await db.selectFrom('agents').select('id').where('login', '=', DEMO_AGENT.login).executeTakeFirstOrThrow()).id;
    // January 2019, before any demo data: BJ01 made 7 orders (4 at X, 2 at Y, 1 undispatched), and one in February.
    const at = (day: number) => `2019-01-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    const orderAt = (k: number, outletId: string | null, createdAt: string) => {
      const { version: _v, ...row } = template;
      return { ...row, id: randomUUID(), orderNumber: `BJ01-99-20190101-${String(k).padStart(4, '0')}`, outletId, createdAt, updatedAt: createdAt };
    };
    await writeSyncedRows(db, 'serviceOrder', [
      orderAt(1, x, at(2)), orderAt(2, x, at(3)), orderAt(3, x, at(4)), orderAt(4, x, at(5)),
      orderAt(5, y, at(6)), orderAt(6, y, at(7)),
      orderAt(7, null, at(8)),
      orderAt(8, x, '2019-02-03T10:00:00.000Z'),
    ]);
    const complaintAt = (receivedAt: string, fields: Partial<Complaint>): Omit<Complaint, 'version'> => {
      const { version: _v, ...row } = Complaint.parse({
        id: randomUUID(), version: 0, deleted: false, branchId: bjBranchId, customerId, orderId: null, outletId: null, technicianName: null,
        category: 'repair_quality', severity: 'normal', channel: 'phone', customerWords: '修完又坏', customerWants: '', status: 'received', takenBy: agentId,
        receivedAt, promisedBy: null, ...complaintDeadlines('normal', receivedAt, null), acknowledgedAt: null, resolvedAt: null, confirmedAt: null,
        reopenCount: 0, escalation: 'none', escalatedAt: null, resolution: '', compensationKind: 'none', compensationYuan: null, createdAt: receivedAt, updatedAt: receivedAt,
        ...fields,
      });
      return row;
    };
    // 3 complaints in January: X with 王师傅, Y with 王师傅, one about no outlet with 李师傅. Not counted:
    // one in February, a deleted one, one of another branch.
    await writeSyncedRows(db, 'complaint', [
      complaintAt(at(10), { outletId: x, technicianName: '王师傅' }),
      complaintAt(at(11), { outletId: y, technicianName: '王师傅' }),
      complaintAt(at(12), { technicianName: '李师傅' }),
      complaintAt('2019-02-04T10:00:00.000Z', { outletId: x }),
      complaintAt(at(13), { outletId: x, deleted: true }),
      complaintAt(at(14), { branchId: otherBranch, customerId: otherCustomer }),
    ]);

    // A figure: the branch supervisor reads their branch's, headquarters every branch's, an agent none.
    const supervisor = await bearerOf(stack.url, 'bj.super');
    const rate = async (by: string, authorization = supervisor) => {
      const response = await fetch(`${stack.url}/complaints/rate?by=${by}&from=2019-01-01T00:00:00Z&to=2019-02-01T00:00:00Z`, { headers: { authorization } });
      expect(response.status).toBe(200);
      return ((await response.json()) as ComplaintRateReport).rows;
    };
    // Branch: 3 / 7 orders × 1000 = 428.57; X: 1 / 4 = 250; Y: 1 / 2 = 500.
    expect(await rate('branch')).toEqual([{ key: bjBranchId, complaints: 3, orders: 7, perThousandOrders: 428.57 }]);
    expect(await rate('outlet')).toEqual([
      { key: y, complaints: 1, orders: 2, perThousandOrders: 500 },
      { key: x, complaints: 1, orders: 4, perThousandOrders: 250 },
    ]);
    expect(await rate('technician')).toEqual([
      { key: '王师傅', complaints: 2, orders: null, perThousandOrders: null },
      { key: '李师傅', complaints: 1, orders: null, perThousandOrders: null },
    ]);
    // Headquarters: the other branch's complaint too (it made no orders in January: no rate).
    expect(await rate('branch', await bearerOf(stack.url, 'hq.admin'))).toEqual([
      { key: bjBranchId, complaints: 3, orders: 7, perThousandOrders: 428.57 },
      { key: otherBranch, complaints: 1, orders: 0, perThousandOrders: null },
    ]);
    const agent = await bearerOf(stack.url, DEMO_AGENT.login);
    expect((await fetch(`${stack.url}/complaints/rate?by=branch&from=2019-01-01T00:00:00Z&to=2019-02-01T00:00:00Z`, { headers: { authorization: agent } })).status).toBe(403);
    const bad = await fetch(`${stack.url}/complaints/rate?by=agent&from=2019-02-01T00:00:00Z&to=2019-01-01T00:00:00Z`, { headers: { authorization: supervisor } });
    expect(bad.status).toBe(400);
  });

  it('notes and complaints made offline on two seats all arrive once; notes are searchable and append-only', async () => {
    const [a, b] = stack.seats.clients as [SeatClient, SeatClient];
    const [linkA, linkB] = stack.seats.links;
    linkA!.setDown(true);
    linkB!.setDown(true);
    const madeAtA = [
      await a.notes.add({ customerId, text: '客户下午不方便接电话' }),
      await a.notes.add({ orderId, text: '外机漏水，需带配件' }),
      await a.notes.add({ customerId, text: '老人独居，上门前先联系女儿' }),
    ];
    const madeAtB = [await b.notes.add({ customerId, text: '已提醒客户关闭水阀，防止漏水' }), await b.notes.add({ orderId, text: '改约周六上午' })];
    await expect(a.notes.add({ customerId, text: 'x'.repeat(NOTE_MAX_CHARS + 1) })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('text') });
    await expect(a.notes.add({ customerId, text: '   ' })).rejects.toMatchObject({ code: 'bad_input' });
    const complaintA = await a.complaints.create({ customerId, category: 'service_attitude', severity: 'normal', channel: 'phone', customerWords: '客服态度差' });
    const complaintB = await b.complaints.create({ customerId, orderId, category: 'parts_shortage', severity: 'critical', channel: 'wechat', customerWords: '等配件两周了' });
    expect(madeAtA[1]).toMatchObject({ customerId, orderId });
    // Each complaint is two changes: the complaint, and its first step record.
    expect((await a.sync.now()).pending).toBe(5);
    expect((await b.sync.now()).pending).toBe(4);

    linkA!.setDown(false);
    linkB!.setDown(false);
    await drainOutbox(a);
    await drainOutbox(b);
    await a.sync.now();

    const ids = [...madeAtA, ...madeAtB].map((n) => n.id).sort();
    const { db } = stack.database;
    const stored = (await db.selectFrom('notes').selectAll().where('id', 'in', ids).execute()).map(noteFromRecord);
    expect(stored.map((n) => n.id).sort()).toEqual(ids);
    for (const id of [...ids, complaintA.id, complaintB.id]) {
      expect(await db.selectFrom('changeLog').select('seq').where('entityId', '=', id).execute(), id).toHaveLength(1);
    }
    expect(await db.selectFrom('complaints').select('id').where('id', 'in', [complaintA.id, complaintB.id]).execute()).toHaveLength(2);
    // Each seat holds every note and complaint, its own and the other's, once.
    for (const seat of [a, b]) {
      const notes = await seat.notes.ofCustomer({ customerId });
      expect(notes.filter((n) => ids.includes(n.id)).map((n) => n.id).sort()).toEqual(ids);
      expect(notes.every((n) => n.version > 0)).toBe(true);
      const complaints = (await seat.complaints.ofCustomer({ customerId })).map((c) => c.id);
      expect(complaints).toEqual(expect.arrayContaining([complaintA.id, complaintB.id]));
    }
    // Searchable at the seat (offline too) and over REST.
    expect((await b.notes.ofCustomer({ customerId, query: '漏水' })).map((n) => n.id).sort()).toEqual([madeAtA[1]!.id, madeAtB[0]!.id].sort());
    expect((await b.notes.ofOrder({ orderId })).map((n) => n.id).sort()).toEqual([madeAtA[1]!.id, madeAtB[1]!.id].sort());
    const authorization = await bearerOf(stack.url, DEMO_AGENT.login);
    const found = (await (await fetch(`${stack.url}/notes?customerId=${customerId}&query=${encodeURIComponent('漏水')}`, { headers: { authorization } })).json()) as { items: Array<{ id: string }> };
    expect(found.items.map((n) => n.id).sort()).toEqual([madeAtA[1]!.id, madeAtB[0]!.id].sort());

    // Append-only: an edit or a delete of a note is refused and changes nothing.
    const note = madeAtA[0]!;
    const push = await fetch(`${stack.url}/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({
        seatId: 'crafted',
        mutations: [
          { mutationId: randomUUID(), entity: 'note', entityId: note.id, op: 'update', baseVersion: 1, patch: { text: '改过的备注' } },
          { mutationId: randomUUID(), entity: 'note', entityId: note.id, op: 'delete', baseVersion: 1, patch: {} },
        ],
      }),
    });
    const { results } = (await push.json()) as SyncPushResponse;
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['append_only', 'append_only']);
    expect(noteFromRecord(await db.selectFrom('notes').selectAll().where('id', '=', note.id).executeTakeFirstOrThrow())).toMatchObject({ text: note.text, deleted: false });

    // A seat signing in afterwards gets them all in its initial sync (the snapshot).
    const late = await seatsOnOwnLinks(stack.url, `${tmp.dir}/late`, ['bj.super']);
    try {
      const [c] = late.clients as [SeatClient];
      expect((await c.notes.ofCustomer({ customerId })).map((n) => n.id).filter((id) => ids.includes(id)).sort()).toEqual(ids);
      expect((await c.complaints.ofCustomer({ customerId })).map((x) => x.id)).toEqual(expect.arrayContaining([complaintA.id, complaintB.id]));
      // With their recorded steps: each complaint's receipt, by who took it.
      const received = (await c.contacts.history({ customerId, kinds: ['complaint'], limit: 200 })).entries.filter((e) => e.step === 'received');
      for (const [complaint, name] of [[complaintA, '李娜'], [complaintB, '王强']] as const) {
        expect(received.filter((e) => e.key.startsWith(`complaint:${complaint.id}:`)).map((e) => [e.agentName, e.text])).toEqual([[name, complaint.customerWords]]);
      }
    } finally {
      await late.close();
    }
  });
});
