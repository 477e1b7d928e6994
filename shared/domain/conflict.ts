import { z } from 'zod';
import { MutationEntity } from '../api/syncPush.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

/**
 * The entities whose fields can conflict: conflict records, append-only records (calls, follow-up
 * results, notes), parts requests (never updated by seats), campaign outcomes (recorded once) and
 * complaints (each step is checked against the server's status by the workflow) do not.
 */
export const ConflictingEntity = MutationEntity.exclude(['conflict', 'interaction', 'followUp', 'partsRequest', 'campaignTarget', 'complaint', 'note', 'complaintStep']);
export type ConflictingEntity = z.infer<typeof ConflictingEntity>;

/**
 * A field two seats edited concurrently (docs/architecture.md §3, conflicts). The server kept `theirs` (the
 * value already on the server); `mine` is what the pushing seat wanted. Nothing is lost silently:
 * the record syncs to the branch's seats until an agent resolves it.
 */
export const Conflict = z.object({
  ...syncedRowFields,
  entity: ConflictingEntity,
  entityId: z.string().uuid(),
  branchId: z.string().uuid(),
  field: z.string().min(1),
  mine: z.unknown(),
  theirs: z.unknown(),
  /** The pushed mutation that lost the race. */
  mutationId: z.string().uuid(),
  seatId: z.string().min(1),
  agentId: z.string().uuid(),
  createdAt: IsoTimestamp,
  resolved: z.boolean(),
  /** Who wrote the kept value (`theirs`) and when; null when the server wrote it or did not record it. */
  theirsAgentId: z.string().uuid().nullable(),
  theirsSeatId: z.string().min(1).nullable(),
  theirsAt: IsoTimestamp.nullable(),
});
export type Conflict = z.infer<typeof Conflict>;
