import type { CacheMigration } from './cacheMigration.js';
import { syncedTablesAndMeta } from './0001_synced_tables_and_meta.js';
import { outbox } from './0002_outbox.js';
import { conflicts } from './0003_conflicts.js';
import { searchIndex } from './0004_search_index.js';
import { interactions } from './0005_interactions.js';
import { followUps } from './0006_follow_ups.js';
import { outlets } from './0007_outlets.js';
import { trigramIndex } from './0008_trigram_index.js';
import { knowledgePartsCampaigns } from './0009_knowledge_parts_campaigns.js';
import { orderDispatch } from './0010_order_dispatch.js';
import { searchReindex } from './0011_search_reindex.js';
import { orderNumberAndModelSearch } from './0012_order_number_and_model_search.js';
import { orderWarranty } from './0013_order_warranty.js';
import { orderLifecycle } from './0014_order_lifecycle.js';
import { regions } from './0015_regions.js';
import { complaintsNotes } from './0016_complaints_notes.js';
import { shiftHandover } from './0017_shift_handover.js';
import { conflictKeptBy } from './0018_conflict_kept_by.js';
import { myWork } from './0019_my_work.js';
import { customerTags } from './0020_customer_tags.js';
import { contactChannels } from './0021_contact_channels.js';
import { deadLetterRefusal } from './0022_dead_letter_refusal.js';
import { complaintSteps } from './0023_complaint_steps.js';
import { campaignCallBacks } from './0024_campaign_call_backs.js';
import { outletCapacity } from './0025_outlet_capacity.js';
import { duplicateReview } from './0026_duplicate_review.js';

/**
 * Every seat cache migration, in order (a static list, not a folder scan, so that the Electron
 * bundle and tsx behave alike). Released migrations are frozen: seats in the field ran them, so
 * editing one changes nothing for them and gives new installs a different schema.
 *
 * To change the schema:
 * 1. Add the next numbered file here (e.g. `0014_order_resolution.ts`) exporting a `CacheMigration`
 *    whose `version` is the next number and whose `sql` is written out in full: no imports of live
 *    constants, so later edits of the live code cannot rewrite it.
 * 2. Append it to the list below.
 * 3. Add its SHA-256 to `RELEASED` in migrations.test.ts (the test prints it when missing).
 * 4. If it changes a full-text trigger, change searchIndexTriggers.ts to match: an initial sync
 *    makes those triggers again from there, and migrations.test.ts checks they agree.
 */
export const cacheMigrations: readonly CacheMigration[] = [
  syncedTablesAndMeta,
  outbox,
  conflicts,
  searchIndex,
  interactions,
  followUps,
  outlets,
  trigramIndex,
  knowledgePartsCampaigns,
  orderDispatch,
  searchReindex,
  orderNumberAndModelSearch,
  orderWarranty,
  orderLifecycle,
  regions,
  complaintsNotes,
  shiftHandover,
  conflictKeptBy,
  myWork,
  customerTags,
  contactChannels,
  deadLetterRefusal,
  complaintSteps,
  campaignCallBacks,
  outletCapacity,
  duplicateReview,
];
