import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MutationEntity, SyncPushResponse } from '../../shared/api/syncPush.js';
import { CampaignTarget } from '../../shared/domain/campaign.js';
import { Complaint, ComplaintStepRecord } from '../../shared/domain/complaint.js';
import { Note } from '../../shared/domain/note.js';
import { Conflict } from '../../shared/domain/conflict.js';
import { Customer } from '../../shared/domain/customer.js';
import { FollowUp } from '../../shared/domain/followUp.js';
import { Interaction } from '../../shared/domain/interaction.js';
import { PartsRequest } from '../../shared/domain/partsRequest.js';
import { Product } from '../../shared/domain/product.js';
import { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { Route } from '../../server/http/route.js';
import { routeTable } from '../../server/routes/routeTable.js';
import { testEngines } from './support/testDatabase.js';
import { branchIdOf, startTestBackend, type TestBackend } from './support/testBackend.js';

/*
 * Malformed and hostile input at every route of the route table: the server answers 4xx (or a
 * success for input that happens to be valid), never 5xx, and a refused write changes no row.
 */

const HUGE = '界'.repeat(300_000);
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    "'; drop table customers; --",
    '" or 1=1 --',
    "x' union select password_hash from agents --",
    '%',
    '_',
    '\\',
    '\u0000',
    'NaN',
    '-1',
    '1e309',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '',
    ' ',
    HUGE.slice(0, 5_000),
  ),
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(), // NaN and ±Infinity become null in JSON
  fc.constantFrom(-1, -0, 0, 2 ** 53, 2 ** 63, Number.MAX_VALUE, 1e-300),
);
const hostileScalar = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.uuid());
// Prototype-pollution keys are refused early (400); rarer, so most bodies get deeper than that.
const hostileKey = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }), weight: 6 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$where'), weight: 1 },
);

/** JSON text built by hand, so keys like __proto__ reach the server literally. */
type JsonText = string;
const jsonText: fc.Arbitrary<JsonText> = fc.letrec<{ value: JsonText }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileScalar.map((v) => JSON.stringify(v)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 5 }).map(objectText),
  ),
})).value;

