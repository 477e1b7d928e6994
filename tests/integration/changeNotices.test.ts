import { describe, expect, it } from 'vitest';
import type { RowsChangedNotice } from '../../shared/rowChanges.js';
import type { WorkstationService } from '../../main/services/workstationService.js';
import { ok, twoSeatsOfOneBranch } from '../support/seats.js';

/**
 * Changes say what changed, through the seat's contract events: a sync that brings nothing sends
 * no `data.changed`; a customer changed at another seat of the branch reaches this one as a notice
 * naming that customer and nothing else.
 */
const branch = twoSeatsOfOneBranch('change-notices', { customers: 60 });

function noticesOf(seat: WorkstationService): RowsChangedNotice[] {
  const notices: RowsChangedNotice[] = [];
  seat.on((event, payload) => {
    if (event === 'data.changed') notices.push(payload as RowsChangedNotice);
  });
  return notices;
}

describe('change notices between two seats', () => {
  it('a sync that brings nothing tells nothing; a change at the other seat is named exactly', async () => {
    const [a, b] = branch.seats;
    const customerId = branch.backend.sampleCustomer.id;
    const atA = noticesOf(a);
    const atB = noticesOf(b);
    const statusesAtA: unknown[] = [];
    a.on((event, payload) => {
      if (event === 'sync.status') statusesAtA.push(payload);
    });

    ok(await a.dispatch('sync.now', {}));
    ok(await a.dispatch('sync.now', {}));
    expect(statusesAtA.length).toBeGreaterThan(0); // the polls ran and the status line heard of them
    expect(atA).toEqual([]);

    ok(await b.dispatch('customers.update', { customerId, changes: { address: '朝阳区建国路99号' } }));
    // The writing seat tells its own screens at once, before any sync.
    expect(atB[0]).toEqual({ changes: [{ entity: 'customer', ids: [customerId], customerIds: [], orderIds: [] }] });
    ok(await b.dispatch('sync.now', {}));

    for (let tries = 0; atA.length === 0 && tries < 50; tries++) {
      ok(await a.dispatch('sync.now', {}));
      if (atA.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(atA.flatMap((n) => n.changes)).toEqual([{ entity: 'customer', ids: [customerId], customerIds: [], orderIds: [] }]);
  });
});
