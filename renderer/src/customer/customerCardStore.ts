import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Customer } from '../../../shared/domain/customer.js';
import { OPEN_ORDER_STATUSES, type ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { CustomerCard, WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

type CardPhase = 'idle' | 'loading' | 'loaded' | 'missing' | 'error';

export interface CustomerCardState {
  customerId: string | null;
  phase: CardPhase;
  card: CustomerCard | null;
  error: ErrorInfo | null;
  open(customerId: string): Promise<void>;
  /** Shows a card as the seat already answered it (the screen pop's), without asking again. */
  show(card: CustomerCard): void;
  /** Reloads the open card in place, keeping it on screen meanwhile. */
  refresh(): Promise<void>;
  /** Reloads the open card if the changed rows are on it: its customer, their products, orders and the orders' events. */
  rowsChanged(changes: RowChanges): void;
  /** Shows a customer as just saved on the open card at once (a refresh follows to be sure). */
  applyCustomer(customer: Customer): void;
  /** Shows an order as just made or changed on the open card at once (a refresh follows to be sure). */
  applyOrder(order: ServiceOrder): void;
  close(): void;
}

export type CustomerCardStore = StoreApi<CustomerCardState>;

export function createCustomerCardStore(bridge: WorkstationBridge): CustomerCardStore {
  return createStore<CustomerCardState>()((set, get) => {
    const requests = latestRequest();

    const load = async (customerId: string, quiet: boolean) => {
      const current = requests.begin();
      if (!quiet) set({ customerId, phase: 'loading', card: null, error: null });
      try {
        const card = await bridge.call('customers.card', { customerId });
        if (!current()) return;
        set({ customerId, card, phase: card ? 'loaded' : 'missing', error: null });
      } catch (error) {
        if (!current()) return;
        // A failed quiet refresh keeps the card the agent is reading.
        if (quiet && get().card) return;
        set({ customerId, card: null, phase: 'error', error: toErrorInfo(error) });
      }
    };

    return {
      customerId: null,
      phase: 'idle',
      card: null,
      error: null,
      open: (customerId) => load(customerId, false),
      show(card) {
        requests.drop();
        set({ customerId: card.customer.id, card, phase: 'loaded', error: null });
      },
      async refresh() {
        const { customerId, phase } = get();
        if (customerId && (phase === 'loaded' || phase === 'missing')) await load(customerId, true);
      },
      rowsChanged(changes) {
        const { customerId, card } = get();
        if (!customerId) return;
        const productIds = card?.products.map((p) => p.id) ?? [];
        const orderIds = card?.orders.map((o) => o.id) ?? [];
        const shown =
          changes.has('customer', [customerId]) ||
          changes.ofCustomers('product', [customerId]) ||
          changes.has('product', productIds) ||
          changes.ofCustomers('serviceOrder', [customerId]) ||
          changes.has('serviceOrder', orderIds) ||
          changes.ofOrders('orderEvent', orderIds);
        if (shown) void get().refresh();
      },
      applyCustomer(customer) {
        const { card, phase } = get();
        if (phase !== 'loaded' || !card || card.customer.id !== customer.id) return;
        set({ card: { ...card, customer } });
      },
      applyOrder(order) {
        const { card, phase } = get();
        if (phase !== 'loaded' || !card || card.customer.id !== order.customerId) return;
        const known = card.orders.some((o) => o.id === order.id);
        const orders = known ? card.orders.map((o) => (o.id === order.id ? order : o)) : [...card.orders, order];
        set({ card: { ...card, orders } });
      },
      close() {
        requests.drop();
        set({ customerId: null, phase: 'idle', card: null, error: null });
      },
    };
  });
}

export function isOpenOrder(order: Pick<ServiceOrder, 'status'>): boolean {
  return OPEN_ORDER_STATUSES.includes(order.status);
}

/** Open orders first, each group newest first. */
export function sortOrders<T extends Pick<ServiceOrder, 'status' | 'createdAt'>>(orders: readonly T[]): T[] {
  return [...orders].sort((a, b) => {
    const open = Number(isOpenOrder(b)) - Number(isOpenOrder(a));
    if (open !== 0) return open;
    return Date.parse(b.createdAt) - Date.parse(a.createdAt);
  });
}
