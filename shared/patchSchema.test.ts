import { CustomerTag } from './domain/customerTags.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as campaign from './domain/campaign.js';
import * as conflict from './domain/conflict.js';
import * as customer from './domain/customer.js';
import * as followUp from './domain/followUp.js';
import * as interaction from './domain/interaction.js';
import * as partsRequest from './domain/partsRequest.js';
import * as product from './domain/product.js';
import * as serviceOrder from './domain/serviceOrder.js';
import * as rest from './api/rest.js';
import { patchFieldsOf, patchSchemaOf, withoutDefault } from './patchSchema.js';
import { CustomerChanges } from './workstationApi.js';

const id = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const otherId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const at = '2026-11-23T08:00:00.000Z';

/** A valid row of every synced entity a seat creates or changes, and of the create inputs. */
const examples: Array<[string, z.ZodObject, Record<string, unknown>]> = [
  ['Customer', customer.Customer, { id, version: 3, deleted: false, branchId: otherId, name: '王芳', phone: '+8613800138000', altPhone: null, vipTier: 'silver', province: '北京市', city: '北京市', provinceCode: '110000', cityCode: '110100', districtCode: null, address: '海淀区中关村大街 27 号', samePhoneReason: null, createdAt: at, updatedAt: at }],
  ['NewCustomer', customer.NewCustomer, { id, name: '王芳', phone: '+8613800138000', altPhone: null, vipTier: 'gold', province: '北京', city: '北京', address: '海淀区' }],
  ['Product', product.Product, { id, version: 1, deleted: false, customerId: id, branchId: otherId, serialNumber: 'AC2309K0012345', model: 'KFR-35GW', category: 'air_conditioner', purchaseDate: '2023-09-12', warrantyMonths: 72 }],
  ['NewProduct', rest.NewProduct, { id, customerId: id, serialNumber: 'AC2309K0012345', model: 'KFR-35GW', category: 'air_conditioner', purchaseDate: '2023-09-12' }],
  ['ServiceOrder', serviceOrder.ServiceOrder, {
    id, version: 4, deleted: false, orderNumber: 'BJ01-07-20261123-0042', customerId: id, productId: null, branchId: otherId, type: 'repair', status: 'dispatched',
    fault: '不制冷', ownerAgentId: id, createdAt: at, updatedAt: at, outletId: otherId, appointmentStart: '2026-11-24T01:00:00.000Z', appointmentEnd: '2026-11-24T04:00:00.000Z', dispatchedAt: at,
    warranty: { status: 'in_warranty', purchaseDate: '2025-06-01', warrantyMonths: 12, serialNumber: 'AC2611C0000138', expiresOn: '2026-06-01', decidedAt: at },
  }],
  ['PartsRequest', partsRequest.PartsRequest, { id, version: 2, deleted: false, branchId: otherId, orderId: id, partNumber: 'PCB-3321', quantity: 2, status: 'approved', note: '急', requestedBy: id, createdAt: at, updatedAt: at }],
  ['NewPartsRequest', partsRequest.NewPartsRequest, { id, orderId: id, partNumber: 'PCB-3321', quantity: 2, note: '急' }],
  ['FollowUp', followUp.FollowUp, { id, version: 5, deleted: false, orderId: id, customerId: id, branchId: otherId, dueAt: at, status: 'done', satisfaction: 4, remarks: '满意', doneAt: at, doneBy: id, createdAt: at }],
  ['CampaignTarget', campaign.CampaignTarget, { id, version: 6, deleted: false, campaignId: id, branchId: otherId, customerId: id, phone: '+8613800138000', position: 3, status: 'no_answer', outcomeNotes: '再打', calledAt: at, calledBy: id }],
  ['Conflict', conflict.Conflict, { id, version: 7, deleted: false, entity: 'customer', entityId: id, branchId: otherId, field: 'vipTier', mine: 'gold', theirs: 'silver', mutationId: id, seatId: 'seat-1', agentId: id, createdAt: at, resolved: true, theirsAgentId: null, theirsSeatId: null, theirsAt: null }],
  ['Interaction', interaction.Interaction, {
    id, version: 1, deleted: false, branchId: otherId, agentId: id, customerId: null, direction: 'inbound', remoteNumber: null, startedAt: at, ringSeconds: 3, talkSeconds: 60, wrapUpSeconds: 20, disposition: 'resolved', notes: '',
  }],
];

/**
 * Every object schema the shared domain modules export (rows, creates, results…), except those
 * refined as a whole: a rule over the whole object does not hold for a part of it (zod refuses).
 */
const domainObjects: Array<[string, z.ZodObject]> = Object.entries<unknown>({ ...campaign, ...conflict, ...customer, ...followUp, ...interaction, ...partsRequest, ...product, ...serviceOrder, ...rest }).flatMap(
  ([name, value]): Array<[string, z.ZodObject]> => (value instanceof z.ZodObject && (value.def.checks ?? []).length === 0 ? [[name, value]] : []),
);

