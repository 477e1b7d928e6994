import { describe, expect, it } from 'vitest';
import { localToday, warrantyStatus } from './warranty.js';

describe('warrantyStatus', () => {
  it('is in warranty the day before the anniversary and out on it', () => {
    expect(warrantyStatus('2023-11-23', 36, '2026-11-22')).toEqual({ status: 'in_warranty', expiresOn: '2026-11-23' });
    expect(warrantyStatus('2023-11-23', 36, '2026-11-23')).toEqual({ status: 'out_of_warranty', expiresOn: '2026-11-23' });
  });
  it('clamps to the end of a shorter month', () => {
    expect(warrantyStatus('2024-01-31', 1, '2024-02-28').expiresOn).toBe('2024-02-29');
    expect(warrantyStatus('2023-01-31', 1, '2023-02-01').expiresOn).toBe('2023-02-28');
  });
  it('crosses years', () => {
    expect(warrantyStatus('2020-11-15', 72, '2026-11-14')).toEqual({ status: 'in_warranty', expiresOn: '2026-11-15' });
    expect(warrantyStatus('2025-12-01', 12, '2026-11-30').expiresOn).toBe('2026-12-01');
  });
  it('a zero-month warranty is out from the purchase day', () => {
    expect(warrantyStatus('2026-11-23', 0, '2026-11-23').status).toBe('out_of_warranty');
  });
  it('uses the local calendar day', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
