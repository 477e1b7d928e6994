import { z } from 'zod';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';
import { WarrantyDecision } from './warranty.js';

export const ServiceOrderType = z.enum(['repair', 'installation', 'maintenance', 'inquiry', 'complaint', 'suggestion']);
export type ServiceOrderType = z.infer<typeof ServiceOrderType>;

export const ServiceOrderStatus = z.enum([
  'new',
  'dispatched',
  'accepted',
  'in_service',
  'parts_pending',
  'completed',
  'visited',
  'closed',
  'cancelled',
]);
export type ServiceOrderStatus = z.infer<typeof ServiceOrderStatus>;

/** Statuses in which an order is still being worked on (shown as "open" on the customer card). */
export const OPEN_ORDER_STATUSES: readonly ServiceOrderStatus[] = ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending'];

/** Order numbers are unique without the server: branch code, seat code, date, local sequence. */
export const ORDER_NUMBER_PATTERN = /^[A-Z]{2}\d{2}-\d{2}-\d{8}-\d{4,}$/;

export const ServiceOrder = z.object({
  ...syncedRowFields,
  orderNumber: z.string().regex(ORDER_NUMBER_PATTERN, 'order number must look like BJ01-07-20261123-0042'),
  customerId: z.string().uuid(),
  productId: z.string().uuid().nullable(),
  branchId: z.string().uuid(),
  type: ServiceOrderType,
  status: ServiceOrderStatus,
  fault: z.string().max(2000),
  ownerAgentId: z.string().uuid(),
  createdAt: IsoTimestamp,
  updatedAt: IsoTimestamp,
  /**
   * Where the order was dispatched (shared/domain/orderDispatch.ts) and the appointment agreed
   * with the customer; null until it is dispatched. Absent in a create: it defaults to null.
   */
  outletId: z.string().uuid().nullable().default(null),
  appointmentStart: IsoTimestamp.nullable().default(null),
  appointmentEnd: IsoTimestamp.nullable().default(null),
  /** When the order was first dispatched: the on-site timer runs from it (shared/domain/orderSla.ts). */
  dispatchedAt: IsoTimestamp.nullable().default(null),
  /**
   * Decided when the order is made, from its product (decideWarranty); null for an order without a
   * product. Absent in a create (a seat from before the field): null, and the backend decides it.
   */
  warranty: WarrantyDecision.nullable().default(null),
});
export type ServiceOrder = z.infer<typeof ServiceOrder>;

/**
 * An order number made without the server: branch code, seat code, local date, and the seat's
 * own sequence for that date (e.g. BJ01-07-20261123-0042). Unique because no two seats share a
 * branch and seat code.
 */
export function formatOrderNumber(branchCode: string, seatCode: string, localDate: string, sequence: number): string {
  return `${branchCode}-${seatCode}-${localDate.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}
