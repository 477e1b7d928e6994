import type { CampaignWithProgress } from '../../shared/api/rest.js';
import type { CampaignTarget } from '../../shared/domain/campaign.js';
import type { KnowledgeArticle } from '../../shared/domain/knowledge.js';
import type { PartsRequest } from '../../shared/domain/partsRequest.js';
import { AGENT_ID, BRANCH_ID, CUSTOMER_ID, CUSTOMER_ID_2 } from './fixtures.js';

export const ARTICLE_ID = '50000000-0000-4000-8000-000000000001';
export const CAMPAIGN_ID = '60000000-0000-4000-8000-000000000001';

export const article = (over: Partial<KnowledgeArticle> = {}): KnowledgeArticle => ({
  id: ARTICLE_ID,
  version: 1,
  deleted: false,
  branchId: BRANCH_ID,
  category: 'air_conditioner',
  language: 'zh-CN',
  title: '空调不制冷的排查话术',
  body: '先确认模式为制冷……',
  tags: ['不制冷'],
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

export const partsRequest = (over: Partial<PartsRequest> = {}): PartsRequest => ({
  id: '70000000-0000-4000-8000-000000000001',
  version: 0,
  deleted: false,
  branchId: BRANCH_ID,
  orderId: '20000000-0000-4000-8000-000000000002',
  partNumber: 'AC-CMP-0101',
  quantity: 1,
  status: 'requested',
  note: '',
  requestedBy: AGENT_ID,
  createdAt: '2026-11-23T01:00:00.000Z',
  updatedAt: '2026-11-23T01:00:00.000Z',
  ...over,
});

export const campaign = (over: Partial<CampaignWithProgress> = {}): CampaignWithProgress => ({
  id: CAMPAIGN_ID,
  version: 1,
  deleted: false,
  branchId: BRANCH_ID,
  name: '双十一送货确认',
  kind: 'delivery_confirmation',
  script: '您好，这里是售后服务中心……',
  startsOn: '2026-11-11',
  endsOn: '2026-11-30',
  progress: { pending: 2, done: 1, no_answer: 0, refused: 0, call_back: 0 },
  ...over,
});

/** Two pending targets of the campaign, positions 1 and 2. */
export const targets = (): CampaignTarget[] =>
  [CUSTOMER_ID, CUSTOMER_ID_2].map((customerId, i) => ({
    id: `80000000-0000-4000-8000-00000000000${i + 1}`,
    version: 1,
    deleted: false,
    campaignId: CAMPAIGN_ID,
    branchId: BRANCH_ID,
    customerId,
    phone: i === 0 ? '+8613800138000' : '+8613911112222',
    position: i + 1,
    status: 'pending',
    outcomeNotes: '',
    calledAt: null,
    calledBy: null,
    assignedAgentId: null,
    callBackAt: null,
  }));
