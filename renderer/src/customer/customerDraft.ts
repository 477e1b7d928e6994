import type { Customer, NewCustomer, VipTier } from '../../../shared/domain/customer.js';
import { CustomerTag, orderedTags } from '../../../shared/domain/customerTags.js';
import { normalisePhone } from '../../../shared/phone.js';
import type { MethodInput } from '../../../shared/workstationApi.js';
import { formatPhone } from '../i18n/format.js';

/** The fields of the new-customer and edit-customer forms, in the order they are shown. */
export const CUSTOMER_FIELDS = ['name', 'phone', 'altPhone', 'provinceCode', 'cityCode', 'districtCode', 'address', 'vipTier', 'tags', 'samePhoneReason'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** The region fields: GB/T 2260 codes picked from the table ('' none yet), each inside the one before. */
export const REGION_FIELDS = ['provinceCode', 'cityCode', 'districtCode'] as const;
export type RegionField = (typeof REGION_FIELDS)[number];

/**
 * What is in the form's boxes: text as typed (the service normalises phone numbers), region codes as
 * picked, tags as their codes joined by commas in the vocabulary's order (so one string compares).
 */
export type CustomerDraft = Omit<Record<CustomerField, string>, 'vipTier'> & { vipTier: VipTier };

export const emptyDraft = (): CustomerDraft => ({
  name: '',
  phone: '',
  altPhone: '',
  provinceCode: '',
  cityCode: '',
  districtCode: '',
  address: '',
  vipTier: 'none',
  tags: '',
  samePhoneReason: '',
});

/** The tag codes in the draft's `tags`. */
export function draftTags(draft: Pick<CustomerDraft, 'tags'>): CustomerTag[] {
  return orderedTags(draft.tags.split(',').filter((code): code is CustomerTag => CustomerTag.safeParse(code).success));
}

/** The draft's `tags` with one tag switched on or off. */
export function toggledTags(draft: Pick<CustomerDraft, 'tags'>, tag: CustomerTag): string {
  const tags = draftTags(draft);
  return orderedTags(tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag]).join(',');
}

/** A field changed: a new province clears the city and district under the old one, a new city the district. */
export function withField(draft: CustomerDraft, field: CustomerField, value: string): CustomerDraft {
  const next = { ...draft, [field]: value } as CustomerDraft;
  if (field === 'provinceCode' && value !== draft.provinceCode) Object.assign(next, { cityCode: '', districtCode: '' });
  if (field === 'cityCode' && value !== draft.cityCode) next.districtCode = '';
  return next;
}

const orNull = (value: string): string | null => (value.trim() ? value : null);

/** The form as the contract's NewCustomer: an empty other phone, district or reason is none. */
export function toNewCustomer(draft: CustomerDraft): NewCustomer {
  return {
    name: draft.name,
    phone: draft.phone,
    altPhone: orNull(draft.altPhone),
    vipTier: draft.vipTier,
    provinceCode: orNull(draft.provinceCode),
    cityCode: orNull(draft.cityCode),
    districtCode: orNull(draft.districtCode),
    address: draft.address,
    samePhoneReason: orNull(draft.samePhoneReason),
    tags: draftTags(draft),
  };
}

/** A stored customer in the form's boxes, phone numbers written as people read them; a region never picked is empty. */
export function draftOf(customer: Customer): CustomerDraft {
  return {
    name: customer.name,
    phone: formatPhone(customer.phone),
    altPhone: customer.altPhone ? formatPhone(customer.altPhone) : '',
    provinceCode: customer.provinceCode ?? '',
    cityCode: customer.cityCode ?? '',
    districtCode: customer.districtCode ?? '',
    address: customer.address,
    vipTier: customer.vipTier,
    tags: orderedTags(customer.tags).join(','),
    samePhoneReason: customer.samePhoneReason ?? '',
  };
}

type Changes = MethodInput<'customers.update'>['changes'];

/** The same number written another way ("+86 138 0013 8000" / "13800138000") is no change. */
function samePhone(a: string, b: string): boolean {
  const na = normalisePhone(a);
  return na !== null && na === normalisePhone(b);
}

/** Only what the agent changed; null when nothing was. An emptied other phone removes it; a region goes as all three codes. */
export function changesBetween(original: CustomerDraft, draft: CustomerDraft): Changes | null {
  const changes: Record<string, unknown> = {};
  for (const field of CUSTOMER_FIELDS) {
    if (draft[field] === original[field]) continue;
    if ((field === 'phone' || field === 'altPhone') && samePhone(draft[field], original[field])) continue;
    if (REGION_FIELDS.includes(field as RegionField)) for (const region of REGION_FIELDS) changes[region] = orNull(draft[region]);
    else if (field === 'altPhone' || field === 'samePhoneReason') changes[field] = orNull(draft[field]);
    else if (field === 'tags') changes.tags = draftTags(draft);
    else changes[field] = draft[field];
  }
  return Object.keys(changes).length ? (changes as Changes) : null;
}
