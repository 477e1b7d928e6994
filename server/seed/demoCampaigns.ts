import type { Agent, Branch } from '../../shared/domain/branch.js';
import { ROLE_DUTIES } from '../../shared/domain/roles.js';
import type { Campaign, CampaignKind, CampaignTarget } from '../../shared/domain/campaign.js';
import type { DemoHousehold } from './demoData.js';
import type { SeededRandom } from './random.js';

const DAY_MS = 86_400_000;

const PLANS: ReadonlyArray<{ kind: CampaignKind; name: string; script: string }> = [
  {
    kind: 'delivery_confirmation',
    name: '新购机送货确认',
    script: '您好，我是售后服务中心。您近期购买的产品已送达吗？包装和外观是否完好？如需安装我们可以现在为您预约。',
  },
  {
    kind: 'installation_appointment',
    name: '安装预约',
    script: '您好，您的安装工单已登记，请问哪天方便上门安装？我们可以安排上午或下午时段。',
  },
  {
    kind: 'promotion',
    name: '老用户延保优惠',
    script: '您好，感谢您一直使用我们的产品。现在老用户购买延保服务享受八折优惠，请问您是否感兴趣？',
  },
];

/** Each branch's three demo campaigns, running from a week before the reference date. */
export function demoCampaigns(branches: readonly Branch[], random: SeededRandom, referenceDate: string): Campaign[] {
  const reference = Date.parse(`${referenceDate}T00:00:00Z`);
  const day = (offset: number) => new Date(reference + offset * DAY_MS).toISOString().slice(0, 10);
  return branches.flatMap((branch) =>
    PLANS.map((plan) => ({ id: random.uuid(), version: 0, deleted: false, branchId: branch.id, ...plan, startsOn: day(-7), endsOn: day(90) })),
  );
}

/**
 * Picks each household's campaign targets as the households are made: new buyers for delivery
 * confirmation, open installation orders for appointments, a share of the rest for promotions.
 * Draws from its own random stream in household order, so the demo data stays deterministic.
 */
export class DemoCampaignTargets {
  private readonly positions = new Map<string, number>();

  constructor(
    private readonly campaigns: readonly Campaign[],
    private readonly agents: readonly Agent[],
    private readonly random: SeededRandom,
    private readonly referenceDate: string,
  ) {}

  of(household: DemoHousehold): CampaignTarget[] {
    const { customer } = household;
    const reference = Date.parse(`${this.referenceDate}T00:00:00Z`);
    const kinds: CampaignKind[] = [];
    if (household.products.some((p) => reference - Date.parse(`${p.purchaseDate}T00:00:00Z`) <= 30 * DAY_MS)) kinds.push('delivery_confirmation');
    if (household.orders.some((o) => o.type === 'installation' && (o.status === 'new' || o.status === 'dispatched'))) kinds.push('installation_appointment');
    if (this.random.chance(0.05)) kinds.push('promotion');
    return kinds.flatMap((kind) => {
      const campaign = this.campaigns.find((c) => c.branchId === customer.branchId && c.kind === kind);
      if (!campaign) return [];
      const position = (this.positions.get(campaign.id) ?? 0) + 1;
      this.positions.set(campaign.id, position);
      const called = this.random.chance(0.25);
      const agent = called ? this.random.pick(this.agents.filter((a) => a.branchId === customer.branchId && ROLE_DUTIES[a.role].servesCustomers)) : null;
      return [
        {
          id: this.random.uuid(),
          version: 0,
          deleted: false,
          campaignId: campaign.id,
          branchId: customer.branchId,
          customerId: customer.id,
          phone: customer.phone,
          position,
          status: called ? this.random.pick(['done', 'no_answer', 'refused'] as const) : 'pending',
          outcomeNotes: called ? '已联系' : '',
          calledAt: called ? new Date(reference - this.random.int(1, 6) * DAY_MS).toISOString() : null,
          calledBy: agent?.id ?? null,
          assignedAgentId: null,
          callBackAt: null,
        },
      ];
    });
  }
}
