import { z } from 'zod';
import { normalisePhone } from '../phone.js';
import { CanonicalPhone } from './customer.js';

/**
 * A campaign's target list imported from a CSV file of customers (docs/architecture.md §6,
 * "Campaign target lists"). The file names each customer by phone and/or customer id; each row is
 * checked here (what the file alone tells: a phone libphonenumber-js cannot read, a malformed id,
 * a customer twice) and by the backend (an unknown customer, one of another branch, one already a
 * target), shown as a preview, and only then written: every valid row in one transaction.
 * The seat decodes the bytes (main/services/campaignImport.ts); this module works on text.
 */

/** The most rows one file may hold (a branch's list for a campaign: 10,000 is the size it is made for). */
export const CAMPAIGN_IMPORT_MAX_ROWS = 10_000;

/** Why a row of the file cannot become a target. */
export const CampaignImportRowError = z.enum([
  /** Neither a phone nor a customer id in the row. */
  'empty_row',
  /** The phone is not a dialable number (libphonenumber-js), e.g. Excel's 1.38001E+10. */
  'phone_invalid',
  /** The customer id is not a UUID. */
  'customer_id_invalid',
  /** The same customer (by id or phone) appears on an earlier line of the file. */
  'duplicate_in_file',
  /** No customer of the campaign's branch has this id or phone. */
  'customer_unknown',
  /** The customer id and the phone name two different customers. */
  'phone_not_of_customer',
  /** The customer is already a target of the campaign. */
  'already_target',
]);
export type CampaignImportRowError = z.infer<typeof CampaignImportRowError>;

/** One row as the file gives it, after the file's own checks: the line it starts on, and what names the customer. */
export const CampaignImportRow = z.object({
  /** 1-based line of the file (the header is line 1 when there is one). */
  line: z.number().int().positive(),
  customerId: z.string().uuid().nullable(),
  phone: CanonicalPhone.nullable(),
});
export type CampaignImportRow = z.infer<typeof CampaignImportRow>;

/** POST /campaigns/{id}/targets/import: check the rows (dryRun), or write them all or none. */
export const CampaignImportRequest = z.object({
  rows: z.array(CampaignImportRow).min(1, 'the file has no rows').max(CAMPAIGN_IMPORT_MAX_ROWS, `at most ${CAMPAIGN_IMPORT_MAX_ROWS} rows per file`),
  /** true: only check (the preview); false: write every row, or none if any row is refused. */
  dryRun: z.boolean(),
});
export type CampaignImportRequest = z.infer<typeof CampaignImportRequest>;

/** One row of the preview: the customer it found (if any) and every reason it is refused (none: it will be written). */
export const CampaignImportRowResult = z.object({
  line: z.number().int().positive(),
  customerId: z.string().uuid().nullable(),
  customerName: z.string().nullable(),
  phone: CanonicalPhone.nullable(),
  /** The row as the file wrote it (phone / id), for the preview when it could not be read. */
  text: z.string().max(200).optional(),
  errors: z.array(CampaignImportRowError),
});
export type CampaignImportRowResult = z.infer<typeof CampaignImportRowResult>;

export const CampaignImportResult = z.object({
  rows: z.array(CampaignImportRowResult),
  valid: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  /** Targets written (0 for a dry run, or when a row was refused). */
  written: z.number().int().nonnegative(),
});
export type CampaignImportResult = z.infer<typeof CampaignImportResult>;

/** POST /campaigns/{id}/targets/assign: the campaign's targets not yet called to agents of its branch. */
export const CampaignAssignRequest = z.object({
  agentIds: z.array(z.string().uuid()).min(1, 'choose at least one agent').max(200),
  /** round_robin: in the order listed, by dialing order; counts differ by at most one. */
  mode: z.enum(['round_robin']).default('round_robin'),
  /** true: only targets assigned to nobody; false: every target still to call (pending or call back) is shared out again. */
  onlyUnassigned: z.boolean().default(true),
});
export type CampaignAssignRequest = z.infer<typeof CampaignAssignRequest>;

export const CampaignAssignResult = z.object({
  assigned: z.array(z.object({ agentId: z.string().uuid(), count: z.number().int().nonnegative() })),
});
export type CampaignAssignResult = z.infer<typeof CampaignAssignResult>;

/** Why the file as a whole cannot be read (no row is then shown). */
export type CampaignCsvProblem = 'empty_file' | 'too_many_rows' | 'no_customer_column';

/** What the file says, row by row, before any check: the cells that name the customer. */
export interface CampaignCsvRow {
  line: number;
  phoneText: string;
  customerIdText: string;
}

const PHONE_HEADERS = ['phone', 'mobile', 'tel', 'telephone', '电话', '手机', '手机号', '手机号码', '电话号码', '联系电话', '联系方式'];
const CUSTOMER_HEADERS = ['customerid', 'customer_id', 'customer id', 'id', '客户编号', '客户id', '客户号', '客户ID'];
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The records of a CSV text (RFC 4180: quoted fields may hold commas, quotes as "" and line
 * breaks; CRLF or LF), each with the line it starts on. A BOM left on the text is dropped.
 */
