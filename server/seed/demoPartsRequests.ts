import type { Branch } from '../../shared/domain/branch.js';
import type { RdcStock } from '../../shared/domain/partsDesk.js';
import type { PartsRequest, PartsRequestStatus } from '../../shared/domain/partsRequest.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { DemoHousehold } from './demoData.js';
import type { SeededRandom } from './random.js';

const PART_NUMBERS: Readonly<Record<string, readonly string[]>> = {
  air_conditioner: ['AC-CMP-1200', 'AC-FAN-0350', 'AC-PCB-2201'],
  refrigerator: ['RF-THM-0101', 'RF-GSK-0420', 'RF-FAN-0090'],
  washing_machine: ['WM-PMP-0040', 'WM-BLT-0712', 'WM-PCB-3310'],
  tv: ['TV-BKL-5502', 'TV-PSU-0180', 'TV-MBD-9001'],
  microwave: ['MW-MAG-0800', 'MW-DIO-0011'],
  kitchen: ['KT-IGN-0230', 'KT-VAL-0111'],
  small_appliance: ['SA-MTR-0015', 'SA-CRD-0002'],
};

/**
 * Parts requests for the demo orders that wait for parts (and a few finished repairs whose parts
 * arrived), from their own random stream in household order.
 */
export class DemoPartsRequests {
  constructor(private readonly random: SeededRandom) {}

  of(household: DemoHousehold): PartsRequest[] {
    return household.orders.flatMap((order) => {
      const product = household.products.find((p) => p.id === order.productId);
      if (!product) return [];
      const waiting = order.status === 'parts_pending';
      if (!waiting && !(order.type === 'repair' && order.status === 'closed' && this.random.chance(0.1))) return [];
      const status: PartsRequestStatus = waiting ? this.random.pick(['requested', 'approved', 'shipped'] as const) : 'received';
      return [this.request(order, this.random.pick(PART_NUMBERS[product.category] ?? ['GEN-0001']), status)];
    });
  }

  private request(order: ServiceOrder, partNumber: string, status: PartsRequestStatus): PartsRequest {
    return {
      id: this.random.uuid(),
      version: 0,
      deleted: false,
      branchId: order.branchId,
      orderId: order.id,
      partNumber,
      quantity: this.random.int(1, 2),
      status,
      note: '',
      requestedBy: order.ownerAgentId,
      createdAt: order.updatedAt,
      updatedAt: order.updatedAt,
    };
  }
}

/** Each branch's regional warehouse: every demo part, a few of them out of stock (those go to headquarters' plan). */
export function demoRdcStock(branches: readonly Branch[], random: SeededRandom): RdcStock[] {
  return branches.flatMap((branch) =>
    Object.values(PART_NUMBERS)
      .flat()
      .map((partNumber) => ({ branchId: branch.id, partNumber, quantity: random.chance(0.25) ? 0 : random.int(1, 20) })),
  );
}
