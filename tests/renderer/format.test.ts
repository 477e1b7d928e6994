import { describe, expect, it } from 'vitest';
import { toErrorInfo } from '../../renderer/src/bridge/errors.js';
import { formatAddress, formatAgo, formatClock, formatDate, formatPhone } from '../../renderer/src/i18n/format.js';
import { createI18n } from '../../renderer/src/i18n/i18n.js';
import { WorkstationError } from '../../shared/workstationApi.js';

describe('formatPhone', () => {
  it('writes stored numbers the way people read them', () => {
    expect(formatPhone('+8613800138000')).toBe('+86 138 0013 8000');
    expect(formatPhone('+861062345678')).toBe('+86 10 6234 5678');
    expect(formatPhone('+8675587654321')).toBe('+86 755 8765 4321');
  });
  it('shows anything else as it is', () => {
    expect(formatPhone('12345')).toBe('12345');
    expect(formatPhone('')).toBe('');
  });
});

describe('formatAddress', () => {
  it('names a municipality once', () => {
    expect(formatAddress('北京市', '北京市', '海淀区中关村大街 1 号')).toBe('北京市 海淀区中关村大街 1 号');
    expect(formatAddress('广东省', '深圳市', '南山区科技园')).toBe('广东省 深圳市 南山区科技园');
  });
});

describe('times', () => {
  const t = createI18n('zh-CN').t;
  const tEn = createI18n('en').t;
  const base = Date.parse('2026-11-23T06:00:00.000Z');
  const ago = (ms: number) => new Date(base - ms).toISOString();

  it('says how long ago, in both languages', () => {
    expect(formatAgo(t, ago(20_000), base)).toBe('刚刚');
    expect(formatAgo(t, ago(3 * 60_000), base)).toBe('3 分钟前');
    expect(formatAgo(t, ago(2 * 3_600_000 + 5 * 60_000), base)).toBe('2 小时前');
    expect(formatAgo(t, ago(50 * 3_600_000), base)).toBe('2 天前');
    expect(formatAgo(tEn, ago(3 * 60_000), base)).toBe('3 min ago');
    expect(formatAgo(tEn, ago(-60_000), base)).toBe('just now'); // a clock slightly ahead
  });

  it('formats local clock times and dates', () => {
    const d = new Date(2026, 10, 3, 9, 5);
    expect(formatClock(d.toISOString())).toBe('09:05');
    expect(formatDate(d.toISOString())).toBe('2026-11-03');
    expect(formatClock('not a time')).toBe('not a time');
  });
});

describe('toErrorInfo', () => {
  it('keeps the code and message of a WorkstationError', () => {
    expect(toErrorInfo(new WorkstationError('auth_failed', 'wrong login or password'))).toEqual({
      code: 'auth_failed',
      message: 'wrong login or password',
    });
  });
  it('takes the code from a plain object that crossed a bridge', () => {
    expect(toErrorInfo({ code: 'backend_unreachable', message: 'ECONNREFUSED' })).toEqual({
      code: 'backend_unreachable',
      message: 'ECONNREFUSED',
    });
  });
  it('calls anything else unknown', () => {
    expect(toErrorInfo(new Error('socket closed'))).toEqual({ code: 'unknown', message: 'socket closed' });
    expect(toErrorInfo({ code: 'weird', message: 'x' }).code).toBe('unknown');
    expect(toErrorInfo('boom')).toEqual({ code: 'unknown', message: 'boom' });
  });
});