describe('patchSchemaOf: an update schema holds exactly the fields that were sent', () => {
  it('has valid examples to work on', () => {
    for (const [name, schema, example] of examples) expect(schema.safeParse(example).success, name).toBe(true);
  });

  it.each(examples)('%s: any subset of a valid row parses to that subset, nothing filled in', (_name, schema, example) => {
    const patch = patchSchemaOf(schema);
    fc.assert(
      fc.property(fc.subarray(Object.keys(example)), (fields) => {
        const sent = Object.fromEntries(fields.map((field) => [field, example[field]]));
        const parsed = patch.parse(sent) as Record<string, unknown>;
        expect(Object.keys(parsed).sort()).toEqual([...fields].sort());
        // The values are the field schemas' own (trimmed, normalised…), not a default's.
        for (const field of fields) expect(parsed[field]).toEqual((schema.shape[field] as z.ZodType).parse(example[field]));
      }),
      { numRuns: 60 },
    );
  });

  it('fills in nothing for any object schema of the shared domain', () => {
    expect(domainObjects.length).toBeGreaterThan(15);
    for (const [name, schema] of domainObjects) expect(patchSchemaOf(schema).parse({}), name).toEqual({});
  });

  it('keeps the object settings: a strict schema still refuses unknown fields', () => {
    expect(patchSchemaOf(z.object({ a: z.string().default('x') }).strict()).safeParse({ b: 1 }).success).toBe(false);
  });
});

/** The wrappers a field schema may carry, outermost last. */
const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly'] as const;
type Wrapper = (typeof WRAPPERS)[number];

function wrapped(chain: readonly Wrapper[]): z.ZodType {
  let schema: z.ZodType = z.string().min(2);
  for (const wrapper of chain) {
    if (wrapper === 'optional') schema = schema.optional();
    else if (wrapper === 'nullable') schema = schema.nullable();
    else if (wrapper === 'default') schema = schema.default('dflt' as never);
    else if (wrapper === 'prefault') schema = schema.prefault('pref' as never);
    else if (wrapper === 'catch') schema = schema.catch('ctch' as never);
    else schema = schema.readonly();
  }
  return schema;
}

describe('withoutDefault: a field schema under any chain of wrappers', () => {
  it('accepts what the wrappers admit and fills in nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WRAPPERS), { maxLength: 6 }), (chain) => {
        const field = withoutDefault(wrapped(chain));
        const absent = field.safeParse(undefined);
        expect(absent.success).toBe(chain.includes('optional'));
        if (absent.success) expect(absent.data).toBeUndefined();
        const nothing = field.safeParse(null);
        expect(nothing.success).toBe(chain.includes('nullable'));
        if (nothing.success) expect(nothing.data).toBeNull();
        expect(field.parse('sent')).toBe('sent');
        expect(field.safeParse('x').success).toBe(false); // a catch no longer swallows a bad value
      }),
      { numRuns: 200 },
    );
  });

  it('returns a schema without fill-ins as it is', () => {
    const plain = z.string().nullable().optional();
    expect(withoutDefault(plain)).toBe(plain);
  });
});

describe('CustomerChanges: an edit of any fields of a customer', () => {
  const values = {
    name: fc.constantFrom('王芳', '  李雷 ', 'Zhang Wei'),
    phone: fc.constantFrom('+8613800138000', '138 0013 8001', '+86 139 1234 5678'),
    altPhone: fc.constantFrom(null, '+8613800138002'),
    vipTier: fc.constantFrom(...customer.VipTier.options),
    province: fc.constantFrom('北京', '广东'),
    city: fc.constantFrom('北京', '深圳'),
    address: fc.constantFrom('海淀区中关村大街 27 号', '南山区科技园'),
    tags: fc.subarray([...CustomerTag.options], { maxLength: 8 }),
  };
  it('parses to the fields sent, and only those', () => {
    fc.assert(
      fc.property(fc.record(values, { requiredKeys: [] }), (changes) => {
        const parsed = CustomerChanges.safeParse(changes);
        if (Object.keys(changes).length === 0) {
          expect(parsed.success).toBe(false); // nothing to change
        } else {
          expect(parsed.success).toBe(true);
          expect(Object.keys(parsed.data ?? {}).sort()).toEqual(Object.keys(changes).sort());
        }
      }),
      { numRuns: 100 },
    );
  });
  it('never carries a VIP tier that was not sent (an address edit keeps the tier)', () => {
    expect(CustomerChanges.parse({ address: '南山区科技园' })).toEqual({ address: '南山区科技园' });
  });
});

describe('patchFieldsOf: each field as an update checks a value sent for it', () => {
  it('has no defaults: a field not sent is refused, not filled in', () => {
    const fields = patchFieldsOf(serviceOrder.ServiceOrder);
    for (const field of ['outletId', 'appointmentStart', 'appointmentEnd', 'dispatchedAt'] as const) {
      expect(fields[field].safeParse(undefined).success, field).toBe(false);
      expect(fields[field].parse(null), field).toBeNull();
    }
  });
});
