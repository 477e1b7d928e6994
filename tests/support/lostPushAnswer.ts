import type { FastifyInstance } from 'fastify';
import { SyncPushRequest, type Mutation } from '../../shared/api/syncPush.js';
import type { WorkstationError } from '../../shared/workstationApi.js';

/** What {@link loseFirstPushAnswerOf} saw: how often each watched mutation reached /sync/push, and the answers it dropped. */
export interface PushTally {
  received: Map<string, number>;
  lostAnswers: number;
}

/**
 * Counts every pushed mutation `watched` picks, and drops the answer of the first push carrying
 * one after the database committed it: the lost answer a seat must retry without the backend
 * applying anything twice. For `startSeatedBackend`'s `beforeListen`.
 */
export function loseFirstPushAnswerOf(app: FastifyInstance, watched: (mutation: Mutation) => boolean): PushTally {
  const tally: PushTally = { received: new Map(), lostAnswers: 0 };
  const watchedIn = (body: unknown): Mutation[] => {
    const parsed = SyncPushRequest.safeParse(body);
    return parsed.success ? parsed.data.mutations.filter(watched) : [];
  };
  app.addHook('preHandler', async (request) => {
    if (request.url !== '/sync/push') return;
    for (const m of watchedIn(request.body)) tally.received.set(m.mutationId, (tally.received.get(m.mutationId) ?? 0) + 1);
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.url !== '/sync/push' || tally.lostAnswers > 0) return payload;
    if (watchedIn(request.body).length > 0) {
      tally.lostAnswers++;
      request.raw.socket.destroy();
    }
    return payload;
  });
  return tally;
}

/** The error a seat call was refused with; throws when it was not refused. */
export async function refusalOf(call: Promise<unknown>): Promise<{ code: string; details: { code: string; params: Record<string, unknown> } }> {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as WorkstationError | null;
  if (!error) throw new Error('expected a refusal');
  return error as never;
}
