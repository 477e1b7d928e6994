import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncPullResponse, type SyncEntity } from '../../shared/api/rest.js';
import type { DialectName } from '../../server/db/openServerDatabase.js';
import type { ServerSchema } from '../../server/db/schema.js';
import type { SyncedRow } from '../../server/db/syncedRecords.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { branchChangesJson } from '../../server/sync/snapshotChangesJson.js';
import { agentIdOf, branchIdOf, startTestBackend, type TestBackend } from './support/testBackend.js';
import { testEngines } from './support/testDatabase.js';

/**
 * Snapshot pages are JSON the database writes (server/sync/snapshotChangesJson.ts). Whatever it
 * writes must parse to exactly what the row mapping of server/db/syncedRecords.ts makes of the
 * same rows (selectAll + fromRecord, the log pull's path): same keys, same values, same types.
 */

interface OldChange {
  seq: number;
  entity: SyncEntity;
  row: SyncedRow<SyncEntity>;
}

/** The branch's live rows through fromRecord, entity by entity in id order: what the snapshot sends. */
async function fromRecordSnapshot(db: Kysely<ServerSchema>, branchId: string): Promise<OldChange[]> {
  const changes: OldChange[] = [];
  for (const entity of Object.keys(syncedTables) as SyncEntity[]) {
    const rows: SyncedRow<SyncEntity>[] = await syncedTables[entity].branchPage(db, branchId, '', 1_000_000);
    changes.push(...rows.map((row) => ({ seq: row.version, entity, row })));
  }
  return changes;
}

/** Strings that JSON, SQL or an HTML page could mistake for something else. */
function hostileStrings(engine: DialectName): string[] {
  const strings = [
    '"quoted" \\ back\\slash \\" \\\\',
    '中文 北京市朝阳区 建国路88号 「引号」',
    'tab\there\nnewline\r\u0008\u000c',
    '\u0001\u0002\u001f\u007f\u0080\u009f control',
    '\u2028\u2029 line separators',
    '😀 \ud83d\ude00 astral',
    '</script><!-- -->',
    "'; DROP TABLE customers; --",
    '\\u0000 is not a NUL',
    '{"seq":1,"row":{}}',
    ' leading and trailing spaces ',
  ];
  // PostgreSQL text cannot hold NUL at all (the API refuses it on every engine).
  if (engine === 'sqlite') strings.push('NUL\u0000inside', '\u0000');
  return strings;
}

