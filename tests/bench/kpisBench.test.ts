import { describe, expect, it } from 'vitest';
import { benchKpis } from '../../bench/kpis.js';

/**
 * `npm run bench -- kpis` at a tiny scale (3,000 orders, 20 agents on the board for 4 s), so a
 * change that breaks the benchmark (its generated data no longer fits the schema, a route it
 * times moved, presence events no longer reaching the board) fails here rather than on the next
 * long run. Figures are not asserted: only that every query was answered and every report reached
 * the boards.
 */
describe('npm run bench -- kpis (smoke, tiny scale)', () => {
  it('generates the data, answers every desk query and carries every presence report to both boards', { timeout: 600_000 }, async () => {
    const result = await benchKpis({ scale: 0.001, repeats: 1, boardAgents: 20, boardSeconds: 4, intervalMs: 1000, workers: 2, explain: false, queryTimeoutSeconds: 60, save: false });

    expect(result.data.service_orders).toBeGreaterThanOrEqual(3000);
    expect(result.data.interactions).toBeGreaterThanOrEqual(5000);
    expect(result.data.agents).toBeGreaterThanOrEqual(500);
    // The backend's job rolled the figures' day cells of every day before the live window (about a year).
    expect(result.dayCells.days).toBeGreaterThan(300);
    expect(result.dayCells.cells).toBeGreaterThan(0);
    expect(result.queries.length).toBeGreaterThanOrEqual(30);
    for (const query of result.queries) {
      expect(query.failed, query.name).toBeNull();
      expect(query.n, query.name).toBeGreaterThanOrEqual(1);
    }
    // The figures are read, not empty: each grouping of the branch and of headquarters has rows, and the drill-down lists orders.
    for (const name of ['branch month by agent', 'branch month by region', 'HQ month by branch', 'HQ month by category', "drill: agent's month, orders", "drill: HQ branch's month, orders"]) {
      expect(result.queries.find((q) => q.name === name)?.rows, name).toBeGreaterThan(0);
    }
    expect(result.board.errors).toBe(0);
    expect(result.board.headquartersBoard.reportsSent).toBeGreaterThan(20);
    // Every report reaches headquarters' board, and (the 20 agents are BJ01's) the supervisor's.
    expect(result.board.headquartersBoard.eventsReceived).toBe(result.board.headquartersBoard.reportsSent);
    expect(result.board.supervisorBoard.eventsReceived).toBe(result.board.headquartersBoard.reportsSent);
  });
});
