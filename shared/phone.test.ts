import { describe, expect, it } from 'vitest';
import { looksLikePhone, normalisePhone, phoneDigits } from './phone.js';

describe('normalisePhone: every way a Chinese number is written reaches one canonical form', () => {
  const table: Array<[string, string | null]> = [
    // mobile
    ['13800138000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['+8613800138000', '+8613800138000'],
    ['008613800138000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['86 138 0013 8000', '+8613800138000'],
    ['138-0013-8000', '+8613800138000'],
    ['(+86) 138 0013 8000', '+8613800138000'],
    // landline with area code
    ['010-62345678', '+861062345678'],
    ['01062345678', '+861062345678'],
    ['+86 10 6234 5678', '+861062345678'],
    ['0086 10 62345678', '+861062345678'],
    ['86-10-62345678', '+861062345678'],
    ['(0755) 8765 4321', '+8675587654321'],
    ['0755-87654321', '+8675587654321'],
    ['+86 755 8765 4321', '+8675587654321'],
    ['+86 (0)755 8765 4321', '+8675587654321'],
    ['+86 0755 87654321', '+8675587654321'],
    ['0571-8888 6666', '+8657188886666'],
    ['0912-1234567', '+869121234567'],
    // other countries keep their own code
    ['+1 415 555 2671', '+14155552671'],
    // not numbers
    ['', null],
    ['   ', null],
    ['123', null],
    ['abc', null],
    ['138001380001234', null],
    ['62345678', null], // a local number without its area code is ambiguous
    ['1380013800x', null],
  ];
  it.each(table)('%s → %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });
});

describe('phone fragments', () => {
  it('keeps only digits', () => {
    expect(phoneDigits('+86 (138) 0013-8000')).toBe('8613800138000');
  });
  it('recognises phone-like text and rejects names and serials', () => {
    expect(looksLikePhone('138 0013')).toBe(true);
    expect(looksLikePhone('(0755) 8765')).toBe(true);
    expect(looksLikePhone('12')).toBe(false);
    expect(looksLikePhone('王芳')).toBe(false);
    expect(looksLikePhone('AC2309K001')).toBe(false);
  });
});
