import type { Customer, NewCustomer, VipTier } from '../../../shared/domain/customer.js';
import { normalisePhone } from '../../../shared/phone.js';
import type { MethodInput } from '../../../shared/workstationApi.js';
import { formatPhone } from '../i18n/format.js';

/** The fields of the new-customer and edit-customer forms, in the order they are shown. */
export const CUSTOMER_FIELDS = ['name', 'phone', 'altPhone', 'province', 'city', 'address', 'vipTier'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** What is in the form's boxes: text as typed (the service normalises phone numbers). */
export type CustomerDraft = Omit<Record<CustomerField, string>, 'vipTier'> & { vipTier: VipTier };

export const emptyDraft = (): CustomerDraft => ({ name: '', phone: '', altPhone: '', province: '', city: '', address: '', vipTier: 'none' });

/** Municipalities: the city is the province (北京市 北京市). */
const MUNICIPALITIES: readonly string[] = ['北京市', '上海市', '天津市', '重庆市'];

/** China's provincial-level divisions, offered while typing the province. */
export const PROVINCES: readonly string[] = [
  '北京市', '天津市', '上海市', '重庆市', '河北省', '山西省', '辽宁省', '吉林省', '黑龙江省', '江苏省', '浙江省', '安徽省',
  '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '海南省', '四川省', '贵州省', '云南省', '陕西省',
  '甘肃省', '青海省', '台湾省', '内蒙古自治区', '广西壮族自治区', '西藏自治区', '宁夏回族自治区', '新疆维吾尔自治区',
  '香港特别行政区', '澳门特别行政区',
];

/** A field changed: a municipality typed as the province fills an empty city with itself. */
export function withField(draft: CustomerDraft, field: CustomerField, value: string): CustomerDraft {
  const next = { ...draft, [field]: value } as CustomerDraft;
  if (field === 'province' && MUNICIPALITIES.includes(value.trim()) && !draft.city.trim()) next.city = value.trim();
  return next;
}

/** The form as the contract's NewCustomer: an empty other phone is no other phone. */
export function toNewCustomer(draft: CustomerDraft): NewCustomer {
  return {
    name: draft.name,
    phone: draft.phone,
    altPhone: draft.altPhone.trim() ? draft.altPhone : null,
    vipTier: draft.vipTier,
    province: draft.province,
    city: draft.city,
    address: draft.address,
  };
}

/** A stored customer in the form's boxes, phone numbers written as people read them. */
export function draftOf(customer: Customer): CustomerDraft {
  return {
    name: customer.name,
    phone: formatPhone(customer.phone),
    altPhone: customer.altPhone ? formatPhone(customer.altPhone) : '',
    province: customer.province,
    city: customer.city,
    address: customer.address,
    vipTier: customer.vipTier,
  };
}

type Changes = MethodInput<'customers.update'>['changes'];

/** The same number written another way ("+86 138 0013 8000" / "13800138000") is no change. */
function samePhone(a: string, b: string): boolean {
  const na = normalisePhone(a);
  return na !== null && na === normalisePhone(b);
}

/** Only what the agent changed; null when nothing was. An emptied other phone removes it. */
export function changesBetween(original: CustomerDraft, draft: CustomerDraft): Changes | null {
  const changes: Record<string, unknown> = {};
  for (const field of CUSTOMER_FIELDS) {
    if (draft[field] === original[field]) continue;
    if ((field === 'phone' || field === 'altPhone') && samePhone(draft[field], original[field])) continue;
    if (field === 'altPhone') changes.altPhone = draft.altPhone.trim() ? draft.altPhone : null;
    else changes[field] = draft[field];
  }
  return Object.keys(changes).length ? (changes as Changes) : null;
}
