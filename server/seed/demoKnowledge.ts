import type { Branch } from '../../shared/domain/branch.js';
import type { KnowledgeArticle } from '../../shared/domain/knowledge.js';
import type { SeededRandom } from './random.js';

type ArticlePlan = Pick<KnowledgeArticle, 'category' | 'language' | 'title' | 'body' | 'tags'>;

/** Headquarters' standard answers and scripts, in Chinese and English; every branch gets them all. */
const ARTICLES: readonly ArticlePlan[] = [
  {
    category: 'air_conditioner',
    language: 'zh-CN',
    title: '空调不制冷的排查话术',
    body: '1. 请客户确认遥控器为制冷模式，设定温度低于室温。\n2. 检查过滤网是否积灰，建议清洗后开机30分钟观察。\n3. 室外机是否运转、有无异响。\n仍不制冷：登记维修工单，提示可能需要补充冷媒（保内免费，保外按价目表收费）。',
    tags: ['不制冷', '冷媒', '过滤网', '维修'],
  },
  {
    category: 'air_conditioner',
    language: 'en',
    title: 'Air conditioner not cooling: troubleshooting script',
    body: 'Ask the customer to check the remote is in cooling mode and set below room temperature. Check the filter for dust; clean it and run for 30 minutes. Is the outdoor unit running? Still not cooling: register a repair order; refrigerant recharge may be needed (free in warranty).',
    tags: ['not cooling', 'refrigerant', 'filter', 'repair'],
  },
  {
    category: 'washing_machine',
    language: 'zh-CN',
    title: '洗衣机显示E4故障码',
    body: 'E4表示排水超时。请客户检查排水管是否弯折或堵塞、排水泵过滤器是否有异物。清理后断电重启。如仍报E4，登记维修工单，可能需要更换排水泵。',
    tags: ['E4', '故障码', '排水', '排水泵'],
  },
  {
    category: 'washing_machine',
    language: 'en',
    title: 'Washing machine error code E4',
    body: 'E4 means the drain timed out. Ask the customer to check the drain hose for kinks or blockages and the drain pump filter for objects. Power cycle after cleaning. If E4 persists, register a repair order: the drain pump may need replacing.',
    tags: ['E4', 'error code', 'drain', 'drain pump'],
  },
  {
    category: 'refrigerator',
    language: 'zh-CN',
    title: '冰箱冷藏室结冰怎么办',
    body: '请客户将冷藏温度调高至4–5℃，检查门封条是否贴合、食物是否堵住出风口。除霜后观察24小时。仍结冰则登记维修工单（温控器或风门故障）。',
    tags: ['结冰', '温控', '门封'],
  },
  {
    category: 'tv',
    language: 'zh-CN',
    title: '电视有声音无图像',
    body: '请客户确认信号源选择正确，尝试切换HDMI接口；长按电源键10秒重启。背光不亮时手电照射屏幕可见暗图像，需登记维修（背光灯条）。',
    tags: ['黑屏', '背光', 'HDMI'],
  },
  {
    category: 'microwave',
    language: 'en',
    title: 'Microwave runs but does not heat',
    body: 'Safety first: the customer must not open the casing (high voltage capacitor). Check the door closes fully. If the turntable turns but food stays cold, the magnetron or high-voltage diode has failed: register a repair order.',
    tags: ['not heating', 'magnetron', 'safety'],
  },
  {
    category: null,
    language: 'zh-CN',
    title: '保修政策说明',
    body: '整机保修期自购买日期起按品类计算：空调6年，电视、冰箱、洗衣机3年，微波炉、厨电及小家电1年。保修期内非人为损坏免费维修；请客户提供购机发票或序列号。',
    tags: ['保修', '保修期', '发票', '序列号'],
  },
  {
    category: null,
    language: 'en',
    title: 'Warranty policy',
    body: 'Warranty runs from the purchase date for the category: air conditioners 6 years; TVs, refrigerators and washing machines 3 years; microwaves, kitchen and small appliances 1 year. Repairs within warranty are free unless the damage was caused by the user. Ask for the invoice or the serial number.',
    tags: ['warranty', 'invoice', 'serial number'],
  },
  {
    category: null,
    language: 'zh-CN',
    title: '客户投诉安抚话术',
    body: '先致歉并复述客户诉求，确认理解无误；不与客户争辩；给出明确的处理时限（24小时内回电）。登记投诉工单并升级至班长。',
    tags: ['投诉', '安抚', '升级'],
  },
];

/** The demo articles published to every branch, with ids from their own random stream. */
export function demoKnowledge(branches: readonly Branch[], random: SeededRandom, referenceDate: string): KnowledgeArticle[] {
  const updatedAt = `${referenceDate}T01:00:00.000Z`;
  return branches.flatMap((branch) =>
    ARTICLES.map((plan) => ({ id: random.uuid(), version: 0, deleted: false, branchId: branch.id, ...plan, tags: [...plan.tags], updatedAt })),
  );
}