function objectText(entries: ReadonlyArray<readonly [string, JsonText]>): JsonText {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/** Names of a zod object's fields, when the schema is one. */
function fieldNames(schema: unknown): string[] {
  const shape = typeof schema === 'object' && schema !== null && 'shape' in schema ? schema.shape : undefined;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : [];
}

/** An object with the route's own field names (to get past the first checks) and stray ones, all hostile. */
function bodyFor(route: Route): fc.Arbitrary<JsonText> {
  const known = fieldNames(route.body);
  const entry = fc.tuple(known.length > 0 ? fc.oneof(fc.constantFrom(...known), hostileKey) : hostileKey, jsonText);
  return fc.oneof(jsonText, fc.array(entry, { maxLength: 8 }).map(objectText), fc.constantFrom('{', '{"a":}', 'null', '[]', `"${HUGE}"`));
}

function queryFor(route: Route): fc.Arbitrary<Array<[string, string]>> {
  const known = fieldNames(route.query);
  const key = known.length > 0 ? fc.oneof(fc.constantFrom(...known), hostileKey) : hostileKey;
  return fc.array(fc.tuple(key, hostileScalar.map(String)), { maxLength: 5 });
}

describe.each(testEngines())('hostile input on %s', (engine) => {
  let backend: TestBackend;
  let bj: string;
  /** Existing row ids per entity, of the agent's branch and of the other. */
  let ids: Record<MutationEntity, string[]>;
  beforeAll(async () => {
    backend = await startTestBackend({ customers: 20, engine });
    bj = await backend.bearer('bj.agent1');
    const { db } = backend.database;
    // A few of each branch: mostly the agent's own rows, so mutations get past the scope check.
    const sample = async (table: 'customers' | 'products' | 'serviceOrders' | 'partsRequests' | 'campaignTargets') => {
      const rows = await db.selectFrom(table).select(['id', 'branchId']).orderBy('id').execute();
      const own = rows.filter((r) => r.branchId === branchIdOf(backend, 'BJ01')).slice(0, 4);
      const foreign = rows.filter((r) => r.branchId !== branchIdOf(backend, 'BJ01')).slice(0, 1);
      return [...own, ...foreign].map((r) => r.id);
    };
    ids = {
      customer: await sample('customers'),
      product: await sample('products'),
      serviceOrder: await sample('serviceOrders'),
      conflict: [],
      interaction: [],
      followUp: [],
      partsRequest: await sample('partsRequests'),
      campaignTarget: await sample('campaignTargets'),
      complaint: [],
      note: [],
      complaintStep: [],
    };
  });
  afterAll(() => backend.close());

  const rowCounts = async () => {
    const db = backend.database.db;
    const n = async (table: 'customers' | 'products' | 'serviceOrders' | 'changeLog' | 'conflicts' | 'orderEvents' | 'partsRequests') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    // Every write also extends the change log, so its count covers the tables not listed here.
    return [await n('customers'), await n('products'), await n('serviceOrders'), await n('changeLog'), await n('conflicts'), await n('orderEvents'), await n('partsRequests')];
  };

  /** Sends the request; checks 4xx-not-5xx, and that nothing was written unless the server said it wrote. */
  async function probe(route: Route, url: string, body: JsonText | undefined, authorised: boolean): Promise<void> {
    const before = await rowCounts();
    const response = await backend.app.inject({
      method: route.method,
      url,
      headers: { ...(authorised ? { authorization: bj } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: body }),
    });
    const sent = `${route.method} ${url.slice(0, 300)} ${body?.slice(0, 300) ?? ''}`;
    expect(response.statusCode, `${sent} → ${response.body.slice(0, 500)}`).toBeLessThan(500);
    if (response.statusCode >= 400) {
      expect(response.json().error.code, sent).toEqual(expect.any(String));
      expect(await rowCounts(), sent).toEqual(before);
    } else if (route.url === '/sync/push') {
      const { results } = SyncPushResponse.parse(response.json());
      if (results.every((r) => r.status === 'rejected')) expect(await rowCounts(), sent).toEqual(before);
    }
  }

  /**
   * A new customer whose name carries the bad text (`payload`, an object or raw JSON text) is
   * refused with 400 naming the name, writing nothing. In a push, the mutation patching an address
   * to `badAddress` is refused naming the address; the other still applies.
   */
  async function expectCustomerAndPatchRefused(payload: Record<string, string> | string, badAddress: string, problem: string): Promise<void> {
    const before = await rowCounts();
    const response = await backend.app.inject({ method: 'POST', url: '/customers', headers: { authorization: bj, 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(`name: ${problem}`);
    expect(await rowCounts()).toEqual(before);

    const pushed = await backend.app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: { authorization: bj, 'content-type': 'application/json' },
      payload: {
        seatId: 'BJ01-09',
        mutations: [
          { mutationId: crypto.randomUUID(), entity: 'customer', entityId: ids.customer[0], op: 'update', baseVersion: 0, patch: { address: badAddress } },
          { mutationId: crypto.randomUUID(), entity: 'customer', entityId: ids.customer[1], op: 'update', baseVersion: 0, patch: { address: '朝阳区建国路1号' } },
        ],
      },
    });
    expect(pushed.statusCode).toBe(200);
    const [refused, accepted] = SyncPushResponse.parse(pushed.json()).results;
    expect(refused).toMatchObject({ status: 'rejected', code: 'bad_patch', message: `address: ${problem}` });
    expect(accepted?.status).not.toBe('rejected');
  }

  it('a NUL character anywhere in a query or body is refused with 400 naming where, on every route', async () => {
    // PostgreSQL cannot store NUL in text; the fuzz found GET /products?serial=%00 answering 500 there.
    for (const route of routeTable) {
      const fields = fieldNames(route.query);
      if (fields.length > 0) {
        const url = `${route.url.replace(/:\w+/g, '00000000-0000-4000-8000-000000000001')}?${fields[0]}=%00`;
        const response = await backend.app.inject({ method: route.method, url, headers: { authorization: bj } });
        expect(response.statusCode, url).toBe(400);
        expect(response.json().error.message, url).toContain(`${fields[0]}: must not contain a NUL character`);
      }
    }
    // In a body too; in a push the one mutation is refused (the seat dead-letters it), the others still apply.
    await expectCustomerAndPatchRefused({ name: '王\u0000芳', phone: '13800138000', province: '北京', city: '北京', address: 'x' }, '东\u0000城', 'must not contain a NUL character');

    // Outside the patches (checked one by one above) the push's envelope is checked whole: the fuzz
    // found a NUL seat id answering 500 on PostgreSQL.
    const countsBeforeEnvelope = await rowCounts();
    const envelope = await backend.app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: { authorization: bj, 'content-type': 'application/json' },
      payload: {
        seatId: 'BJ01\u000009',
        mutations: [{ mutationId: crypto.randomUUID(), entity: 'customer', entityId: ids.customer[1], op: 'update', baseVersion: 0, patch: { vipTier: 'silver' } }],
      },
    });
    expect(envelope.statusCode).toBe(400);
    expect(envelope.json().error.message).toContain('seatId: must not contain a NUL character');
    expect(await rowCounts()).toEqual(countsBeforeEnvelope);
  });

  it('a body nested thousands deep is refused with 400 on every POST route, before sign-in is checked', async () => {
    // An outside probe found 7,000 levels overflowing the stack of the input checks: a 500.
    const deep = `${'['.repeat(7_000)}${']'.repeat(7_000)}`;
    const deepInString = JSON.stringify({ login: 'bj.agent1', password: `${'[{'.repeat(40)}\\"` });
    for (const route of routeTable.filter((r) => r.method === 'POST')) {
      for (const authorised of [false, true]) {
        const url = route.url.replace(/:\w+/g, '00000000-0000-4000-8000-000000000001');
        const response = await backend.app.inject({
          method: 'POST',
          url,
          headers: { ...(authorised ? { authorization: bj } : {}), 'content-type': 'application/json' },
          payload: `{"mutations":${deep}}`,
        });
        expect(response.statusCode, url).toBe(400);
        expect(response.json().error.message, url).toContain('nested deeper than 64 levels');
      }
    }
    // Brackets inside a string are text, not nesting.
    const login = await backend.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: deepInString });
    expect(login.statusCode).toBe(401);
  });

  it('a lone UTF-16 surrogate in a query or body is refused with 400 naming the field', async () => {
    // SQLite and PostgreSQL stored such strings differently; a seat would read back other text.
    await expectCustomerAndPatchRefused('{"name":"王\\ud83d芳","phone":"13800138000","province":"北京","city":"北京","address":"x"}', '东\udc00城', 'must not contain a lone UTF-16 surrogate');
  });

  it('every route answers malformed paths, queries and bodies with 4xx, never 5xx, writing nothing', async () => {
    for (const route of routeTable) {
      // A valid token opens an endless event stream; the fuzz probes its query-token door instead.
      const authorised = route.url !== '/sync/events';
      const pathSegment = fc.oneof(hostileString, fc.uuid());
      await fc.assert(
        fc.asyncProperty(pathSegment, queryFor(route), route.method === 'POST' ? bodyFor(route) : fc.constant(undefined), async (segment, query, body) => {
          const path = route.url.replace(/:\w+/g, encodeURIComponent(segment));
          const search = new URLSearchParams(query).toString();
          await probe(route, search ? `${path}?${search}` : path, body, authorised);
        }),
        { numRuns: engine === 'sqlite' ? 60 : 25 },
      );
    }
  }, 180_000); // a property run per route: about 7 s on a quiet machine, past 40 s on a loaded one

  it('push survives well-formed envelopes carrying hostile mutations, and refused ones write nothing', async () => {
    const push = routeTable.find((r) => r.url === '/sync/push');
    if (!push) throw new Error('no push route');
    const fieldsOf = {
      customer: fieldNames(Customer),
      product: fieldNames(Product),
      serviceOrder: fieldNames(ServiceOrder),
      conflict: fieldNames(Conflict),
      interaction: fieldNames(Interaction),
      followUp: fieldNames(FollowUp),
      partsRequest: fieldNames(PartsRequest),
      campaignTarget: fieldNames(CampaignTarget),
      complaint: fieldNames(Complaint),
      note: fieldNames(Note),
      complaintStep: fieldNames(ComplaintStepRecord),
    };
    const mutation = fc
      .record({
        mutationId: fc.uuid(),
        entity: fc.constantFrom(...MutationEntity.options),
        op: fc.constantFrom('create', 'update', 'delete'),
        baseVersion: fc.oneof({ arbitrary: fc.nat(), weight: 4 }, { arbitrary: hostileNumber, weight: 1 }),
      })
      .chain((m) =>
        fc
          .tuple(
            ids[m.entity].length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...ids[m.entity]), weight: 3 }, { arbitrary: fc.uuid(), weight: 1 }) : fc.uuid(),
            fc.array(fc.tuple(fc.oneof({ arbitrary: fc.constantFrom(...fieldsOf[m.entity]), weight: 3 }, { arbitrary: hostileKey, weight: 1 }), jsonText), {
              maxLength: 6,
            }),
          )
          .map(([entityId, patch]) => {
            const envelope = Object.entries({ ...m, entityId }).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
            return `{${envelope.join(',')},"patch":${objectText(patch)}}`;
          }),
      );
    const seatId = fc.oneof({ arbitrary: fc.constant('seat-01'), weight: 4 }, { arbitrary: hostileString, weight: 1 });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), seatId, async (mutations, seat) => {
        await probe(push, '/sync/push', `{"seatId":${JSON.stringify(seat)},"mutations":[${mutations.join(',')}]}`, true);
      }),
      { numRuns: engine === 'sqlite' ? 150 : 60 },
    );
  });
});