export function csvRecords(text: string): Array<{ line: number; cells: string[] }> {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let touched = false;
  const endRecord = () => {
    cells.push(cell);
    if (touched || cells.length > 1 || cell !== '') records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    touched = false;
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
      touched = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      touched = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0 || touched) endRecord();
  // A record of empty cells only (",,," from Excel's blank rows) is no row.
  return records.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

const headerKey = (cell: string) => cell.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The customer cells of each row. A first row naming a phone and/or customer id column
 * (电话 / 手机 / phone …, 客户编号 / customerId …) is the header; without one every cell that is a
 * UUID is the customer id and the first other non-empty cell the phone.
 */
export function campaignCsvRows(text: string): { rows: CampaignCsvRow[]; problem: CampaignCsvProblem | null } {
  const records = csvRecords(text);
  const first = records[0];
  if (!first) return { rows: [], problem: 'empty_file' };
  const keys = first.cells.map(headerKey);
  const phoneAt = keys.findIndex((k) => PHONE_HEADERS.includes(k));
  const customerAt = keys.findIndex((k) => CUSTOMER_HEADERS.map(headerKey).includes(k));
  const hasHeader = phoneAt >= 0 || customerAt >= 0;
  const looksLikeData = first.cells.some((c) => UUID_PATTERN.test(c.trim()) || normalisePhone(c) !== null);
  if (!hasHeader && !looksLikeData) return { rows: [], problem: 'no_customer_column' };
  const data = hasHeader ? records.slice(1) : records;
  if (data.length === 0) return { rows: [], problem: 'empty_file' };
  if (data.length > CAMPAIGN_IMPORT_MAX_ROWS) return { rows: [], problem: 'too_many_rows' };
  const rows = data.map(({ line, cells }) => {
    if (hasHeader) return { line, phoneText: phoneAt >= 0 ? (cells[phoneAt] ?? '').trim() : '', customerIdText: customerAt >= 0 ? (cells[customerAt] ?? '').trim() : '' };
    const trimmed = cells.map((c) => c.trim());
    return { line, customerIdText: trimmed.find((c) => UUID_PATTERN.test(c)) ?? '', phoneText: trimmed.find((c) => c !== '' && !UUID_PATTERN.test(c)) ?? '' };
  });
  return { rows, problem: null };
}

/**
 * The checks the file alone decides, for every row: what it names (a canonical phone, a customer
 * id) and why it is refused. A customer twice (the same id, or the same phone) is refused from its
 * second line on. The backend runs the same check on what it is sent (`duplicatesInRows`).
 */
export function checkCampaignCsvRows(rows: readonly CampaignCsvRow[]): CampaignImportRowResult[] {
  const results = rows.map(({ line, phoneText, customerIdText }): CampaignImportRowResult => {
    const errors: CampaignImportRowError[] = [];
    const phone = phoneText === '' ? null : normalisePhone(phoneText);
    if (phoneText === '' && customerIdText === '') errors.push('empty_row');
    if (phoneText !== '' && phone === null) errors.push('phone_invalid');
    const idValid = customerIdText !== '' && UUID_PATTERN.test(customerIdText);
    if (customerIdText !== '' && !idValid) errors.push('customer_id_invalid');
    const text = [phoneText, customerIdText].filter((t) => t !== '').join(' / ').slice(0, 200);
    return { line, customerId: idValid ? customerIdText.toLowerCase() : null, customerName: null, phone, text, errors };
  });
  markDuplicates(results);
  return results;
}

/**
 * Marks `duplicate_in_file` on each row naming a customer id or phone an earlier row named. A row
 * refused for another reason names no customer: it neither counts nor is marked.
 */
export function markDuplicates(rows: Array<Pick<CampaignImportRowResult, 'customerId' | 'phone' | 'errors'>>): void {
  const ids = new Set<string>();
  const phones = new Set<string>();
  for (const row of rows) {
    if (row.errors.length > 0) continue;
    const seen = (row.customerId !== null && ids.has(row.customerId)) || (row.phone !== null && phones.has(row.phone));
    if (seen) row.errors.push('duplicate_in_file');
    if (row.customerId !== null) ids.add(row.customerId);
    if (row.phone !== null) phones.add(row.phone);
  }
}

/** The rows that pass the file's own checks, as the backend takes them. */
export function rowsForBackend(results: readonly CampaignImportRowResult[]): CampaignImportRow[] {
  return results.filter((r) => r.errors.length === 0).map(({ line, customerId, phone }) => ({ line, customerId, phone }));
}

/**
 * Shares targets out round-robin among agents in the order listed: target i goes to agent
 * i mod n, so counts differ by at most one.
 */
export function roundRobin<T>(targets: readonly T[], agentIds: readonly string[]): Array<{ target: T; agentId: string }> {
  if (agentIds.length === 0) return [];
  return targets.map((target, i) => ({ target, agentId: agentIds[i % agentIds.length] as string }));
}

/** How the seat read the file's bytes (main/services/campaignImport.ts). */
export const CsvEncoding = z.enum(['utf-8', 'utf-8-bom', 'gb18030', 'utf-16le']);
export type CsvEncoding = z.infer<typeof CsvEncoding>;

/** The preview of a file before anything is written: every row, refused ones with their reasons. */
export const CampaignImportPreview = z.object({
  encoding: CsvEncoding,
  problem: z.enum(['empty_file', 'too_many_rows', 'no_customer_column']).nullable(),
  rows: z.array(CampaignImportRowResult),
  valid: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
});
export type CampaignImportPreview = z.infer<typeof CampaignImportPreview>;

/** How far a preview or an import has gone (rows of the file), for the progress bar. */
export const CampaignImportProgress = z.object({
  stage: z.enum(['checking', 'writing']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type CampaignImportProgress = z.infer<typeof CampaignImportProgress>;
