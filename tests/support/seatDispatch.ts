import type { Outlet } from '../../shared/domain/outlet.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { WorkstationService } from '../../main/services/workstationService.js';
import { seatClient, type SeatClient } from './seatClient.js';

const HOUR_MS = 3_600_000;

/** An appointment window starting `hoursAhead` from now, three hours long. */
export function appointmentIn(hoursAhead: number, now = Date.now()): { appointmentStart: string; appointmentEnd: string } {
  const start = now + hoursAhead * HOUR_MS;
  return { appointmentStart: new Date(start).toISOString(), appointmentEnd: new Date(start + 3 * HOUR_MS).toISOString() };
}

/** Dispatches an order at the seat to its first suggested outlet, tomorrow; returns the order and the outlet. */
/** `takeOver`: the seat's agent is not the order's owner and takes it over with the dispatch. */
export async function dispatchAtSeat(seat: WorkstationService | SeatClient, orderId: string, takeOver = false): Promise<{ order: ServiceOrder; outlet: Outlet }> {
  const { orders } = seat instanceof WorkstationService ? seatClient(seat) : seat;
  const [outlet] = await orders.dispatchOptions({ orderId });
  if (!outlet) throw new Error(`no outlet can take order ${orderId}`);
  const order = await orders.dispatch({ orderId, outletId: outlet.id, ...appointmentIn(20), takeOver });
  return { order, outlet };
}
