import type { SyncEntity } from '../api/rest.js';
import { Campaign, CampaignTarget } from '../domain/campaign.js';
import { Complaint, ComplaintStepRecord } from '../domain/complaint.js';
import { Conflict } from '../domain/conflict.js';
import { Customer } from '../domain/customer.js';
import { FollowUp } from '../domain/followUp.js';
import { Interaction } from '../domain/interaction.js';
import { KnowledgeArticle } from '../domain/knowledge.js';
import { Note } from '../domain/note.js';
import { OrderEvent } from '../domain/orderEvent.js';
import { Outlet } from '../domain/outlet.js';
import { PartsRequest } from '../domain/partsRequest.js';
import { Product } from '../domain/product.js';
import { ServiceOrder } from '../domain/serviceOrder.js';
import { syncedEntity, type SyncedEntity } from './syncedEntity.js';

/*
 * Every synced entity's declaration (syncedEntity.ts). Adding a field to an entity takes its
 * schema in shared/domain, one server migration and one seat migration: the rest follows from here.
 */

export const customerEntity = syncedEntity({ schema: Customer, table: 'customers', json: ['tags'] });
export const productEntity = syncedEntity({ schema: Product, table: 'products' });
export const serviceOrderEntity = syncedEntity({ schema: ServiceOrder, table: 'serviceOrders', json: ['warranty', 'feeConsent', 'completion', 'duplicateReview'] });
/** `mine` and `theirs` are any JSON value. */
export const conflictEntity = syncedEntity({ schema: Conflict, table: 'conflicts', flags: ['resolved'], json: ['mine', 'theirs'] });
export const interactionEntity = syncedEntity({ schema: Interaction, table: 'interactions' });
export const followUpEntity = syncedEntity({ schema: FollowUp, table: 'followUps' });
export const outletEntity = syncedEntity({ schema: Outlet, table: 'outlets', json: ['regionCodes', 'categories'] });
export const orderEventEntity = syncedEntity({ schema: OrderEvent, table: 'orderEvents' });
export const knowledgeArticleEntity = syncedEntity({ schema: KnowledgeArticle, table: 'knowledgeArticles', json: ['tags'] });
export const partsRequestEntity = syncedEntity({ schema: PartsRequest, table: 'partsRequests' });
export const campaignEntity = syncedEntity({ schema: Campaign, table: 'campaigns' });
export const campaignTargetEntity = syncedEntity({ schema: CampaignTarget, table: 'campaignTargets' });
export const complaintEntity = syncedEntity({ schema: Complaint, table: 'complaints' });
export const noteEntity = syncedEntity({ schema: Note, table: 'notes' });
export const complaintStepEntity = syncedEntity({ schema: ComplaintStepRecord, table: 'complaintSteps' });

/** The declarations by entity name; the compiler checks it names every SyncEntity, and only those. */
export const syncedEntities = {
  customer: customerEntity,
  product: productEntity,
  serviceOrder: serviceOrderEntity,
  conflict: conflictEntity,
  interaction: interactionEntity,
  followUp: followUpEntity,
  outlet: outletEntity,
  orderEvent: orderEventEntity,
  knowledgeArticle: knowledgeArticleEntity,
  partsRequest: partsRequestEntity,
  campaign: campaignEntity,
  campaignTarget: campaignTargetEntity,
  complaint: complaintEntity,
  note: noteEntity,
  complaintStep: complaintStepEntity,
} as const satisfies { [E in SyncEntity]: SyncedEntity };

export type SyncedEntities = typeof syncedEntities;
