import type { Agent } from '../../shared/domain/branch.js';
import { ROLE_DUTIES } from '../../shared/domain/roles.js';
import type { Customer } from '../../shared/domain/customer.js';
import { followUpDueAt, type FollowUp } from '../../shared/domain/followUp.js';
import type { Interaction } from '../../shared/domain/interaction.js';
import type { OrderEvent } from '../../shared/domain/orderEvent.js';
import type { Outlet } from '../../shared/domain/outlet.js';
import { regionCoverage } from '../../shared/domain/orderDispatch.js';
import type { Product } from '../../shared/domain/product.js';
import type { ServiceOrder, ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import type { SeededRandom } from './random.js';

/** An order event before it is written: its `seq` is the order's change-log seq, known only then. */
export type DemoOrderEvent = Omit<OrderEvent, 'seq'>;

/** What an order went through: the order as it stands now, its events, its follow-up, its calls. */
export interface DemoOrderHistory {
  order: ServiceOrder;
  events: DemoOrderEvent[];
  followUp: FollowUp | null;
  interactions: Interaction[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The steps an order takes to reach each status, after `new` (cancelled: straight from new). */
const PATH: Record<ServiceOrderStatus, readonly ServiceOrderStatus[]> = {
  new: [],
  dispatched: ['dispatched'],
  accepted: ['dispatched', 'accepted'],
  in_service: ['dispatched', 'accepted', 'in_service'],
  parts_pending: ['dispatched', 'accepted', 'in_service', 'parts_pending'],
  completed: ['dispatched', 'accepted', 'in_service', 'completed'],
  visited: ['dispatched', 'accepted', 'in_service', 'completed', 'visited'],
  closed: ['dispatched', 'accepted', 'in_service', 'completed', 'visited', 'closed'],
  cancelled: ['cancelled'],
};

const REMARKS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [5, ['师傅很专业，问题已解决', '上门准时，服务态度好', '非常满意']],
  [4, ['维修及时，满意', '整体不错，等待时间稍长']],
  [3, ['问题解决了，但预约改了两次', '一般']],
  [2, ['等了三天才上门', '师傅没带配件，跑了两趟']],
  [1, ['问题没有彻底解决，很不满意']],
];

const RESOLUTIONS = ['更换压缩机启动电容，试机正常', '清洗滤网并补充冷媒，制冷恢复', '更换主板，功能测试正常', '调整安装位置并紧固管路，噪音消除', '软件升级后故障排除'];
const PARTS = ['启动电容', '主板', '冷媒 R32', '排水泵', '门封条'];
const CANCEL_REASONS = ['客户已自行解决', '客户改约其他时间后取消', '重复报修，已合并'];

/** One of `choices` for this order, always the same one (from its order number). */
function pickFor<T>(order: ServiceOrder, choices: readonly T[]): T {
  let sum = 0;
  for (const c of order.orderNumber) sum += c.charCodeAt(0);
  return choices[sum % choices.length]!;
}

function demoCompletion(order: ServiceOrder, outlet: Outlet | null): ServiceOrder['completion'] {
  const outOfWarranty = order.warranty?.status === 'out_of_warranty';
  const part = pickFor(order, [null, ...PARTS]);
  return {
    resolution: pickFor(order, RESOLUTIONS),
    parts: part ? [{ name: part, quantity: 1 }] : [],
    fee: outOfWarranty ? pickFor(order, [80, 150, 260, 380]) : 0,
    technician: `${outlet?.name.slice(0, 2) ?? '网点'}·${pickFor(order, ['张', '李', '王', '刘', '陈'])}师傅`,
  };
}

/**
 * The history behind each demo order, so a demo day looks like a real one: a dispatched order has
 * an outlet, an appointment and its dispatch time; each step of its status has an event; the call
 * that opened it is an interaction; a completed order has its follow-up (open, or done with a
 * score and a remark once visited). All times lie between the order's creation and the reference.
 */
export class DemoLifecycles {
  private readonly agentsByBranch: Map<string, Agent[]>;

  constructor(
    private readonly random: SeededRandom,
    private readonly outlets: readonly Outlet[],
    agents: readonly Agent[],
    private readonly reference: number,
    private readonly nextId: () => string,
  ) {
    this.agentsByBranch = new Map();
    for (const agent of agents.filter((a) => ROLE_DUTIES[a.role].servesCustomers)) this.agentsByBranch.set(agent.branchId, [...(this.agentsByBranch.get(agent.branchId) ?? []), agent]);
  }

  /** The order (created, with its final status) as it went through every step up to that status. */
  history(order: ServiceOrder, customer: Customer, product: Product | undefined): DemoOrderHistory {
    const r = this.random;
    const created = Date.parse(order.createdAt);
    // Only repairs, installations and maintenance go to an outlet; other requests are answered, or withdrawn, by the call centre.
    const steps = dispatchable(order) ? PATH[order.status] : order.status === 'new' ? [] : [order.status];
    const outlet = steps.includes('dispatched') ? this.outletFor(customer, product) : null;
    if (steps.includes('dispatched') && !outlet) throw new Error(`no demo outlet serves order ${order.orderNumber}`);

    // Each step some time after the one before, squeezed to end before the reference if needed.
    const gaps: Record<ServiceOrderStatus, () => number> = {
      new: () => 0,
      dispatched: () => r.int(10, 200) * MINUTE_MS,
      accepted: () => r.int(5, 100) * MINUTE_MS,
      in_service: () => r.int(2, 20) * HOUR_MS,
      parts_pending: () => r.int(1, 4) * HOUR_MS,
      completed: () => r.int(1, 30) * HOUR_MS,
      visited: () => r.int(4, 40) * HOUR_MS,
      closed: () => r.int(1, 20) * HOUR_MS,
      cancelled: () => r.int(1, 48) * HOUR_MS,
    };
    let at = created;
    const raw = steps.map((status) => (at += gaps[status]()));
    const latest = this.reference - MINUTE_MS;
    const scale = raw.length > 0 && raw.at(-1)! > latest ? (latest - created) / (raw.at(-1)! - created) : 1;
    const times = raw.map((t) => created + Math.floor((t - created) * scale));
    const timeOf = (status: ServiceOrderStatus) => {
      const i = steps.indexOf(status);
      return i < 0 ? null : times[i]!;
    };

    const dispatchedAt = timeOf('dispatched');
    const appointmentStart = dispatchedAt === null ? null : Math.ceil((dispatchedAt + r.int(2, 20) * HOUR_MS) / HOUR_MS) * HOUR_MS;
    const updated = times.at(-1) ?? created;
    const settled: ServiceOrder = {
      ...order,
      updatedAt: iso(updated),
      outletId: outlet?.id ?? null,
      appointmentStart: appointmentStart === null ? null : iso(appointmentStart),
      appointmentEnd: appointmentStart === null ? null : iso(appointmentStart + 2 * HOUR_MS),
      dispatchedAt: dispatchedAt === null ? null : iso(dispatchedAt),
      // What the completion and the cancellation record (orderLifecycle.ts), picked without
      // drawing from the random stream so the rest of the demo stays as it was.
      completion: steps.includes('completed') ? demoCompletion(order, outlet) : null,
      cancelReason: steps.includes('cancelled') ? pickFor(order, CANCEL_REASONS) : null,
    };

    const event = (kind: OrderEvent['kind'], fromStatus: ServiceOrderStatus | null, toStatus: ServiceOrderStatus, when: number, dispatch = false): DemoOrderEvent => ({
      id: this.nextId(),
      version: 0,
      deleted: false,
      orderId: order.id,
      branchId: order.branchId,
      kind,
      fromStatus,
      toStatus,
      fromOwnerAgentId: null,
      toOwnerAgentId: null,
      note: null,
      outletId: dispatch ? settled.outletId : null,
      appointmentStart: dispatch ? settled.appointmentStart : null,
      appointmentEnd: dispatch ? settled.appointmentEnd : null,
      agentId: order.ownerAgentId,
      seatId: null,
      at: iso(when),
    });
    const events = [event('created', null, 'new', created)];
    let from: ServiceOrderStatus = 'new';
    steps.forEach((status, i) => {
      events.push(event(status === 'dispatched' ? 'dispatched' : 'status_changed', from, status, times[i]!, status === 'dispatched'));
      from = status;
    });

    const interactions = [this.call(order, customer, 'inbound', created, 'order_created')];
    const completedAt = timeOf('completed');
    const visitedAt = timeOf('visited');
    let followUp: FollowUp | null = null;
    if (completedAt !== null) {
      const done = visitedAt !== null;
      const score = done ? r.weighted(REMARKS.map(([s]) => [s, { 5: 50, 4: 28, 3: 12, 2: 6, 1: 4 }[s] ?? 1] as const)) : null;
      followUp = {
        id: this.nextId(),
        version: 0,
        deleted: false,
        orderId: order.id,
        customerId: order.customerId,
        branchId: order.branchId,
        dueAt: followUpDueAt(iso(completedAt)),
        status: done ? 'done' : 'open',
        satisfaction: score,
        remarks: score === null ? '' : r.pick(REMARKS.find(([s]) => s === score)![1]),
        doneAt: done ? iso(visitedAt) : null,
        doneBy: done ? order.ownerAgentId : null,
        createdAt: iso(completedAt),
        attempts: done ? 1 : 0,
        lastOutcome: done ? 'done' : null,
        lastAttemptAt: done ? iso(visitedAt) : null,
      };
      if (done) interactions.push(this.call(order, customer, 'outbound', visitedAt, 'resolved'));
    }
    return { order: settled, events, followUp, interactions };
  }

  /** Now and then a customer's call that nobody answered: the caller gave up while it rang. */
  missedCalls(customer: Customer, since: number): Interaction[] {
    const r = this.random;
    if (!r.chance(0.15) || since >= this.reference - HOUR_MS) return [];
    const agent = r.pick(this.agentsByBranch.get(customer.branchId) ?? []);
    return [
      {
        id: this.nextId(),
        version: 0,
        deleted: false,
        branchId: customer.branchId,
        agentId: agent.id,
        customerId: customer.id,
        direction: 'inbound',
        remoteNumber: customer.phone,
        startedAt: iso(r.int(Math.max(since, this.reference - 60 * 24 * HOUR_MS), this.reference - HOUR_MS)),
        ringSeconds: r.int(5, 40),
        talkSeconds: 0,
        wrapUpSeconds: 0,
        disposition: r.chance(0.8) ? 'missed' : 'turned_away',
        notes: '',
        channel: 'phone',
      },
    ];
  }

  private call(order: ServiceOrder, customer: Customer, direction: Interaction['direction'], endedBy: number, disposition: Interaction['disposition']): Interaction {
    const r = this.random;
    const ringSeconds = r.int(2, 15);
    const talkSeconds = r.int(60, 480);
    return {
      id: this.nextId(),
      version: 0,
      deleted: false,
      branchId: order.branchId,
      agentId: order.ownerAgentId,
      customerId: customer.id,
      direction,
      remoteNumber: customer.phone,
      // The call that opened the order ended as it was created; a follow-up call ends when it is recorded.
      startedAt: iso(endedBy - (ringSeconds + talkSeconds) * 1000),
      ringSeconds,
      talkSeconds,
      wrapUpSeconds: r.int(10, 90),
      disposition,
      notes: direction === 'inbound' ? order.fault : `回访工单 ${order.orderNumber}`,
      channel: 'phone',
    };
  }

  /** An outlet of the customer's branch serving their region most closely (by code) and the product's category. */
  private outletFor(customer: Customer, product: Product | undefined): Outlet | null {
    if (!product) return null;
    const serving = this.outlets.filter((o) => o.branchId === customer.branchId && o.categories.includes(product.category));
    const closest = Math.max(0, ...serving.map((o) => regionCoverage(o, customer)));
    const candidates = closest === 0 ? [] : serving.filter((o) => regionCoverage(o, customer) === closest);
    return candidates.length > 0 ? this.random.pick(candidates) : null;
  }
}

/** Orders that go to an outlet: work on a product. */
export function dispatchable(order: Pick<ServiceOrder, 'type' | 'productId'>): boolean {
  return order.productId !== null && (order.type === 'repair' || order.type === 'installation' || order.type === 'maintenance');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
