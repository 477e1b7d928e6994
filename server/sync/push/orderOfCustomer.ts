import type { Kysely } from 'kysely';
import type { ServerSchema } from '../../db/schema.js';
import { MutationRejected } from './mutationRejected.js';

/** Refuses a row (a complaint, a note) naming an order of another customer than its own. */
export async function checkOrderOfCustomer(db: Kysely<ServerSchema>, orderId: string, customerId: string): Promise<void> {
  const order = await db.selectFrom('serviceOrders').select('customerId').where('id', '=', orderId).executeTakeFirst();
  if (order && order.customerId !== customerId) throw new MutationRejected('invalid_reference', `orderId: order ${orderId} is not an order of customer ${customerId}`);
}
