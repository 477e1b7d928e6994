import { describe, expect, it } from 'vitest';
import { unstorableTextMessage } from './storableText.js';

describe('unstorableTextMessage', () => {
  it('names the first string or key holding a NUL character', () => {
    expect(unstorableTextMessage({ name: '王芳', address: { line: 'a\u0000b' } })).toBe('address.line: must not contain a NUL character');
    expect(unstorableTextMessage({ mutations: [{ patch: {} }, { patch: { name: '\u0000' } }] })).toBe('mutations.1.patch.name: must not contain a NUL character');
    expect(unstorableTextMessage({ 'k\u0000': 1 })).toBe('k\u0000: must not contain a NUL character');
    expect(unstorableTextMessage('\u0000')).toBe('(input): must not contain a NUL character');
  });

  it('names the first string or key holding a lone surrogate half, and lets whole pairs through', () => {
    expect(unstorableTextMessage({ name: 'a\uD83Db' })).toBe('name: must not contain a lone UTF-16 surrogate');
    expect(unstorableTextMessage({ name: 'end\uD83D' })).toBe('name: must not contain a lone UTF-16 surrogate');
    expect(unstorableTextMessage({ list: ['\uDE00x'] })).toBe('list.0: must not contain a lone UTF-16 surrogate');
    expect(unstorableTextMessage({ '\uDC00': 1 })).toBe('\uDC00: must not contain a lone UTF-16 surrogate');
    expect(unstorableTextMessage({ name: '王芳😀', emoji: '\uD83D\uDE00' })).toBeNull();
  });

  it('passes input without either', () => {
    expect(unstorableTextMessage({ name: '王芳', n: 1, list: ['a', null], nested: { ok: true } })).toBeNull();
  });
});
