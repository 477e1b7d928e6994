import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../db/schema.js';

/** A written change of a service order, as its history needs it. */
export interface OrderChange {
  orderId: string;
  /** null: the order was created. */
  fromStatus: ServiceOrderStatus | null;
  toStatus: ServiceOrderStatus;
  /** The change-log seq of the write. */
  seq: number;
  author: { agentId: string; seatId: string };
  at: string;
}

/** Appends the order's history event for this change (creation or a status change); other edits have none. */
export async function appendOrderEvent(db: Kysely<ServerSchema>, change: OrderChange): Promise<void> {
  if (change.fromStatus === change.toStatus) return;
  await db
    .insertInto('orderEvents')
    .values({
      id: randomUUID(),
      orderId: change.orderId,
      seq: change.seq,
      kind: change.fromStatus === null ? 'created' : 'status_changed',
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      agentId: change.author.agentId,
      seatId: change.author.seatId,
      at: change.at,
    })
    .execute();
}
