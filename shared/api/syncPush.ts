import { z } from 'zod';
import { ReceivedRefusal } from '../domain/refusal.js';
import { receivedCode, RejectionCode } from '../errorCodes.js';

/**
 * The push half of the sync protocol (docs/architecture.md §3). A seat sends the mutations in its outbox;
 * the server answers one result per mutation, in order. `mutationId` makes each mutation
 * idempotent: a retried push returns the first result and never applies twice.
 */

/**
 * `conflict`: a seat may only update `resolved` of a conflict record (shared/domain/conflict.ts).
 * `interaction`: append-only (shared/domain/interaction.ts): create only.
 * `followUp`: made by the server; a seat records the result once (shared/domain/followUp.ts): update only.
 * `partsRequest`: created by agents; its status moves at headquarters (shared/domain/partsRequest.ts): create only.
 * `campaignTarget`: made at headquarters; a seat records a call's outcome (shared/domain/campaign.ts): update only.
 * `complaint`: taken and worked at seats through its workflow (shared/domain/complaint.ts): create and update.
 * `note`: append-only (shared/domain/note.ts): create only.
 * `complaintStep`: append-only, a complaint's recorded steps (shared/domain/complaint.ts): create only.
 */
export const MutationEntity = z.enum(['customer', 'product', 'serviceOrder', 'conflict', 'interaction', 'followUp', 'partsRequest', 'campaignTarget', 'complaint', 'note', 'complaintStep']);
export type MutationEntity = z.infer<typeof MutationEntity>;

export const Mutation = z.object({
  mutationId: z.string().uuid('mutationId must be a UUID'),
  entity: MutationEntity,
  entityId: z.string().uuid('entityId must be a UUID'),
  /**
   * create: patch is the whole new row without version and deleted (id optional, = entityId);
   * update: only the changed fields (updatedAt, stamped by the server, is ignored);
   * delete: makes the row a tombstone (patch is ignored, send {}).
   */
  op: z.enum(['create', 'update', 'delete']),
  /** The row's version the seat last saw (0 for create): fields changed after it are conflicts. */
  baseVersion: z.number().int().nonnegative(),
  patch: z.record(z.string(), z.unknown()),
});
export type Mutation = z.infer<typeof Mutation>;

export const SyncPushRequest = z.object({
  seatId: z.string().min(1).max(64),
  mutations: z.array(Mutation).min(1).max(500),
});
export type SyncPushRequest = z.infer<typeof SyncPushRequest>;

/**
 * One field edited by two seats: the server kept `theirs`; `mine` is kept in the conflict record
 * `conflictId` (shared/domain/conflict.ts), which reaches the branch's seats through pull.
 */
export const FieldConflict = z.object({
  field: z.string(),
  mine: z.unknown(),
  theirs: z.unknown(),
  conflictId: z.string().uuid(),
});
export type FieldConflict = z.infer<typeof FieldConflict>;

export const MutationResult = z.discriminatedUnion('status', [
  z.object({ mutationId: z.string().uuid(), status: z.literal('applied'), version: z.number().int().positive() }),
  z.object({
    mutationId: z.string().uuid(),
    status: z.literal('conflict'),
    /** The row's version after the non-conflicting fields were merged. */
    version: z.number().int().nonnegative(),
    fields: z.array(FieldConflict).min(1),
  }),
  z.object({
    mutationId: z.string().uuid(),
    status: z.literal('rejected'),
    /** A code this build does not know (a newer server's) reads as `unknown`. */
    code: receivedCode(RejectionCode),
    message: z.string(),
    /** The domain rule's refusal when one refused it (its code, field and params). */
    details: ReceivedRefusal.optional(),
  }),
]);
export type MutationResult = z.infer<typeof MutationResult>;

export const SyncPushResponse = z.object({ results: z.array(MutationResult) });
export type SyncPushResponse = z.infer<typeof SyncPushResponse>;
