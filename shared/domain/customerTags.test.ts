import { describe, expect, it } from 'vitest';
import { Customer, NewCustomer } from './customer.js';
import { CUSTOMER_TAGS_MAX, CustomerTag, CustomerTags, orderedTags } from './customerTags.js';
import { patchSchemaOf } from '../patchSchema.js';

const customer = {
  id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', version: 1, deleted: false, branchId: '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d',
  name: '王芳', phone: '+8613800138000', altPhone: null, vipTier: 'gold', province: '北京市', city: '北京市',
  provinceCode: '110000', cityCode: '110100', districtCode: null, address: '海淀区中关村大街27号', samePhoneReason: null,
  createdAt: '2026-11-23T08:00:00.000Z', updatedAt: '2026-11-23T08:00:00.000Z',
};

describe('customer tags', () => {
  it('are a fixed vocabulary of at most 8 per customer, each once', () => {
    expect(CUSTOMER_TAGS_MAX).toBe(8);
    expect(CustomerTags.parse(['elderly', 'prefers_evenings'])).toEqual(['elderly', 'prefers_evenings']);
    expect(CustomerTags.parse([])).toEqual([]);
    expect(CustomerTags.parse(CustomerTag.options.slice(0, 8))).toHaveLength(8);
  });

  it('refuse an unknown tag, a ninth tag and a tag twice, naming the field', () => {
    const issues = (tags: unknown) => Customer.safeParse({ ...customer, tags }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues(['elderly', 'vip_friend'])).toEqual([expect.stringMatching(/^tags\.1: /)]);
    expect(issues(CustomerTag.options.slice(0, 9))).toEqual([expect.stringMatching(/^tags: .*at most 8/)]);
    expect(issues(['elderly', 'elderly'])).toEqual([expect.stringMatching(/^tags: each tag at most once/)]);
    expect(issues('elderly')).toEqual([expect.stringMatching(/^tags: /)]);
    expect(NewCustomer.safeParse({ name: '王芳', phone: '13800138000', address: '海淀区', tags: ['shouts'] }).success).toBe(false);
  });

  it('are none on a customer from before tags (an older seat’s create) and on a new customer given none', () => {
    expect(Customer.parse(customer).tags).toEqual([]);
    expect(NewCustomer.parse({ name: '王芳', phone: '13800138000', address: '海淀区' }).tags).toEqual([]);
  });

  it('are left alone by an update that does not send them, and replaced whole by one that does', () => {
    const Changes = patchSchemaOf(NewCustomer.omit({ id: true }));
    expect(Changes.parse({ address: '朝阳区建国路1号' })).toEqual({ address: '朝阳区建国路1号' });
    expect(Changes.parse({ tags: ['hearing_impaired'] })).toEqual({ tags: ['hearing_impaired'] });
    expect(Changes.safeParse({ tags: ['hearing_impaired', 'nope'] }).success).toBe(false);
  });

  it('show in the vocabulary’s order whatever order they were set in', () => {
    expect(orderedTags(['pet_at_home', 'elderly', 'repeat_complainer'])).toEqual(['repeat_complainer', 'elderly', 'pet_at_home']);
  });
});
