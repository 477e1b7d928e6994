import { describe, expect, it } from 'vitest';
import { classify, splitFieldErrors } from '../../renderer/src/forms/fieldErrors.js';
import { CUSTOMER_FIELDS } from '../../renderer/src/customer/customerDraft.js';
import { ORDER_FIELDS } from '../../renderer/src/orders/newOrderStore.js';
import { NewCustomer } from '../../shared/domain/customer.js';
import { describeIssues, workstationMethods } from '../../shared/workstationApi.js';

describe('splitFieldErrors', () => {
  it('puts a bad_input on the field it names', () => {
    const split = splitFieldErrors({ code: 'bad_input', message: 'phone: not a valid phone number: "123"' }, CUSTOMER_FIELDS);
    expect(split.rest).toBeNull();
    expect(split.fields).toEqual({ phone: { kind: 'invalidPhone', message: 'not a valid phone number: "123"', value: '123' } });
  });

  it('reads every field of a message naming several, also under `changes.`, and "; " inside a value', () => {
    const message = 'changes.altPhone: not a valid phone number: "12; 3"; changes.name: name is required; changes.address: Too big: expected string to have <=300 characters';
    const split = splitFieldErrors({ code: 'bad_input', message }, CUSTOMER_FIELDS);
    expect(split.rest).toBeNull();
    expect(split.fields.altPhone).toMatchObject({ kind: 'invalidPhone', value: '12; 3' });
    expect(split.fields.name?.kind).toBe('required');
    expect(split.fields.address?.kind).toBe('tooLong');
  });

  it('matches what the contract itself says about a bad new customer', () => {
    const parsed = workstationMethods['customers.create'].input.safeParse({ name: ' ', phone: '123', vipTier: 'none', provinceCode: '110000', cityCode: '1101', address: 'x' });
    expect(parsed.success).toBe(false);
    const message = describeIssues(parsed.error!);
    const split = splitFieldErrors({ code: 'bad_input', message }, CUSTOMER_FIELDS);
    expect(Object.keys(split.fields).sort()).toEqual(['cityCode', 'name', 'phone']);
    expect(split.fields.phone?.value).toBe('123');
    expect(split.rest).toBeNull();
    // The same from zod's issues when the service sends them as details.
    const fromDetails = splitFieldErrors({ code: 'bad_input', message: 'whatever', details: parsed.error!.issues }, CUSTOMER_FIELDS);
    expect(Object.keys(fromDetails.fields).sort()).toEqual(['cityCode', 'name', 'phone']);
  });

  it('keeps what names no field of the form, and other codes, as a form-level error', () => {
    const mixed = splitFieldErrors({ code: 'bad_input', message: 'phone: not a valid phone number: "1"; branchId: Invalid UUID' }, CUSTOMER_FIELDS);
    expect(Object.keys(mixed.fields)).toEqual(['phone']);
    expect(mixed.rest).toEqual({ code: 'bad_input', message: 'branchId: Invalid UUID' });
    const none = splitFieldErrors({ code: 'bad_input', message: 'changes: no field to change' }, CUSTOMER_FIELDS);
    expect(none.fields).toEqual({});
    expect(none.rest?.message).toBe('changes: no field to change');
    const other = { code: 'internal' as const, message: 'phone: disk full' };
    expect(splitFieldErrors(other, CUSTOMER_FIELDS)).toEqual({ fields: {}, rest: other });
  });

  it('knows the order form’s fields', () => {
    const result = workstationMethods['orders.create'].input.safeParse({ customerId: 'c3a1f2e4-5b6d-4c7e-8f90-a1b2c3d4e5f6', productId: null, type: 'repair', fault: '  ' });
    const split = splitFieldErrors({ code: 'bad_input', message: describeIssues(result.error!) }, ORDER_FIELDS);
    expect(split.fields.fault?.kind).toBe('required');
  });

  it('classifies the schema’s own messages', () => {
    const parsed = NewCustomer.safeParse({ name: '', phone: '', address: '', samePhoneReason: '' });
    const kinds = parsed.error!.issues.map((i) => classify(i.message).kind);
    expect(kinds).toEqual(['required', 'invalidPhone', 'required', 'required']);
    expect(classify('something odd').kind).toBe('other');
  });
});
