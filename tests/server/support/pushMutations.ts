import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { SyncPushResponse, type Mutation, type MutationResult } from '../../../shared/api/syncPush.js';
import type { TestBackend } from './testBackend.js';

/** A mutation with a fresh id, as a seat would queue it. */
export function mutationOf(entity: Mutation['entity'], op: Mutation['op'], entityId: string, patch: Record<string, unknown>, baseVersion = 0): Mutation {
  return { mutationId: randomUUID(), entity, entityId, op, baseVersion, patch };
}

/** POST /sync/push from `seatId`; expects 200 and one result per mutation, in their order. */
export async function pushMutations(backend: TestBackend, authorization: string, seatId: string, mutations: Mutation[]): Promise<MutationResult[]> {
  const response = await backend.app.inject({ method: 'POST', url: '/sync/push', headers: { authorization }, payload: { seatId, mutations } });
  expect(response.statusCode, response.body).toBe(200);
  const { results } = SyncPushResponse.parse(response.json());
  expect(results.map((r) => r.mutationId)).toEqual(mutations.map((m) => m.mutationId));
  return results;
}

/** What completing an order records (shared/domain/orderLifecycle.ts), for tests that complete one. */
export const TEST_COMPLETION = { resolution: '更换启动电容，试机正常', parts: [{ name: '启动电容', quantity: 1 }], fee: 0, technician: '张师傅' };

/** A status change with what its step records: the completion for completed, a reason for cancelled. */
export function statusPatch(status: string): Record<string, unknown> {
  if (status === 'completed') return { status, completion: TEST_COMPLETION };
  if (status === 'cancelled') return { status, cancelReason: '客户已自行解决' };
  return { status };
}
