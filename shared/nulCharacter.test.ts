import { describe, expect, it } from 'vitest';
import { nulMessage, pathOfNul } from './nulCharacter.js';

describe('NUL characters in input', () => {
  it('names where a NUL sits: nested fields, array items, keys; null when there is none', () => {
    expect(pathOfNul({ name: '王芳', address: { line: 'a\u0000b' } })).toEqual(['address', 'line']);
    expect(pathOfNul({ mutations: [{ patch: {} }, { patch: { name: '\u0000' } }] })).toEqual(['mutations', '1', 'patch', 'name']);
    expect(pathOfNul({ 'k\u0000': 1 })).toEqual(['k\u0000']);
    expect(pathOfNul('\u0000')).toEqual([]);
    expect(pathOfNul({ name: '王芳', n: 1, list: ['a', null], nested: { ok: true } })).toBeNull();
    expect(nulMessage(['address', 'line'])).toBe('address.line: must not contain a NUL character');
    expect(nulMessage([])).toBe('(input): must not contain a NUL character');
  });
});
