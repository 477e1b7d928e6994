import { describe, expect, it } from 'vitest';
import { VipTier } from '../../shared/domain/customer.js';
import { ProductCategory } from '../../shared/domain/product.js';
import { ServiceOrderStatus, ServiceOrderType } from '../../shared/domain/serviceOrder.js';
import { WorkstationErrorCode } from '../../shared/errorCodes.js';
import { CustomerSummary, DeadLetter } from '../../shared/workstationApi.js';
import { createI18n, LANGUAGE_STORAGE_KEY, otherLanguage, resources, storedLanguage } from '../../renderer/src/i18n/i18n.js';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const zh = flatten(resources['zh-CN'].translation as Tree);
const en = flatten(resources.en.translation as Tree);
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('have exactly the same keys in Chinese and English', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    expect(zh.size).toBeGreaterThan(100);
  });

  it('have no empty texts', () => {
    for (const [lang, messages] of [['zh-CN', zh], ['en', en]] as const) {
      for (const [key, text] of messages) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('use the same interpolation variables in both languages', () => {
    for (const [key, text] of zh) expect(variables(en.get(key) ?? ''), key).toEqual(variables(text));
  });

  it('really are Chinese in Chinese (apart from names of things) and not Chinese in English', () => {
    const han = /\p{Script=Han}/u;
    const words = (text: string) => text.replace(/\{\{\s*\w+\s*\}\}/g, '');
    // A Chinese text with Latin words and no Han character was left in English ("Ctrl+K" is fine next to Han).
    const untranslatedZh = [...zh].filter(([key, text]) => /[A-Za-z]/.test(words(text)) && !han.test(text) && key !== 'lang.switchTo');
    expect(untranslatedZh).toEqual([]);
    const chineseInEn = [...en].filter(([key, text]) => han.test(text) && key !== 'lang.switchTo');
    expect(chineseInEn).toEqual([]);
  });

  it('cover every value of the domain enums and every error code', () => {
    const groups: [string, readonly string[]][] = [
      ['orderStatus', ServiceOrderStatus.options],
      ['orderType', ServiceOrderType.options],
      ['category', ProductCategory.options],
      ['vip', VipTier.options],
      ['warranty', ['in_warranty', 'out_of_warranty']],
      ['matchedOn', CustomerSummary.shape.matchedOn.options],
      ['errors', [...WorkstationErrorCode.options, 'unknown']],
      ['entity', DeadLetter.shape.entity.options],
      ['syncOp', DeadLetter.shape.op.options],
      ['customerForm', ['name', 'phone', 'altPhone', 'provinceCode', 'cityCode', 'districtCode', 'address', 'vipTier', 'samePhoneReason']],
      ['fieldNames', ['name', 'phone', 'altPhone', 'province', 'city', 'provinceCode', 'cityCode', 'districtCode', 'address', 'vipTier', 'samePhoneReason', 'status', 'type', 'fault', 'productId']],
    ];
    for (const [group, values] of groups) {
      for (const value of values) {
        expect(zh.has(`${group}.${value}`), `zh-CN ${group}.${value}`).toBe(true);
        expect(en.has(`${group}.${value}`), `en ${group}.${value}`).toBe(true);
      }
    }
  });

  it('label the language switch with the other language', () => {
    expect(zh.get('lang.switchTo')).toBe('English');
    expect(en.get('lang.switchTo')).toBe('中文');
    expect(otherLanguage('zh-CN')).toBe('en');
    expect(otherLanguage('en')).toBe('zh-CN');
  });
});

describe('language choice', () => {
  it('defaults to Chinese and remembers a valid choice only', () => {
    const storage = (value: string | null) => ({ getItem: (key: string) => (key === LANGUAGE_STORAGE_KEY ? value : null) });
    expect(storedLanguage(undefined)).toBe('zh-CN');
    expect(storedLanguage(storage(null))).toBe('zh-CN');
    expect(storedLanguage(storage('en'))).toBe('en');
    expect(storedLanguage(storage('fr'))).toBe('zh-CN');
    expect(storedLanguage({ getItem: () => { throw new Error('denied'); } })).toBe('zh-CN');
  });

  it('translates in both languages and switches', async () => {
    const i18n = createI18n('zh-CN');
    expect(i18n.t('orderStatus.parts_pending')).toBe('待配件');
    expect(i18n.t('status.pending', { count: 3 })).toBe('待上传 3');
    await i18n.changeLanguage('en');
    expect(i18n.t('orderStatus.parts_pending')).toBe('Awaiting parts');
    expect(i18n.t('warranty.out_of_warranty')).toBe('Out of warranty');
  });
});
