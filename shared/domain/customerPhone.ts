import type { Customer } from './customer.js';
import { refusal, type Refusal } from './refusal.js';

/**
 * One customer per phone number in a branch, unless the agent confirms why (a shared family or
 * shop line): a second customer for the caller's number splits their history and their orders.
 * Checked at the seat against its cache (offline too) and at the backend on push and REST.
 * `holders` are the branch's customers with that phone; the customer itself may be among them.
 */
export function phoneTakenRefusal(
  customer: Pick<Customer, 'id' | 'phone' | 'samePhoneReason'>,
  holders: ReadonlyArray<Pick<Customer, 'id' | 'name' | 'deleted'>>,
): Refusal | null {
  const other = holders.find((holder) => holder.id !== customer.id && !holder.deleted);
  if (!other || customer.samePhoneReason) return null;
  return refusal('phone_taken', { phone: customer.phone, customerId: other.id, customerName: other.name }, 'phone');
}
