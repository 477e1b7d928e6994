import type { Migration } from 'kysely';
import type { DialectName } from '../openServerDatabase.js';
import { initialSchema } from './0001_initial.js';
import { syncPushSchema } from './0002_sync_push.js';
import { orderListIndex } from './0003_order_list_index.js';
import { orderEvents } from './0004_order_events.js';
import { interactions } from './0005_interactions.js';
import { followUps } from './0006_follow_ups.js';
import { outlets } from './0007_outlets.js';
import { knowledgePartsCampaigns } from './0008_knowledge_parts_campaigns.js';
import { orderDispatch } from './0009_order_dispatch.js';
import { pullScope } from './0010_pull_scope.js';
import { snapshotKeysetIndexes } from './0011_snapshot_keyset_indexes.js';
import { orderWarranty } from './0012_order_warranty.js';
import { loginThrottle } from './0013_login_throttle.js';
import { orderLifecycle } from './0014_order_lifecycle.js';
import { regions } from './0015_regions.js';
import { complaintsNotes } from './0016_complaints_notes.js';
import { changeLogSequence } from './0017_change_log_sequence.js';
import { kpiIndexes } from './0018_kpi_indexes.js';
import { partsDesk } from './0019_parts_desk.js';
import { shiftHandover } from './0020_shift_handover.js';
import { conflictKeptBy } from './0021_conflict_kept_by.js';
import { agentPresence } from './0022_agent_presence.js';
import { customerTags } from './0023_customer_tags.js';
import { contactChannels } from './0024_contact_channels.js';
import { complaintSteps } from './0025_complaint_steps.js';
import { campaignTargetLists } from './0026_campaign_target_lists.js';
import { outletCapacity } from './0027_outlet_capacity.js';
import { kpiLookupIndexes } from './0028_kpi_lookup_indexes.js';
import { duplicateReview } from './0029_duplicate_review.js';
import { agentSipUser } from './0030_agent_sip_user.js';
import { cacheKeyEscrow } from './0031_cache_key_escrow.js';
import { kpiDayCells } from './0032_kpi_day_cells.js';

/**
 * Every migration, in order. A static list (not a folder scan) so bundling and tsx behave alike;
 * migrations are forward-only: add a new numbered file, never edit an applied one.
 */
export function serverMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial': initialSchema(dialect),
    '0002_sync_push': syncPushSchema,
    '0003_order_list_index': orderListIndex,
    '0004_order_events': orderEvents,
    '0005_interactions': interactions,
    '0006_follow_ups': followUps,
    '0007_outlets': outlets,
    '0008_knowledge_parts_campaigns': knowledgePartsCampaigns,
    '0009_order_dispatch': orderDispatch,
    '0010_pull_scope': pullScope,
    '0011_snapshot_keyset_indexes': snapshotKeysetIndexes,
    '0012_order_warranty': orderWarranty,
    '0013_login_throttle': loginThrottle,
    '0014_order_lifecycle': orderLifecycle,
    '0015_regions': regions,
    '0016_complaints_notes': complaintsNotes,
    '0017_change_log_sequence': changeLogSequence(dialect),
    '0018_kpi_indexes': kpiIndexes,
    '0019_parts_desk': partsDesk,
    '0020_shift_handover': shiftHandover,
    '0021_conflict_kept_by': conflictKeptBy,
    '0022_agent_presence': agentPresence,
    '0023_customer_tags': customerTags,
    '0024_contact_channels': contactChannels,
    '0025_complaint_steps': complaintSteps,
    '0026_campaign_target_lists': campaignTargetLists,
    '0027_outlet_capacity': outletCapacity,
    '0028_kpi_lookup_indexes': kpiLookupIndexes,
    '0029_duplicate_review': duplicateReview,
    '0030_agent_sip_user': agentSipUser,
    '0031_cache_key_escrow': cacheKeyEscrow,
    '0032_kpi_day_cells': kpiDayCells,
  };
}
