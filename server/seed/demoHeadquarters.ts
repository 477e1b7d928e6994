import type { Campaign } from '../../shared/domain/campaign.js';
import type { KnowledgeArticle } from '../../shared/domain/knowledge.js';
import { demoCampaigns, DemoCampaignTargets } from './demoCampaigns.js';
import { DEFAULT_DEMO_SEED, DEFAULT_REFERENCE_DATE, type DemoData, type DemoDataOptions } from './demoData.js';
import { demoKnowledge } from './demoKnowledge.js';
import { DemoPartsRequests, demoRdcStock } from './demoPartsRequests.js';
import type { RdcStock } from '../../shared/domain/partsDesk.js';
import { SeededRandom } from './random.js';

/** What headquarters adds to the demo branches: knowledge articles, campaigns and their targets, parts requests. */
export interface DemoHeadquarters {
  knowledge: KnowledgeArticle[];
  campaigns: Campaign[];
  /** Feed households in order (demo.households()): each call draws from its own stream. */
  targets: DemoCampaignTargets;
  partsRequests: DemoPartsRequests;
  rdcStock: RdcStock[];
}

/** Deterministic like the rest of the demo data; each part has its own random stream (11–15). */
export function demoHeadquarters(demo: DemoData, options: DemoDataOptions): DemoHeadquarters {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const campaigns = demoCampaigns(demo.branches, new SeededRandom(seed, 12), referenceDate);
  return {
    knowledge: demoKnowledge(demo.branches, new SeededRandom(seed, 11), referenceDate),
    campaigns,
    targets: new DemoCampaignTargets(campaigns, demo.agents, new SeededRandom(seed, 13), referenceDate),
    partsRequests: new DemoPartsRequests(new SeededRandom(seed, 14)),
    rdcStock: demoRdcStock(demo.branches, new SeededRandom(seed, 15)),
  };
}
