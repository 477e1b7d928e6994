import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { DEMO_AGENT, OTHER_BRANCH_AGENT } from '../support/demo.js';
import { twoSeats } from '../support/seats.js';
import { drainOutbox } from '../support/seatedBackend.js';

/**
 * A real backend process and two seats, one of branch BJ01 and one of GZ01, each on its own link.
 * The BJ seat, with its link down, registers a product, requests parts, searches the knowledge base
 * and works a campaign; once back online each change reaches the server exactly once. The GZ seat
 * never sees BJ's campaign targets or parts requests, not even by crafted REST requests.
 */
const branches = twoSeats('parts-knowledge-campaigns', [DEMO_AGENT.login, OTHER_BRANCH_AGENT.login], { customers: 300 });

function serverRows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(branches.backend.dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('products, parts requests, knowledge and campaigns at the seat', () => {
  it('made offline, they reach the server exactly once; knowledge is searchable offline', async () => {
    const bj = branches.clients[0];
    const customerId = branches.backend.sampleCustomer.id;
    branches.links[0]!.setDown(true);

    const product = await bj.products.create({ customerId, serialNumber: 'rf2611c0000999', model: 'BCD-520W', category: 'refrigerator', purchaseDate: '2026-10-20' });
    expect(product).toMatchObject({ serialNumber: 'RF2611C0000999', warrantyMonths: 36, version: 0 });
    const twice = bj.products.create({ customerId, serialNumber: 'RF2611C0000999', model: 'X', category: 'tv', purchaseDate: '2026-10-20' });
    await expect(twice).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('serialNumber') });
    const badDate = bj.products.create({ customerId, serialNumber: 'RF2611C0000998', model: 'X', category: 'tv', purchaseDate: '2026-13-01' });
    await expect(badDate).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('purchaseDate') });

    const order = await bj.orders.create({ customerId, productId: product.id, type: 'repair', fault: '冷藏室不制冷' });
    const request = await bj.partsRequests.create({ orderId: order.id, partNumber: 'rf-thm-0101', quantity: 1, note: '温控器' });
    expect(request).toMatchObject({ status: 'requested', partNumber: 'RF-THM-0101', orderId: order.id });
    expect((await bj.partsRequests.ofOrder({ orderId: order.id })).map((r) => r.id)).toEqual([request.id]);
    await expect(bj.partsRequests.create({ orderId: order.id, partNumber: 'RF-THM-0101', quantity: 100 })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('quantity') });

    // Knowledge search from the cache alone: Chinese fragments, English words and prefixes, a category.
    const chinese = await bj.knowledge.search({ query: '不制冷' });
    expect(chinese.map((a) => a.title)).toContain('空调不制冷的排查话术');
    const english = await bj.knowledge.search({ query: 'drain pum' });
    expect(english.map((a) => a.title)).toEqual(['Washing machine error code E4']);
    const washing = await bj.knowledge.search({ query: '', category: 'washing_machine' });
    expect(washing.every((a) => a.category === 'washing_machine' || a.category === null)).toBe(true);
    expect(washing.some((a) => a.category === 'washing_machine')).toBe(true);
    // Query syntax typed by the agent is searched for, never interpreted.
    expect(await bj.knowledge.search({ query: 'zzq" OR NEAR(' })).toEqual([]);

    // Preview dialing offline: the next pending target with the customer's record, then its outcome.
    const campaign = (await bj.campaigns.list()).find((c) => c.progress.pending > 0)!;
    const preview = (await bj.campaigns.nextTarget({ campaignId: campaign.id }))!;
    expect(preview.customer?.id).toBe(preview.target.customerId);
    const called = await bj.campaigns.recordOutcome({ targetId: preview.target.id, status: 'done', notes: '已确认' });
    expect(called.status).toBe('done');
    const following = await bj.campaigns.nextTarget({ campaignId: campaign.id });
    expect(following?.target.id).not.toBe(preview.target.id);
    await expect(bj.campaigns.recordOutcome({ targetId: preview.target.id, status: 'refused' })).rejects.toMatchObject({
      code: 'invalid_transition',
      details: { code: 'campaign_outcome_final', params: { status: 'done' } },
    });

    expect(await bj.sync.now()).toMatchObject({ online: false, pending: 4 });
    branches.links[0]!.setDown(false);
    await drainOutbox(bj);
    await bj.sync.now();

    // Exactly once: one row each, one change-log entry for each create, and the outcome applied once.
    expect(serverRows('SELECT id FROM products WHERE serial_number = ?', 'RF2611C0000999')).toEqual([{ id: product.id }]);
    expect(serverRows('SELECT id, status, requested_by FROM parts_requests WHERE order_id = ?', order.id)).toEqual([
      { id: request.id, status: 'requested', requested_by: request.requestedBy },
    ]);
    for (const id of [product.id, request.id]) expect(serverRows('SELECT seq FROM change_log WHERE entity_id = ?', id)).toHaveLength(1);
    expect(serverRows('SELECT status, outcome_notes FROM campaign_targets WHERE id = ?', preview.target.id)).toEqual([{ status: 'done', outcome_notes: '已确认' }]);
    expect(serverRows('SELECT seq FROM change_log WHERE entity_id = ?', preview.target.id).length).toBe(2); // seeded, then the outcome

    // The server's versions came back through pull.
    const synced = await bj.partsRequests.ofOrder({ orderId: order.id });
    expect(synced[0]?.version).toBeGreaterThan(0);
  });

  it("branch GZ's seat never gets BJ's campaign targets or parts requests, by pull or by crafted requests", async () => {
    const bj = branches.clients[0];
    const gz = branches.clients[1];
    await gz.sync.now();
    const bjCampaigns = await bj.campaigns.list();
    const gzCampaigns = await gz.campaigns.list();
    expect(gzCampaigns.length).toBe(3);
    expect(gzCampaigns.some((c) => bjCampaigns.some((b) => b.id === c.id))).toBe(false);
    await expect(gz.campaigns.nextTarget({ campaignId: bjCampaigns[0]!.id })).rejects.toMatchObject({ code: 'not_found' });

    const bjRequest = serverRows<{ id: string; order_id: string }>(
      "SELECT r.id, r.order_id FROM parts_requests r JOIN branches b ON b.id = r.branch_id WHERE b.code = 'BJ01' LIMIT 1",
    )[0]!;
    expect(await gz.partsRequests.ofOrder({ orderId: bjRequest.order_id })).toEqual([]);

    // Crafted REST requests with the GZ agent's own token.
    const login = await fetch(`${branches.backend.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: OTHER_BRANCH_AGENT.login, password: OTHER_BRANCH_AGENT.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const get = (url: string) => fetch(`${branches.backend.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(`/parts-requests/${bjRequest.id}`)).status).toBe(403);
    expect(((await (await get(`/parts-requests?orderId=${bjRequest.order_id}`)).json()) as { items: unknown[] }).items).toEqual([]);
    for (const url of [`/campaigns/${bjCampaigns[0]!.id}/targets`, `/campaigns/${bjCampaigns[0]!.id}/next-target`]) expect((await get(url)).status).toBe(403);
    const pull = (await (await get('/sync/pull?cursor=0&limit=10000')).json()) as { changes: Array<{ entity: string; row: { id: string; branchId?: string } }> };
    const bjBranchId = serverRows<{ id: string }>("SELECT id FROM branches WHERE code = 'BJ01'")[0]!.id;
    expect(pull.changes.filter((c) => c.row.branchId === bjBranchId)).toEqual([]);
    expect(pull.changes.some((c) => c.entity === 'campaignTarget')).toBe(true);
  });
});
