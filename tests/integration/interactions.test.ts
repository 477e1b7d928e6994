import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { NewInteraction } from '../../shared/domain/interaction.js';
import { twoSeatsOfOneBranch } from '../support/seats.js';

/**
 * Calls saved at a seat whose link is down: they count in the agent's figures at once, are
 * pushed exactly once when the link returns (even when the first answer is lost), and then show
 * in the customer's past contacts at another seat of the branch.
 */
// Every response through a link with faults on is cut: a push's answer never arrives.
const branch = twoSeatsOfOneBranch('interactions', { customers: 120, plan: { drop: 0, delay: 0, delayMs: [0, 0], cutResponse: 1 } });

describe('interactions recorded offline', () => {
  it('count in the figures at once, push exactly once, and reach another seat', async () => {
    const [a, b] = branch.clients;
    const customerId = branch.backend.sampleCustomer.id;
    const call = (overrides: Partial<NewInteraction>): NewInteraction => ({
      customerId,
      direction: 'inbound',
      remoteNumber: branch.backend.sampleCustomer.phone,
      startedAt: new Date().toISOString(),
      ringSeconds: 3,
      talkSeconds: 120,
      wrapUpSeconds: 30,
      disposition: 'resolved',
      notes: '咨询保修期',
      ...overrides,
    });

    // Today's figures before: the demo day may already hold calls of today (seeded after midnight in China).
    const before = { a: await a.agent.figuresToday(), b: await b.agent.figuresToday() };
    branch.links[0]!.setDown(true);
    expect((await a.sync.now()).online).toBe(false);
    const known = await a.interactions.record(call({}));
    const unknown = await a.interactions.record(call({ customerId: null, remoteNumber: null, talkSeconds: 40, wrapUpSeconds: 10, disposition: 'wrong_number' }));
    expect(known).toMatchObject({ customerId, version: 0, deleted: false });
    await expect(a.interactions.record(call({ customerId: '4f1c2a8e-0d5b-4c39-9a53-2f7e8b6d1c00' }))).rejects.toMatchObject({ code: 'not_found' });
    await expect(a.interactions.record({ ...call({}), talkSeconds: -5 })).rejects.toMatchObject({ code: 'bad_input' });
    const handled = before.a.averageHandleSeconds * before.a.calls + 150 + 50;
    const figures = await a.agent.figuresToday();
    expect(figures).toMatchObject({ calls: before.a.calls + 2, followUpsDone: before.a.followUpsDone });
    expect(figures.averageHandleSeconds).toBeCloseTo(handled / (before.a.calls + 2), 6);

    // Back online, but the first push's answer is lost: the seat retries, the server applies once.
    expect(await a.sync.now()).toMatchObject({ online: false, pending: 2 });
    branch.links[0]!.setDown(false);
    branch.links[0]!.setFaults(true);
    // A cycle that began while the link was down may still be finishing: sync until a push's answer was cut.
    for (let tries = 0; tries < 10 && branch.links[0]!.counts.cut === 0; tries++) await a.sync.now();
    expect(branch.links[0]!.counts.cut).toBeGreaterThan(0);
    branch.links[0]!.setFaults(false);
    let pending = (await a.sync.now()).pending;
    if (pending > 0) pending = (await a.sync.now()).pending;
    expect(pending).toBe(0);

    const server = new Database(branch.backend.dbFile, { readonly: true });
    const logged = server.prepare("SELECT entity_id AS id FROM change_log WHERE entity = 'interaction' AND entity_id IN (?, ?)").all(known.id, unknown.id);
    const rows = server.prepare('SELECT id, agent_id AS agentId FROM interactions WHERE id IN (?, ?)').all(known.id, unknown.id) as Array<{ agentId: string }>;
    server.close();
    expect(logged).toHaveLength(2);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.agentId === known.agentId)).toBe(true);

    await b.sync.now();
    const atB = await b.interactions.ofCustomer({ customerId });
    // The new call first, once; the customer's earlier calls (demo data) after it.
    expect(atB[0]!.id).toBe(known.id);
    expect(atB.filter((i) => i.id === known.id || i.id === unknown.id).map((i) => i.id)).toEqual([known.id]);
    expect(atB[0]).toEqual({ ...known, version: expect.any(Number) });
    expect(atB[0]!.version).toBeGreaterThan(0);
    // The figures are each agent's own.
    expect((await b.agent.figuresToday()).calls).toBe(before.b.calls);
    expect((await a.agent.figuresToday()).calls).toBe(before.a.calls + 2);
  });
});
