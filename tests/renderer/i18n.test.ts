import { describe, expect, it } from 'vitest';
import { VipTier } from '../../shared/domain/customer.js';
import { CustomerTag } from '../../shared/domain/customerTags.js';
import { ProductCategory } from '../../shared/domain/product.js';
import { ServiceOrderStatus, ServiceOrderType } from '../../shared/domain/serviceOrder.js';
import { WorkstationErrorCode } from '../../shared/errorCodes.js';
import { CustomerSummary, DeadLetter } from '../../shared/workstationApi.js';
import { GLOSSARY } from '../../renderer/src/i18n/glossary.js';
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

  it('in Chinese, contain no English words apart from key names, protocol names and the language switch', () => {
    // Keys as printed on keyboards (single letters: Alt+N), and names of things that have no Chinese word at the seat.
    const allowed = new Set(['Ctrl', 'Alt', 'Shift', 'Esc', 'Enter', 'Backspace', 'Tab', 'SIP', 'MOS', 'VIP', 'token', 'English', 'https', 'CSV', 'XLSX', 'UTF-', 'GBK', 'GB', 'BOM', 'Excel', 'phone', 'customerId']);
    const english = [...zh].flatMap(([key, text]) =>
      (text.replace(/\{\{\s*\w+\s*\}\}/g, '').match(/[A-Za-z][A-Za-z'’-]+/g) ?? []).filter((word) => !allowed.has(word)).map((word) => `${key}: ${word}`),
    );
    expect(english).toEqual([]);
  });

  it('in Chinese, use the glossary’s one term per thing (坐席 not 座席, 分公司 not 分部, 班长 not 主管…)', () => {
    const variants = [...zh].flatMap(([key, text]) => GLOSSARY.flatMap((term) => term.notZh.filter((variant) => text.includes(variant)).map((variant) => `${key}: ${variant} → ${term.zh}`)));
    expect(variants).toEqual([]);
    // The glossary itself has one Chinese term per thing.
    expect(new Set(GLOSSARY.map((term) => term.zh)).size).toBe(GLOSSARY.length);
  });

  it('in Chinese, never double a character when a status or name fills a message (“工单已已取消”)', () => {
    // What fills a message's status, type, category and tier: the words shown for those values.
    const vocabulary = (pattern: RegExp) => [...zh].filter(([key]) => pattern.test(key)).map(([, text]) => text);
    const fillers: Record<string, string[]> = {
      status: vocabulary(/^(orderStatus|partsRequests\.statusName|campaigns\.outcome)\./),
      type: vocabulary(/^orderType\./),
      category: vocabulary(/^category\./),
      tier: vocabulary(/^vip\./),
    };
    Object.assign(fillers, { from: fillers.status, to: fillers.status, outcome: fillers.status, vipTier: fillers.tier });
    expect(fillers.status!.length).toBeGreaterThan(10);
    // Real words with a doubled character (刚刚) or two words meeting on one (完工·工单, 产品·品类, 中文·文章).
    const words = ['刚刚', '完工工单', '产品品类', '中文文章'];
    const doubled = (text: string) => {
      let rest = text;
      for (const word of words) rest = rest.replaceAll(word, '·');
      return /(\p{Script=Han})\1/u.exec(rest)?.[0] ?? null;
    };
    const found: string[] = [];
    for (const [key, template] of zh) {
      const filled = [template.replace(/\{\{\s*\w+\s*\}\}/g, '·')];
      for (const name of variables(template)) {
        for (const filler of fillers[name!] ?? []) filled.push(template.replace(new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`, 'g'), filler).replace(/\{\{\s*\w+\s*\}\}/g, '·'));
      }
      for (const text of filled) {
        const pair = doubled(text);
        if (pair) found.push(`${key}: ${pair} in “${text}”`);
      }
    }
    expect(found).toEqual([]);
  });

  it('cover every value of the domain enums and every error code', () => {
    const groups: [string, readonly string[]][] = [
      ['orderStatus', ServiceOrderStatus.options],
      ['orderType', ServiceOrderType.options],
      ['category', ProductCategory.options],
      ['vip', VipTier.options],
      ['customerTag', CustomerTag.options],
      ['warranty', ['in_warranty', 'out_of_warranty']],
      ['matchedOn', CustomerSummary.shape.matchedOn.options],
      ['errors', [...WorkstationErrorCode.options, 'unknown']],
      ['entity', DeadLetter.shape.entity.options],
      ['syncOp', DeadLetter.shape.op.options],
      ['customerForm', ['name', 'phone', 'altPhone', 'provinceCode', 'cityCode', 'districtCode', 'address', 'vipTier', 'tags', 'samePhoneReason']],
      ['fieldNames', ['name', 'phone', 'altPhone', 'province', 'city', 'provinceCode', 'cityCode', 'districtCode', 'address', 'vipTier', 'samePhoneReason', 'tags', 'status', 'type', 'fault', 'productId']],
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
