import type { Kysely } from 'kysely';
import type { ServerSchema } from './schema.js';

/**
 * Deletes every row (children before parents), keeping the schema. The change-log seq keeps
 * rising afterwards (change_log_head is kept), so a seat's old cursor never skips new changes.
 */
export async function clearDatabase(db: Kysely<ServerSchema>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('agentPresence').execute();
    await trx.deleteFrom('cacheKeyEscrow').execute();
    await trx.deleteFrom('kpiDayCells').execute();
    await trx.deleteFrom('kpiRolledDays').execute();
    await trx.deleteFrom('kpiRollupState').execute();
    await trx.deleteFrom('orderEvents').execute();
    await trx.deleteFrom('partsRequestSteps').execute();
    await trx.deleteFrom('partsShipments').execute();
    await trx.deleteFrom('rdcStock').execute();
    await trx.deleteFrom('notes').execute();
    await trx.deleteFrom('complaintSteps').execute();
    await trx.deleteFrom('complaints').execute();
    await trx.deleteFrom('partsRequests').execute();
    await trx.deleteFrom('campaignTargets').execute();
    await trx.deleteFrom('campaigns').execute();
    await trx.deleteFrom('knowledgeArticles').execute();
    await trx.deleteFrom('interactions').execute();
    await trx.deleteFrom('followUps').execute();
    await trx.deleteFrom('conflicts').execute();
    await trx.deleteFrom('mutations').execute();
    await trx.deleteFrom('serviceOrders').execute();
    // After the orders dispatched to them.
    await trx.deleteFrom('outlets').execute();
    await trx.deleteFrom('products').execute();
    await trx.deleteFrom('customers').execute();
    await trx.deleteFrom('changeLog').execute();
    await trx.deleteFrom('sessions').execute();
    await trx.deleteFrom('agents').execute();
    await trx.deleteFrom('branches').execute();
  });
}
