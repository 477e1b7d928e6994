import crypto from 'node:crypto';
import { Interaction, manualContactRefusal, type NewManualContactParsed } from '../../shared/domain/interaction.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { nowOf, recordLocalRow, type SeatChangeContext } from './recordLocalRow.js';

/**
 * Records a contact the agent had outside the softphone ("the customer came to the outlet",
 * "called on another line", WeChat, email) on the customer, as this agent (offline too). It is an
 * interaction with that channel and no ring, talk or wrap-up time; never changed afterwards.
 */
export function recordManualContact(ctx: SeatChangeContext, input: NewManualContactParsed): Interaction {
  const now = nowOf(ctx);
  const refused = manualContactRefusal(input, now);
  if (refused) throw WorkstationError.refused('bad_input', refused);
  const customer = ctx.cache.customers.get(input.customerId);
  if (!customer) throw new WorkstationError('not_found', `customer ${input.customerId} is not in this seat's cache`);
  const patch = {
    branchId: ctx.branch.id,
    agentId: ctx.agent.id,
    customerId: customer.id,
    direction: input.direction,
    remoteNumber: null,
    startedAt: input.at === null ? now.toISOString() : new Date(Math.min(Date.parse(input.at), now.getTime())).toISOString(),
    ringSeconds: 0,
    talkSeconds: 0,
    wrapUpSeconds: 0,
    disposition: 'other',
    notes: input.text.trim(),
    channel: input.channel,
  };
  return recordLocalRow(ctx, { entity: 'interaction', entityId: input.id ?? crypto.randomUUID(), op: 'create', patch }, Interaction);
}
