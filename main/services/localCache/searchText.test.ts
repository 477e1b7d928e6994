import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ftsPhrase, spacedForIndex } from './searchText.js';

/** The first definition: every CJK character spaced out, whitespace runs collapsed, trimmed. */
const reference = (text: string) =>
  text
    .replace(/([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])/g, ' $1 ')
    .replace(/\s+/g, ' ')
    .trim();

describe('text as the full-text index sees it', () => {
  it('spaces out Chinese characters and keeps Latin words and digits whole', () => {
    expect(spacedForIndex('济南市历下区 Room 2906室')).toBe('济 南 市 历 下 区 Room 2906 室');
    expect(spacedForIndex('  王\u3000雪梅\t')).toBe('王 雪 梅');
    expect(ftsPhrase('王"雪')).toBe('"王 "" 雪"');
  });

  it('matches the reference definition on any text (indexes built by either must match queries)', () => {
    const alphabet = fc.constantFrom(
      ...'王雪梅济南市历下区号路楼ＡＢ１２，。、「」abcXYZ0189-#"\' \t\n\r\u000b\u000c\u00a0\u1680\u2003\u2028\u202f\u3000\ufeff\uff01\uffef\u3400\u4dbf\uf900'.split(''),
      '𠀀',
      '😀',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')), (text) => spacedForIndex(text) === reference(text)),
      { numRuns: 5000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => spacedForIndex(text) === reference(text)), { numRuns: 5000 });
  });
});
