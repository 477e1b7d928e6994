import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OrderEvent } from '../../shared/domain/orderEvent.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../db/schema.js';
import type { SyncedRowWrite } from '../db/syncedRecords.js';
import { writeSyncedRows } from '../db/writeSyncedRows.js';

/** What the history needs of an order's state. */
type OrderState = Pick<ServiceOrder, 'branchId' | 'status' | 'ownerAgentId' | 'outletId' | 'appointmentStart' | 'appointmentEnd' | 'handoverNote' | 'duplicateReview'>;

/** A written change of a service order, as its history needs it. */
export interface OrderChange {
  orderId: string;
  /** null: the order was created. */
  before: OrderState | null;
  after: OrderState;
  /** The change-log seq of the write. */
  seq: number;
  author: { agentId: string; seatId: string | null };
  at: string;
}

/**
 * Appends the order's history events for this change — its creation, a dispatch (a new outlet or
 * appointment), a status change, an owner change, a supervisor's decision on a duplicate; a change can be several — as synced rows, so
 * the timeline reaches the branch's seats. Other edits have none.
 */
export async function appendOrderEvent(db: Kysely<ServerSchema>, change: OrderChange): Promise<void> {
  const { before, after } = change;
  const common = {
    deleted: false,
    orderId: change.orderId,
    branchId: after.branchId,
    seq: change.seq,
    agentId: change.author.agentId,
    seatId: change.author.seatId,
    at: change.at,
  };
  const plain = { fromOwnerAgentId: null, toOwnerAgentId: null, note: null, outletId: null, appointmentStart: null, appointmentEnd: null };
  const events: Array<Omit<SyncedRowWrite<'orderEvent'>, 'id'>> = [];
  const event = (fields: Pick<OrderEvent, 'kind' | 'fromStatus' | 'toStatus'> & Partial<Pick<OrderEvent, keyof typeof plain>>) =>
    events.push({ ...common, ...plain, ...fields });

  if (before === null) event({ kind: 'created', fromStatus: null, toStatus: after.status });
  else {
    // A takeover comes first: the new owner made the step that goes with it. A handover's note
    // (shiftHandover.ts) is the order's handoverNote as this change left it: set with it, or cleared.
    if (before.ownerAgentId !== after.ownerAgentId) {
      event({
        kind: 'owner_changed',
        fromStatus: before.status,
        toStatus: before.status,
        fromOwnerAgentId: before.ownerAgentId,
        toOwnerAgentId: after.ownerAgentId,
        note: after.handoverNote,
      });
    }
    const redispatched =
      after.outletId !== null &&
      (before.outletId !== after.outletId || before.appointmentStart !== after.appointmentStart || before.appointmentEnd !== after.appointmentEnd);
    if (redispatched) {
      event({
        kind: 'dispatched',
        fromStatus: before.status,
        toStatus: after.status,
        outletId: after.outletId,
        appointmentStart: after.appointmentStart,
        appointmentEnd: after.appointmentEnd,
      });
    } else if (before.status !== after.status) event({ kind: 'status_changed', fromStatus: before.status, toStatus: after.status });
    if (redispatched && before.status !== after.status && after.status !== 'dispatched') {
      event({ kind: 'status_changed', fromStatus: before.status, toStatus: after.status });
    }
    // The supervisor's decision on a duplicate (duplicateReview.ts): once, with their reason.
    if (before.duplicateReview === null && after.duplicateReview !== null) {
      event({ kind: after.duplicateReview.decision === 'approved' ? 'duplicate_approved' : 'duplicate_rejected', fromStatus: before.status, toStatus: after.status, note: after.duplicateReview.reason });
    }
  }
  if (events.length === 0) return;
  await writeSyncedRows(
    db,
    'orderEvent',
    events.map((e) => ({ id: randomUUID(), ...e })),
  );
}
