import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CampaignList } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { Campaign, CampaignTarget } from '../../shared/domain/campaign.js';
import {
  markDuplicates,
  roundRobin,
  type CampaignAssignRequest,
  type CampaignAssignResult,
  type CampaignImportRequest,
  type CampaignImportResult,
  type CampaignImportRowResult,
} from '../../shared/domain/campaignImport.js';
import { mayHoldOrders } from '../../shared/domain/roles.js';
import { lockScopes } from '../db/changeLogSeqs.js';
import { statementBatches } from '../db/batching.js';
import type { ServerSchema } from '../db/schema.js';
import { campaignFromRecord } from '../db/syncedRecords.js';
import { rowsUnderLock, writeSyncedRows } from '../db/writeSyncedRows.js';
import { agentWrite, type Written } from '../http/agentWrites.js';
import { ApiFailure } from '../http/apiFailure.js';
import { keysetPage } from '../http/keysetPage.js';
import { campaignsScopeOf, scopeColumns } from '../scope/agentScope.js';
import { withProgress } from './campaigns.js';

/**
 * Campaign target lists as a supervisor (their branch) or headquarters (every branch) manages them
 * (docs/architecture.md §6, "Campaign target lists"): import a file's customers as targets, all or
 * none, and share the targets still to call out to agents of the campaign's branch. Every other
 * role is refused (403), as is a supervisor reaching another branch's campaign.
 */

/** The campaign, if the agent manages its list: 404 if absent, 403 if not theirs to manage. */
async function managedCampaign(db: Kysely<ServerSchema>, agent: Agent, id: string): Promise<Campaign> {
  const scope = campaignsScopeOf(agent);
  if (!scope) throw new ApiFailure(403, 'forbidden', 'only a supervisor or headquarters manages campaign target lists');
  const record = await db.selectFrom('campaigns').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  if (!record) throw ApiFailure.notFound('campaign');
  if (scope.branchIds !== null && !scope.branchIds.includes(record.branchId)) throw ApiFailure.forbidden('this campaign');
  return campaignFromRecord(record);
}

/** The campaigns whose lists the agent manages (their branch's, or every branch's), newest start first, with progress. */
export async function listManagedCampaigns(db: Kysely<ServerSchema>, agent: Agent, page: { cursor?: string; limit: number }): Promise<CampaignList> {
  const scope = campaignsScopeOf(agent);
  if (!scope) throw new ApiFailure(403, 'forbidden', 'only a supervisor or headquarters manages campaign target lists');
  let query = db.selectFrom('campaigns').selectAll().where('deleted', '=', 0);
  if (scope.branchIds !== null) query = query.where('branchId', 'in', [...scope.branchIds]);
  const found = await keysetPage(query, { column: 'startsOn', direction: 'desc' }, page);
  return { items: await withProgress(db, found.items.map(campaignFromRecord)), nextCursor: found.nextCursor };
}

/** The agents a campaign's targets may be assigned to: those of its branch who serve customers. */
export async function assignableAgents(db: Kysely<ServerSchema>, agent: Agent, campaignId: string): Promise<Agent[]> {
  const campaign = await managedCampaign(db, agent, campaignId);
  const agents = await db.selectFrom('agents').select(['id', 'login', 'displayName', 'branchId', 'role']).where('branchId', '=', campaign.branchId).orderBy('login').execute();
  return agents.filter((a) => mayHoldOrders(a.role));
}

/** The rows checked against the campaign's branch: each row's customer, and why it is refused. */
async function checkRows(db: Kysely<ServerSchema>, campaign: Campaign, request: CampaignImportRequest): Promise<CampaignImportRowResult[]> {
  const ids = [...new Set(request.rows.flatMap((r) => (r.customerId === null ? [] : [r.customerId])))];
  const phones = [...new Set(request.rows.flatMap((r) => (r.phone === null ? [] : [r.phone])))];
  type Found = { id: string; name: string; phone: string; altPhone: string | null };
  const byId = new Map<string, Found>();
  const byPhone = new Map<string, Found>();
  for (const batch of statementBatches(ids, 1)) {
    const rows = await db.selectFrom('customers').select(['id', 'name', 'phone', 'altPhone']).where('id', 'in', batch).where('branchId', '=', campaign.branchId).where('deleted', '=', 0).execute();
    for (const row of rows) byId.set(row.id, row);
  }
  for (const batch of statementBatches(phones, 1)) {
    // One customer per phone in a branch, unless an agent gave a reason: the first by id then.
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'name', 'phone', 'altPhone'])
      .where('phone', 'in', batch)
      .where('branchId', '=', campaign.branchId)
      .where('deleted', '=', 0)
      .orderBy('id')
      .execute();
    for (const row of rows) if (!byPhone.has(row.phone)) byPhone.set(row.phone, row);
  }
  const results: CampaignImportRowResult[] = request.rows.map(({ line, customerId, phone }) => {
    const errors: CampaignImportRowResult['errors'] = [];
    let customer: Found | undefined;
    if (customerId === null && phone === null) errors.push('empty_row');
    else if (customerId !== null) {
      customer = byId.get(customerId);
      if (!customer) errors.push('customer_unknown');
      else if (phone !== null && customer.phone !== phone && customer.altPhone !== phone) errors.push('phone_not_of_customer');
    } else if (phone !== null) {
      customer = byPhone.get(phone);
      if (!customer) errors.push('customer_unknown');
    }
    return { line, customerId: customer?.id ?? customerId, customerName: customer?.name ?? null, phone: phone ?? customer?.phone ?? null, errors };
  });
  // The same customer twice, however each line named them.
  markDuplicates(results);
  const found = [...new Set(results.flatMap((r) => (r.customerId !== null && !r.errors.includes('customer_unknown') ? [r.customerId] : [])))];
  const already = new Set<string>();
  for (const batch of statementBatches(found, 1)) {
    const rows = await db.selectFrom('campaignTargets').select('customerId').where('campaignId', '=', campaign.id).where('customerId', 'in', batch).where('deleted', '=', 0).execute();
    for (const row of rows) already.add(row.customerId);
  }
  for (const row of results) if (row.customerId !== null && already.has(row.customerId)) row.errors.push('already_target');
  return results;
}

