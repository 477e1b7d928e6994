import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { MutationEntity } from '../../shared/api/syncPush.js';
import { pushableEntities } from '../../server/sync/push/pushableEntities.js';

/**
 * The push checks each field of an update patch with the entity's field schema: none of them may
 * fill in a value, or a field a seat did not send would be written (docs/architecture.md, partial
 * updates). The rows' own schemas do default some fields for creates (a service order's dispatch
 * fields): those must not leak into the patch checks.
 */
describe('push: the field schemas an update patch is checked with', () => {
  it.each(MutationEntity.options)('%s: no field is filled in when it is not sent', (entity) => {
    const { row, fields } = pushableEntities[entity];
    const rowFields = (row as unknown as z.ZodObject).shape;
    expect(Object.keys(fields).sort()).toEqual(Object.keys(rowFields).sort());
    for (const [field, schema] of Object.entries(fields)) {
      const absent = schema.safeParse(undefined);
      if (absent.success) expect(absent.data, `${entity}.${field}`).toBeUndefined();
    }
  });

  it('checks a service order’s dispatch fields without the create default', () => {
    const { fields } = pushableEntities.serviceOrder;
    for (const field of ['outletId', 'appointmentStart', 'appointmentEnd', 'dispatchedAt']) {
      expect(fields[field]!.safeParse(undefined).success, field).toBe(false);
      expect(fields[field]!.parse(null), field).toBeNull();
    }
  });
});
