import type { TestBackend } from './testBackend.js';

const HOUR_MS = 3_600_000;

/** The branch's service centre: it serves all the branch's provinces, so any order of the branch without a product may go there. */
export function serviceCentreOf(backend: TestBackend, branchId: string): string {
  const centre = backend.demo.outlets.find((o) => o.branchId === branchId && o.regionCodes.some((code) => code.endsWith('0000')));
  if (!centre) throw new Error(`no service centre in branch ${branchId}`);
  return centre.id;
}

/** A push patch that dispatches an order to `outletId` now, with an appointment tomorrow morning. */
export function dispatchPatch(outletId: string, now = new Date()): Record<string, unknown> {
  const start = new Date(now.getTime() + 20 * HOUR_MS);
  return {
    status: 'dispatched',
    outletId,
    appointmentStart: start.toISOString(),
    appointmentEnd: new Date(start.getTime() + 3 * HOUR_MS).toISOString(),
    dispatchedAt: now.toISOString(),
  };
}
