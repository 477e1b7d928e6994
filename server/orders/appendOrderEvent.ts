import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../db/schema.js';

/** What the history needs of an order's state. */
export interface OrderState {
  status: ServiceOrderStatus;
  ownerAgentId: string;
}

/** A written change of a service order, as its history needs it. */
export interface OrderChange {
  orderId: string;
  /** null: the order was created. */
  before: OrderState | null;
  after: OrderState;
  /** The change-log seq of the write. */
  seq: number;
  author: { agentId: string; seatId: string };
  at: string;
}

/**
 * Appends the order's history events for this change: its creation, a status change, an owner
 * change (a change can be both); other edits have none.
 */
export async function appendOrderEvent(db: Kysely<ServerSchema>, change: OrderChange): Promise<void> {
  const { before, after } = change;
  const common = { orderId: change.orderId, seq: change.seq, agentId: change.author.agentId, seatId: change.author.seatId, at: change.at };
  const noOwnerChange = { fromOwnerAgentId: null, toOwnerAgentId: null };
  const events = [];
  if (before === null) events.push({ ...common, ...noOwnerChange, kind: 'created' as const, fromStatus: null, toStatus: after.status });
  else {
    if (before.status !== after.status) events.push({ ...common, ...noOwnerChange, kind: 'status_changed' as const, fromStatus: before.status, toStatus: after.status });
    if (before.ownerAgentId !== after.ownerAgentId) {
      events.push({
        ...common,
        kind: 'owner_changed' as const,
        fromStatus: after.status,
        toStatus: after.status,
        fromOwnerAgentId: before.ownerAgentId,
        toOwnerAgentId: after.ownerAgentId,
      });
    }
  }
  if (events.length === 0) return;
  await db
    .insertInto('orderEvents')
    .values(events.map((event) => ({ id: randomUUID(), ...event })))
    .execute();
}
