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

