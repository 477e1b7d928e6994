import { sql } from 'kysely';
import { hashPassword } from '../auth/passwords.js';
import { branchRecord } from '../db/branchRecords.js';
import type { ServerDatabase } from '../db/openServerDatabase.js';
import { writeSyncedRows } from '../db/writeSyncedRows.js';
import { generateDemoData, type DemoDataOptions, type DemoHousehold } from './demoData.js';
import { demoHeadquarters } from './demoHeadquarters.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from './demoLogins.js';

export interface SeedCounts {
  branches: number;
  agents: number;
  outlets: number;
  customers: number;
  products: number;
  orders: number;
  orderEvents: number;
  followUps: number;
  interactions: number;
  knowledgeArticles: number;
  campaigns: number;
  campaignTargets: number;
  partsRequests: number;
}

/** True when the database holds no branch yet: the signal to seed demo data. */
export async function hasNoBranches(database: ServerDatabase): Promise<boolean> {
  return (await database.db.selectFrom('branches').select('id').limit(1).executeTakeFirst()) === undefined;
}

/** Customers per transaction: big enough for few commits, small enough to keep memory flat. */
const HOUSEHOLDS_PER_TRANSACTION = 2_000;

/**
 * Loads the demo data into an empty, migrated database: branches, agents (password DEMO_PASSWORD),
 * outlets, knowledge articles and campaigns, then customers, products, orders with their events,
 * follow-ups and calls, campaign targets and parts requests in batched multi-row inserts, change
 * log included.
 */
export async function seedDemoData(database: ServerDatabase, options: DemoDataOptions): Promise<SeedCounts> {
  const { db } = database;
  const demo = generateDemoData(options);
  const headquarters = demoHeadquarters(demo, options);
  const counts: SeedCounts = {
    branches: demo.branches.length,
    agents: demo.agents.length,
    outlets: demo.outlets.length,
    customers: 0,
    products: 0,
    orders: 0,
    orderEvents: 0,
    followUps: 0,
    interactions: 0,
    knowledgeArticles: headquarters.knowledge.length,
    campaigns: headquarters.campaigns.length,
    campaignTargets: 0,
    partsRequests: 0,
  };

  const agentRecords = await Promise.all(demo.agents.map(async (agent) => ({ ...agent, passwordHash: await hashPassword(DEMO_PASSWORD) })));
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('branches').values(demo.branches.map(branchRecord)).execute();
    await trx.insertInto('agents').values(agentRecords).execute();
    for (const { login, sipUser } of DEMO_LOGINS) {
      if (sipUser) await trx.updateTable('agents').set({ sipUser }).where('login', '=', login).execute();
    }
    await writeSyncedRows(trx, 'outlet', demo.outlets);
    await writeSyncedRows(trx, 'knowledgeArticle', headquarters.knowledge);
    await writeSyncedRows(trx, 'campaign', headquarters.campaigns);
    await trx.insertInto('rdcStock').values(headquarters.rdcStock).execute();
  });

  let batch: DemoHousehold[] = [];
  const flush = async () => {
    const targets = batch.flatMap((h) => headquarters.targets.of(h));
    const partsRequests = batch.flatMap((h) => headquarters.partsRequests.of(h));
    await db.transaction().execute(async (trx) => {
      await writeSyncedRows(trx, 'customer', batch.map((h) => h.customer));
      await writeSyncedRows(trx, 'product', batch.flatMap((h) => h.products));
      const orders = await writeSyncedRows(trx, 'serviceOrder', batch.flatMap((h) => h.orders));
      // An event carries the change-log seq of the order change that made it: here, the order's one write.
      const seqOf = new Map(orders.map((o) => [o.id, o.version]));
      await writeSyncedRows(trx, 'orderEvent', batch.flatMap((h) => h.orderEvents).map((e) => ({ ...e, seq: seqOf.get(e.orderId) ?? missingOrder(e.orderId) })));
      await writeSyncedRows(trx, 'followUp', batch.flatMap((h) => h.followUps));
      await writeSyncedRows(trx, 'interaction', batch.flatMap((h) => h.interactions));
      await writeSyncedRows(trx, 'campaignTarget', targets);
      await writeSyncedRows(trx, 'partsRequest', partsRequests);
    });
    counts.campaignTargets += targets.length;
    counts.partsRequests += partsRequests.length;
    counts.customers += batch.length;
    counts.products += batch.reduce((n, h) => n + h.products.length, 0);
    counts.orders += batch.reduce((n, h) => n + h.orders.length, 0);
    counts.orderEvents += batch.reduce((n, h) => n + h.orderEvents.length, 0);
    counts.followUps += batch.reduce((n, h) => n + h.followUps.length, 0);
    counts.interactions += batch.reduce((n, h) => n + h.interactions.length, 0);
    batch = [];
  };
  for (const household of demo.households()) {
    batch.push(household);
    if (batch.length === HOUSEHOLDS_PER_TRANSACTION) await flush();
  }
  if (batch.length > 0) await flush();
  // Fresh statistics let the planner pick the phone indexes over the two-valued branch index.
  await sql`analyze`.execute(db);
  return counts;
}

function missingOrder(orderId: string): never {
  throw new Error(`demo order event of an order not written: ${orderId}`);
}