describe.each(testEngines())('snapshot pages written as JSON by %s', (engine) => {
  let backend: TestBackend;
  let branchId: string;
  let bj: string;

  beforeAll(async () => {
    backend = await startTestBackend({ customers: 120, engine });
    branchId = branchIdOf(backend, 'BJ01');
    bj = await backend.bearer('bj.agent1');
  });
  afterAll(() => backend.close());

  /** Every page of a snapshot through GET /sync/pull, parsed, as the seat receives them. */
  async function snapshotPages(limit: number): Promise<SyncPullResponse[]> {
    const pages: SyncPullResponse[] = [];
    let position: string | null = 'start';
    while (position !== null) {
      const response = await backend.app.inject({ method: 'GET', url: `/sync/pull?cursor=0&limit=${limit}&snapshot=${position}`, headers: { authorization: bj } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const page = JSON.parse(response.body) as SyncPullResponse;
      pages.push(page);
      position = page.snapshot!.next;
    }
    return pages;
  }

  /** Each page holds exactly the next slice of what fromRecord makes of the branch's rows. */
  async function expectPagesMatchFromRecord(limit: number): Promise<{ sent: OldChange[]; pages: SyncPullResponse[] }> {
    const expected = await fromRecordSnapshot(backend.database.db, branchId);
    const pages = await snapshotPages(limit);
    let done = 0;
    for (const page of pages) {
      expect(page.changes).toEqual(expected.slice(done, page.snapshot!.done));
      expect(page.removals).toEqual([]);
      done = page.snapshot!.done;
    }
    expect(done).toBe(expected.length);
    expect(pages.at(-1)!.snapshot).toEqual({ next: null, done, total: done });
    return { sent: expected, pages };
  }

  it('pages through the demo branch: each page is what fromRecord makes of the same rows, and a valid SyncPullResponse', async () => {
    const { sent, pages } = await expectPagesMatchFromRecord(29);
    for (const page of pages) expect(SyncPullResponse.safeParse(page).error).toBeUndefined();
    expect(pages.length).toBeGreaterThan(5);
    // Rows written as JSON by the database and rows through fromRecord (outlets), pages crossing tables.
    expect([...new Set(sent.map((c) => c.entity))]).toEqual(expect.arrayContaining(['customer', 'product', 'serviceOrder', 'campaignTarget', 'outlet', 'knowledgeArticle']));

    // The bytes are sent as they are; the contract still names SyncPullResponse.
    const doc = (await backend.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { properties: object } }> }> }>>;
    }>();
    expect(Object.keys(doc.paths['/sync/pull']!.get!.responses['200']!.content['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['changes', 'removals', 'cursor', 'hasMore', 'headSeq', 'snapshot']),
    );
  });

  it('sends hostile strings (quotes, backslashes, control characters, Chinese, NUL on SQLite) exactly as stored', async () => {
    const { db } = backend.database;
    const agentId = agentIdOf(backend, 'bj.agent1');
    const order = await db.selectFrom('serviceOrders').selectAll().where('branchId', '=', branchId).orderBy('id').executeTakeFirstOrThrow();
    const campaign = await db.selectFrom('campaigns').selectAll().where('branchId', '=', branchId).orderBy('id').executeTakeFirstOrThrow();
    const at = '2026-03-04T05:06:07.089Z';
    for (const [i, text] of hostileStrings(engine).entries()) {
      const customerId = randomUUID();
      const productId = randomUUID();
      const orderId = randomUUID();
      const common = { id: '', deleted: false, branchId };
      await writeSyncedRows(db, 'customer', [
        { ...common, id: customerId, name: text, phone: '+8613800000000', altPhone: i % 2 ? null : '+8613900000000', vipTier: 'gold', province: text, city: text, provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: i % 2 ? [] : ['elderly', 'prefers_evenings'], address: text, createdAt: at, updatedAt: at },
      ]);
      await writeSyncedRows(db, 'product', [
        { ...common, id: productId, customerId, serialNumber: `SN-HOSTILE-${i}`, model: text, category: 'tv', purchaseDate: '2025-01-31', warrantyMonths: 36 },
      ]);
      await writeSyncedRows(db, 'serviceOrder', [
        {
          ...common,
          id: orderId,
          orderNumber: `BJ01-99-20260304-${String(i).padStart(4, '0')}`,
          customerId,
          productId: i % 2 ? null : productId,
          type: 'repair',
          status: 'new',
          fault: text,
          ownerAgentId: agentId,
          createdAt: at,
          updatedAt: at,
          outletId: null,
          appointmentStart: i % 2 ? null : at,
          appointmentEnd: null,
          dispatchedAt: null,
          warranty: i % 2 ? null : { status: 'in_warranty', purchaseDate: '2025-01-31', warrantyMonths: 36, serialNumber: `SN-HOSTILE-${i}`, expiresOn: '2028-01-31', decidedAt: at },
          feeConsent: i % 2 ? null : { estimate: 120.5, consentedAt: at },
          duplicateReason: i % 2 ? `因${text}因` : null,
          duplicateReview: null,
          completion: i % 2 ? null : { resolution: `修${text}好`, parts: [{ name: `件${text}件`, quantity: 2 }], fee: 99.9, technician: `张${text}师傅` },
          cancelReason: i % 2 ? `因${text}因` : null,
          handoverNote: null,
        },
      ]);
      await writeSyncedRows(db, 'interaction', [
        { ...common, id: randomUUID(), agentId, customerId: i % 2 ? null : customerId, direction: 'inbound', remoteNumber: null, startedAt: at, ringSeconds: 3, talkSeconds: 2_000_000_000, wrapUpSeconds: 0, disposition: 'other', notes: text, channel: 'phone' },
      ]);
      await writeSyncedRows(db, 'followUp', [
        { ...common, id: randomUUID(), orderId, customerId, dueAt: at, status: 'done', satisfaction: i % 2 ? null : 5, remarks: text, doneAt: at, doneBy: agentId, createdAt: at, attempts: i, lastOutcome: i % 2 ? null : 'done', lastAttemptAt: i % 2 ? null : at },
      ]);
      await writeSyncedRows(db, 'orderEvent', [
        {
          ...common,
          id: randomUUID(),
          orderId,
          seq: 9_007_199_254_740_991 - i,
          kind: 'dispatched',
          fromStatus: null,
          toStatus: 'dispatched',
          fromOwnerAgentId: null,
          note: text,
          toOwnerAgentId: agentId,
          outletId: null,
          appointmentStart: at,
          appointmentEnd: at,
          agentId: null,
          seatId: text,
          at,
        },
      ]);
      await writeSyncedRows(db, 'partsRequest', [
        { ...common, id: randomUUID(), orderId, partNumber: `P-${i}-X`, quantity: 2, status: 'requested', note: text, requestedBy: agentId, createdAt: at, updatedAt: at },
      ]);
      await writeSyncedRows(db, 'campaign', [{ ...common, id: randomUUID(), name: text, kind: 'promotion', script: text, startsOn: '2026-03-01', endsOn: '2026-03-31' }]);
      await writeSyncedRows(db, 'campaignTarget', [
        { ...common, id: randomUUID(), campaignId: campaign.id, customerId, phone: '+8613800000000', position: i, status: 'pending', outcomeNotes: text, calledAt: null, calledBy: null, assignedAgentId: null, callBackAt: null },
      ]);
    }
    // A tombstone is not sent.
    await writeSyncedRows(db, 'serviceOrder', [{ ...(await syncedTables.serviceOrder.load(db, [order.id]))[0]!, deleted: true }]);

    const { sent } = await expectPagesMatchFromRecord(53);
    expect(sent.map((c) => c.row.id)).not.toContain(order.id);
    const texts = new Set(hostileStrings(engine));
    const withHostileText: SyncEntity[] = ['customer', 'product', 'serviceOrder', 'interaction', 'followUp', 'orderEvent', 'partsRequest', 'campaign', 'campaignTarget'];
    for (const entity of withHostileText) {
      const hostile = sent.filter((c) => c.entity === entity && Object.values(c.row).some((v) => typeof v === 'string' && texts.has(v)));
      expect(hostile.length, `${entity} rows with hostile strings`).toBe(texts.size);
    }
  });
});

describe.each(testEngines())('the row JSON follows the declaration, as fromRecord does, on %s', (engine) => {
  let backend: TestBackend;
  let branchId: string;

  beforeAll(async () => {
    backend = await startTestBackend({ customers: 4, engine });
    branchId = branchIdOf(backend, 'BJ01');
  });
  afterAll(() => backend.close());

  it('a column the declaration does not name stays on the server in both', async () => {
    const { db } = backend.database;
    await sql`ALTER TABLE customers ADD COLUMN internal_note text DEFAULT 'kept on the server'`.execute(db);
    const page = await branchChangesJson(db, 'customer', branchId, '', 1000);
    const fromJson = JSON.parse(`[${page.json.toString()}]`) as OldChange[];
    const fromRecord = (await syncedTables.customer.branchPage(db, branchId, '', 1000)).map((row) => ({ seq: row.version, entity: 'customer', row }));
    expect(fromJson.length).toBeGreaterThan(0);
    expect(fromJson[0]!.row).not.toHaveProperty('internalNote');
    expect(fromJson).toEqual(fromRecord);
  });

  it('JSON columns and flags come out as JSON values: a conflict record, an outlet, an article', async () => {
    const { db } = backend.database;
    const agentId = agentIdOf(backend, 'bj.agent1');
    const customer = await db.selectFrom('customers').select('id').where('branchId', '=', branchId).executeTakeFirstOrThrow();
    const at = '2026-03-04T05:06:07.089Z';
    await writeSyncedRows(db, 'conflict', [
      { id: randomUUID(), deleted: false, entity: 'customer', entityId: customer.id, branchId, field: 'address', mine: { nested: ['a', 1, null] }, theirs: null, mutationId: randomUUID(), seatId: 'seat-1', agentId, createdAt: at, resolved: true, theirsAgentId: agentId, theirsSeatId: 'seat-2', theirsAt: at },
    ]);
    for (const entity of ['conflict', 'outlet', 'knowledgeArticle'] as const) {
      const page = await branchChangesJson(db, entity, branchId, '', 1000);
      const fromJson = JSON.parse(`[${page.json.toString()}]`) as OldChange[];
      const fromRecord = (await syncedTables[entity].branchPage(db, branchId, '', 1000)).map((row) => ({ seq: row.version, entity, row }));
      expect(fromJson.length, entity).toBeGreaterThan(0);
      expect(fromJson, entity).toEqual(fromRecord);
    }
    const conflicts = JSON.parse(`[${(await branchChangesJson(db, 'conflict', branchId, '', 1000)).json.toString()}]`) as Array<{ row: Record<string, unknown> }>;
    expect(conflicts.at(-1)!.row).toMatchObject({ mine: { nested: ['a', 1, null] }, theirs: null, resolved: true, deleted: false });
  });
});
