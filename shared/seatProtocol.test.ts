import { describe, expect, it } from 'vitest';
import { SeatCallMessage, SeatHostMessage } from './seatProtocol.js';

describe('seat bridge wire format', () => {
  it('parses results, errors and events', () => {
    expect(SeatHostMessage.parse({ type: 'result', id: 1, ok: true, output: [1] })).toEqual({ type: 'result', id: 1, ok: true, output: [1] });
    expect(SeatHostMessage.parse({ type: 'result', id: 2, ok: false, error: { code: 'bad_input', message: 'query: required' } })).toMatchObject({ ok: false });
    expect(SeatHostMessage.parse({ type: 'event', event: 'sync.status', payload: {} })).toMatchObject({ type: 'event' });
  });
  it('rejects malformed messages', () => {
    expect(SeatHostMessage.safeParse({ type: 'result', id: 1, ok: false, error: { code: 'nope', message: 'x' } }).success).toBe(false);
    expect(SeatHostMessage.safeParse({ type: 'other' }).success).toBe(false);
    expect(SeatCallMessage.safeParse({ type: 'call', id: -1, method: 'x' }).success).toBe(false);
  });
});