const summary = (rows: CampaignImportRowResult[], written: number): CampaignImportResult => {
  const invalid = rows.filter((r) => r.errors.length > 0).length;
  return { rows, valid: rows.length - invalid, invalid, written };
};

/**
 * Checks a file's rows against the campaign's branch (dry run: the preview), or writes them: every
 * row becomes a pending target after the campaign's last, in file order, in ONE transaction holding
 * the branch's scope key, checked again there. A single refused row writes nothing (400 with every
 * row's result); a retried import meets its own targets (`already_target`) and writes nothing twice.
 */
export async function importCampaignTargets(
  db: Kysely<ServerSchema>,
  agent: Agent,
  campaignId: string,
  request: CampaignImportRequest,
): Promise<Written<CampaignImportResult>> {
  const campaign = await managedCampaign(db, agent, campaignId);
  if (request.dryRun) return { answer: summary(await checkRows(db, campaign, request), 0), changes: [] };
  return agentWrite(db, agent, async (trx) => {
    // Under the branch's key: no other import or seat of the branch adds a target meanwhile.
    await lockScopes(trx, [`b:${campaign.branchId}`]);
    const rows = await checkRows(trx, campaign, request);
    const checked = summary(rows, 0);
    if (checked.invalid > 0) {
      throw new ApiFailure(400, 'bad_input', `${checked.invalid} of ${rows.length} rows cannot be imported: nothing was written`, { rejection: 'bad_patch', import: checked });
    }
    const last = await trx.selectFrom('campaignTargets').select((eb) => eb.fn.max('position').as('last')).where('campaignId', '=', campaign.id).executeTakeFirst();
    const start = Number(last?.last ?? 0) + 1;
    const targets: Array<Omit<CampaignTarget, 'version'>> = rows.map((row, i) => ({
      id: randomUUID(),
      deleted: false,
      campaignId: campaign.id,
      branchId: campaign.branchId,
      customerId: row.customerId as string,
      phone: row.phone as string,
      position: start + i,
      status: 'pending',
      outcomeNotes: '',
      calledAt: null,
      calledBy: null,
      assignedAgentId: null,
      callBackAt: null,
    }));
    const written = await writeSyncedRows(trx, 'campaignTarget', targets, { fields: null, author: { agentId: agent.id, seatId: null } }, new Map(targets.map((t) => [t.id, null])));
    return { answer: summary(rows, written.length), changes: written.map((row) => ({ ...scopeColumns(row, undefined), seq: row.version })) };
  });
}

/**
 * Shares the campaign's targets still to call (pending, no answer, call back; by default only those
 * assigned to nobody) out to the chosen agents round-robin, in dialing order. Every agent must be of
 * the campaign's branch and serve customers (400 naming the first who is not).
 */
export async function assignCampaignTargets(
  db: Kysely<ServerSchema>,
  agent: Agent,
  campaignId: string,
  request: CampaignAssignRequest,
): Promise<Written<CampaignAssignResult>> {
  const campaign = await managedCampaign(db, agent, campaignId);
  const agentIds = [...new Set(request.agentIds)];
  const agents = await db.selectFrom('agents').select(['id', 'login', 'branchId', 'role']).where('id', 'in', agentIds).execute();
  for (const id of agentIds) {
    const found = agents.find((a) => a.id === id);
    if (!found) throw new ApiFailure(400, 'bad_input', `agentIds: no agent ${id}`, { agentId: id });
    if (found.branchId !== campaign.branchId) throw new ApiFailure(400, 'bad_input', `agentIds: ${found.login} is not of the campaign's branch`, { agentId: id });
    if (!mayHoldOrders(found.role)) throw new ApiFailure(400, 'bad_input', `agentIds: ${found.login} does not call customers (${found.role})`, { agentId: id });
  }
  return agentWrite(db, agent, async (trx) => {
    await lockScopes(trx, [`b:${campaign.branchId}`]);
    let query = trx
      .selectFrom('campaignTargets')
      .select('id')
      .where('campaignId', '=', campaign.id)
      .where('deleted', '=', 0)
      .where('status', 'in', ['pending', 'no_answer', 'call_back']);
    if (request.onlyUnassigned) query = query.where('assignedAgentId', 'is', null);
    const ids = (await query.orderBy('position').orderBy('id').execute()).map((r) => r.id);
    const current = await rowsUnderLock(trx, 'campaignTarget', ids);
    const shares = roundRobin(ids, agentIds);
    const changed = shares.flatMap(({ target, agentId }) => {
      const row = current.get(target);
      if (!row || row.assignedAgentId === agentId) return [];
      const { version: _version, ...unchanged } = row;
      return [{ ...unchanged, assignedAgentId: agentId }];
    });
    const written = await writeSyncedRows(trx, 'campaignTarget', changed, { fields: ['assignedAgentId'], author: { agentId: agent.id, seatId: null } }, current);
    const counts = new Map(agentIds.map((id) => [id, 0]));
    for (const { agentId } of shares) counts.set(agentId, (counts.get(agentId) ?? 0) + 1);
    return {
      answer: { assigned: agentIds.map((id) => ({ agentId: id, count: counts.get(id) ?? 0 })) },
      changes: written.map((row) => ({ ...scopeColumns(row, undefined), seq: row.version })),
    };
  });
}
