import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { CampaignAssignResult, CampaignImportResult, type CampaignImportRowError } from '../../shared/domain/campaignImport.js';
import { CampaignList } from '../../shared/api/rest.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { importCampaignRows, previewCampaignImport } from '../../main/services/campaignImport.js';
import { BackendClient } from '../../main/services/sync/backendClient.js';
import { rowsForBackend, type CampaignImportProgress } from '../../shared/domain/campaignImport.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { testEngines } from './support/testDatabase.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

/**
 * Campaign target lists (issue 12) through the seat's import and the backend, on both engines: a
 * GBK file with good and bad rows is previewed (nothing written), then exactly its good rows are
 * written, once; a batch with one bad row writes nothing; targets are shared out round-robin to
 * agents of the campaign's branch only; each role reaches only the lists it manages. And the call
 * back outcome a seat pushes (issue 11): a time later than when it was set, or refused.
 */
describe.each(testEngines())('campaign target lists on %s', (engine) => {
  const { backend, auth } = useTestBackend(
    { customers: 120, engine },
    { agent: 'bj.agent1', agent2: 'bj.agent2', superBj: 'bj.super', parts: 'bj.parts', hq: 'hq.admin', superGz: 'gz.super' },
  );
  const db = () => backend.database.db;
  const bj = () => branchIdOf(backend, 'BJ01');
  const gz = () => branchIdOf(backend, 'GZ01');
  let base = '';
  const seatAs = (authorization: string) => {
    const client = new BackendClient({ baseUrl: base, timeoutMs: 60_000 });
    client.setToken(authorization.replace(/^Bearer /, ''));
    return client;
  };
  const post = (url: string, payload: object, authorization: string) => backend.app.inject({ method: 'POST', url, headers: { authorization }, payload });
  const get = (url: string, authorization: string) => backend.app.inject({ method: 'GET', url, headers: { authorization } });
  const campaignOf = async (branchId: string, kind: 'promotion' | 'delivery_confirmation' | 'installation_appointment') =>
    (await db().selectFrom('campaigns').select('id').where('branchId', '=', branchId).where('kind', '=', kind).executeTakeFirstOrThrow()).id;
  const targetsOf = (campaignId: string) => db().selectFrom('campaignTargets').selectAll().where('campaignId', '=', campaignId).where('deleted', '=', 0).orderBy('position').execute();

  beforeAll(async () => {
    base = await backend.app.listen({ port: 0, host: '127.0.0.1' });
  });

  it('previews a GBK file with good and bad rows (nothing written), then writes exactly the good ones, once', async () => {
    const campaignId = await campaignOf(bj(), 'promotion');
    const existing = await targetsOf(campaignId);
    const targeted = new Set(existing.map((t) => t.customerId));
    const free = backend.households.map((h) => h.customer).filter((c) => c.branchId === bj() && !targeted.has(c.id));
    const [a, b, c, d, e] = free;
    const already = existing[0];
    const gzCustomer = backend.households.map((h) => h.customer).find((x) => x.branchId === gz())!;
    expect(a && b && c && d && e && already).toBeTruthy();
    const national = (phone: string) => phone.replace('+86', '');
    // As Excel on Chinese Windows saves "CSV": GBK, CRLF, a Chinese header, a quoted field with a comma.
    const lines = [
      '客户编号,电话,备注',
      `,${national(a!.phone)},老客户`, // 2 ok by phone
      `${b!.id},,`, // 3 ok by id
      `${c!.id},${national(c!.phone)},"回访,优先"`, // 4 ok by id and phone
      ',1.38001E+10,', // 5 Excel's scientific notation
      `,${national(a!.phone)},`, // 6 same customer again
      ',13912345678,', // 7 a valid mobile, nobody's
      `${gzCustomer.id},,`, // 8 another branch's customer
      `${already!.customerId},,`, // 9 already a target
      `${d!.id},${national(e!.phone)},`, // 10 id and phone of two customers
      `${e!.id},,`, // 11 ok
      ',,', // blank row (skipped)
      'not-an-id,,', // 13 neither a phone nor an id
    ];
    const bytes = iconv.encode(lines.join('\r\n') + '\r\n', 'gbk');
    const seat = seatAs(auth.superBj);
    const progress: CampaignImportProgress[] = [];
    const preview = await previewCampaignImport(seat, campaignId, bytes.toString('base64'), (p) => progress.push(p));
    expect(preview.encoding).toBe('gb18030');
    expect(preview.problem).toBeNull();
    const errorsByLine = Object.fromEntries(preview.rows.map((r) => [r.line, r.errors]));
    expect(errorsByLine).toEqual<Record<number, CampaignImportRowError[]>>({
      2: [],
      3: [],
      4: [],
      5: ['phone_invalid'],
      6: ['duplicate_in_file'],
      7: ['customer_unknown'],
      8: ['customer_unknown'],
      9: ['already_target'],
      10: ['phone_not_of_customer'],
      11: [],
      13: ['customer_id_invalid'],
    });
    expect(preview.rows.find((r) => r.line === 2)?.customerName).toBe(a!.name);
    expect([preview.valid, preview.invalid]).toEqual([4, 7]);
    expect(progress.at(-1)).toEqual({ stage: 'checking', done: 11, total: 11 });
    // The preview wrote nothing.
    expect(await targetsOf(campaignId)).toHaveLength(existing.length);

    const result = await importCampaignRows(seat, campaignId, rowsForBackend(preview.rows), () => undefined);
    expect(result).toMatchObject({ valid: 4, invalid: 0, written: 4 });
    const after = await targetsOf(campaignId);
    expect(after).toHaveLength(existing.length + 4);
    const added = after.slice(existing.length);
    expect(added.map((t) => t.customerId)).toEqual([a!.id, b!.id, c!.id, e!.id]);
    expect(added.map((t) => t.phone)).toEqual([a!.phone, b!.phone, c!.phone, e!.phone]);
    const lastBefore = Math.max(0, ...existing.map((t) => t.position));
    expect(added.map((t) => t.position)).toEqual([lastBefore + 1, lastBefore + 2, lastBefore + 3, lastBefore + 4]);
    expect(added.every((t) => t.status === 'pending' && t.assignedAgentId === null && t.branchId === bj())).toBe(true);
    // Seats learn of them through the change log, as of any other write.
    const logged = await db().selectFrom('changeLog').select('entityId').where('entity', '=', 'campaignTarget').where('entityId', 'in', added.map((t) => t.id)).execute();
    expect(logged).toHaveLength(4);

    // The same import again (a retry after a lost answer) writes nothing: each row is already a target.
    const again = await importCampaignRows(seat, campaignId, rowsForBackend(preview.rows), () => undefined).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(WorkstationError);
    expect((again as WorkstationError).code).toBe('bad_input');
    const refusedRows = ((again as WorkstationError).details as { rows: Array<{ errors: string[] }> }).rows;
    expect(refusedRows.map((r) => r.errors)).toEqual([['already_target'], ['already_target'], ['already_target'], ['already_target']]);
    expect(await targetsOf(campaignId)).toHaveLength(existing.length + 4);
  });

  it('writes all rows or none: one bad row in the batch refuses the whole import', async () => {
    const campaignId = await campaignOf(bj(), 'delivery_confirmation');
    const targeted = new Set((await targetsOf(campaignId)).map((t) => t.customerId));
    const free = backend.households.map((h) => h.customer).filter((c) => c.branchId === bj() && !targeted.has(c.id)).slice(0, 3);
    const before = await targetsOf(campaignId);
    const rows = [...free.map((c, i) => ({ line: i + 2, customerId: c.id, phone: null })), { line: 9, customerId: null, phone: '+8613912345670' }];
    const refused = await post(`/campaigns/${campaignId}/targets/import`, { rows, dryRun: false }, auth.superBj);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.details.import).toMatchObject({ valid: 3, invalid: 1, written: 0 });
    expect(await targetsOf(campaignId)).toHaveLength(before.length);
    // The rule is the schema's too: a phone not in canonical form never reaches the check.
    expect((await post(`/campaigns/${campaignId}/targets/import`, { rows: [{ line: 2, customerId: null, phone: '13800138000' }], dryRun: true }, auth.superBj)).statusCode).toBe(400);
    const written = await post(`/campaigns/${campaignId}/targets/import`, { rows: rows.slice(0, 3), dryRun: false }, auth.superBj);
    expect(written.statusCode, written.body).toBe(200);
    expect(CampaignImportResult.parse(written.json()).written).toBe(3);
    expect(await targetsOf(campaignId)).toHaveLength(before.length + 3);
  });

  it('shares the unassigned targets out round-robin to agents of the campaign’s branch only', async () => {
    const campaignId = await campaignOf(bj(), 'promotion');
    const [agent1, agent2] = [agentIdOf(backend, 'bj.agent1'), agentIdOf(backend, 'bj.agent2')];
    // Another branch's agent, and a role that calls nobody, are refused; nothing is assigned.
    expect((await post(`/campaigns/${campaignId}/targets/assign`, { agentIds: [agent1, agentIdOf(backend, 'gz.agent1')] }, auth.superBj)).statusCode).toBe(400);
    expect((await post(`/campaigns/${campaignId}/targets/assign`, { agentIds: [agentIdOf(backend, 'bj.parts')] }, auth.superBj)).statusCode).toBe(400);
    expect((await targetsOf(campaignId)).filter((t) => t.assignedAgentId !== null)).toHaveLength(0);

    const toCall = (await targetsOf(campaignId)).filter((t) => ['pending', 'no_answer', 'call_back'].includes(t.status));
    const answer = await post(`/campaigns/${campaignId}/targets/assign`, { agentIds: [agent1, agent2] }, auth.superBj);
    expect(answer.statusCode, answer.body).toBe(200);
    const { assigned } = CampaignAssignResult.parse(answer.json());
    expect(assigned.map((x) => x.count).reduce((s, n) => s + n, 0)).toBe(toCall.length);
    const rows = await targetsOf(campaignId);
    const byAgent = (id: string) => rows.filter((t) => t.assignedAgentId === id).length;
    expect(Math.abs(byAgent(agent1) - byAgent(agent2))).toBeLessThanOrEqual(1);
    expect(byAgent(agent1) + byAgent(agent2)).toBe(toCall.length);
    // In dialing order, alternating: the first to agent1, the second to agent2.
    expect(rows.filter((t) => t.assignedAgentId !== null).slice(0, 2).map((t) => t.assignedAgentId)).toEqual([agent1, agent2]);
    // Done and refused targets are not handed out.
    expect(rows.filter((t) => (t.status === 'done' || t.status === 'refused') && t.assignedAgentId !== null)).toHaveLength(0);
    // Again, only the unassigned ones: none left.
    const second = CampaignAssignResult.parse((await post(`/campaigns/${campaignId}/targets/assign`, { agentIds: [agent2] }, auth.superBj)).json());
    expect(second.assigned).toEqual([{ agentId: agent2, count: 0 }]);
  });

  it('reaches only the lists the role manages: a supervisor its branch, headquarters every branch, nobody else', async () => {
    const bjCampaign = await campaignOf(bj(), 'installation_appointment');
    const gzCampaign = await campaignOf(gz(), 'installation_appointment');
    const gzCustomer = backend.households.map((h) => h.customer).find((x) => x.branchId === gz())!;
    const dry = { rows: [{ line: 2, customerId: gzCustomer.id, phone: null }], dryRun: true };
    for (const role of ['agent', 'parts'] as const) {
      expect((await post(`/campaigns/${bjCampaign}/targets/import`, dry, auth[role])).statusCode).toBe(403);
      expect((await post(`/campaigns/${bjCampaign}/targets/assign`, { agentIds: [agentIdOf(backend, 'bj.agent1')] }, auth[role])).statusCode).toBe(403);
      expect((await get('/campaigns/managed', auth[role])).statusCode).toBe(403);
    }
    expect((await post(`/campaigns/${gzCampaign}/targets/import`, dry, auth.superBj)).statusCode).toBe(403);
    expect((await get(`/campaigns/${gzCampaign}/assignable-agents`, auth.superBj)).statusCode).toBe(403);
    const bjManaged = CampaignList.parse((await get('/campaigns/managed', auth.superBj)).json()).items;
    expect(new Set(bjManaged.map((c) => c.branchId))).toEqual(new Set([bj()]));
    const hqManaged = CampaignList.parse((await get('/campaigns/managed', auth.hq)).json()).items;
    expect(hqManaged.some((c) => c.branchId === gz())).toBe(true);
    // Headquarters checks and writes Guangzhou's list; the customer is Guangzhou's, so it is found there.
    const isTarget = (await targetsOf(gzCampaign)).some((t) => t.customerId === gzCustomer.id);
    const checked = CampaignImportResult.parse((await post(`/campaigns/${gzCampaign}/targets/import`, dry, auth.hq)).json());
    expect(checked.rows[0]!.errors).toEqual(isTarget ? ['already_target'] : []);
    // The Beijing supervisor finds no such customer in Beijing's campaign.
    const asBj = CampaignImportResult.parse((await post(`/campaigns/${bjCampaign}/targets/import`, dry, auth.superBj)).json());
    expect(asBj.rows[0]!.errors).toEqual(['customer_unknown']);
    const agents = (await get(`/campaigns/${gzCampaign}/assignable-agents`, auth.hq)).json<{ items: Array<{ branchId: string; role: string }> }>().items;
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.every((a) => a.branchId === gz() && (a.role === 'agent' || a.role === 'supervisor'))).toBe(true);
  });

  it('imports a 10,000-row file: checked in chunks with progress, written in one transaction', async () => {
    const campaignId = await campaignOf(bj(), 'installation_appointment');
    const model = backend.households.find((h) => h.customer.branchId === bj())!.customer;
    const customers = Array.from({ length: 10_000 }, (_, i) => ({ ...model, id: randomUUID(), name: `导入客户${i}`, phone: `+86150${String(i).padStart(8, '0')}`, altPhone: null }));
    for (let i = 0; i < customers.length; i += 1_000) await writeSyncedRows(db(), 'customer', customers.slice(i, i + 1_000));
    const before = (await targetsOf(campaignId)).length;
    const csv = ['手机号码', ...customers.map((c) => c.phone.replace('+86', ''))].join('\r\n');
    const seat = seatAs(auth.superBj);
    const progress: CampaignImportProgress[] = [];
    const started = performance.now();
    const preview = await previewCampaignImport(seat, campaignId, Buffer.from(iconv.encode(csv, 'gbk')).toString('base64'), (p) => progress.push(p));
    const checked = performance.now();
    expect([preview.valid, preview.invalid]).toEqual([10_000, 0]);
    expect(progress.map((p) => p.done)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000, 10_000]);
    const result = await importCampaignRows(seat, campaignId, rowsForBackend(preview.rows), () => undefined);
    const written = performance.now();
    expect(result.written).toBe(10_000);
    expect((await targetsOf(campaignId)).length).toBe(before + 10_000);
    console.log(`campaign import of 10,000 rows on ${engine}: preview ${Math.round(checked - started)} ms, write ${Math.round(written - checked)} ms`);
  }, 120_000);

  it('takes a pushed call back only with a time later than when it was set', async () => {
    const campaignId = await campaignOf(bj(), 'delivery_confirmation');
    const [first, second] = (await targetsOf(campaignId)).filter((t) => t.status === 'pending');
    const agent = agentIdOf(backend, 'bj.agent1');
    const calledAt = new Date().toISOString();
    const outcome = (callBackAt: string | null, status = 'call_back') => ({ status, outcomeNotes: '客户要求晚上再打', calledAt, calledBy: agent, callBackAt });
    const later = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const results = await pushMutations(backend, auth.agent, 'seat-call-backs', [
      mutationOf('campaignTarget', 'update', first!.id, outcome(new Date(Date.now() - 60_000).toISOString()), first!.version),
      mutationOf('campaignTarget', 'update', first!.id, outcome(null), first!.version),
      mutationOf('campaignTarget', 'update', first!.id, outcome(later, 'done'), first!.version),
      mutationOf('campaignTarget', 'update', second!.id, outcome(later), second!.version),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.details as { code?: string } | undefined)?.code : r.status))).toEqual([
      'campaign_call_back_in_past',
      'campaign_call_back_time_required',
      'campaign_call_back_unexpected',
      'applied',
    ]);
    const stored = await db().selectFrom('campaignTargets').selectAll().where('id', '=', second!.id).executeTakeFirstOrThrow();
    expect([stored.status, stored.callBackAt]).toEqual(['call_back', later]);
  });
});
