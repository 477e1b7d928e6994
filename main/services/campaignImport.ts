import iconv from 'iconv-lite';
import type { CampaignWithProgress } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import {
  campaignCsvRows,
  checkCampaignCsvRows,
  rowsForBackend,
  type CampaignAssignRequest,
  type CampaignAssignResult,
  type CampaignImportPreview,
  type CampaignImportProgress,
  type CampaignImportResult,
  type CampaignImportRow,
  type CampaignImportRowResult,
  type CsvEncoding,
} from '../../shared/domain/campaignImport.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { BackendError, type BackendClient } from './sync/backendClient.js';

/**
 * A supervisor's (or headquarters') campaign target lists at the seat (docs/architecture.md §6,
 * "Campaign target lists"): read an imported file's bytes, check every row (the file's own checks
 * here, the branch's at the backend, in chunks so a 10,000-row file shows its progress), then
 * write the valid rows in one request the backend applies all or none. Online only: who is a
 * customer of the branch and who is already a target, only the backend knows for every branch.
 */

/** Rows per check request: the progress moves every chunk; each is one read of the backend. */
const CHECK_CHUNK = 1_000;

/**
 * The text of a CSV file as Excel and other tools save it: UTF-8 with or without a BOM, UTF-16
 * ("Unicode text"), or — what Excel on Chinese Windows writes for "CSV" — GBK, read as GB18030
 * (its superset: every GBK file decodes the same, and the rare characters GBK lacks too). Bytes
 * that are valid UTF-8 are UTF-8 (GBK text of Chinese characters almost never is).
 * iconv-lite decodes GB18030 in plain JavaScript: the same on Electron's Node, the browser seat's
 * Node and any Node build, whereas TextDecoder('gb18030') exists only where Node was built with
 * full ICU.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return { text: buffer.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gb18030' };
  }
}

/** The file read and checked: first what the file alone tells, then the backend's checks, chunk by chunk. */
export async function previewCampaignImport(
  backend: BackendClient,
  campaignId: string,
  contentBase64: string,
  onProgress: (progress: CampaignImportProgress) => void,
): Promise<CampaignImportPreview> {
  const { text, encoding } = decodeCsvBytes(Buffer.from(contentBase64, 'base64'));
  const { rows, problem } = campaignCsvRows(text);
  if (problem) return { encoding, problem, rows: [], valid: 0, invalid: 0 };
  const results = checkCampaignCsvRows(rows);
  const byLine = new Map(results.map((r) => [r.line, r]));
  const toCheck = rowsForBackend(results);
  const total = results.length;
  let done = total - toCheck.length;
  onProgress({ stage: 'checking', done, total });
  for (let i = 0; i < toCheck.length; i += CHECK_CHUNK) {
    const chunk = toCheck.slice(i, i + CHECK_CHUNK);
    const checked = await online(() => backend.importCampaignTargets(campaignId, { rows: chunk, dryRun: true }));
    for (const row of checked.rows) {
      const mine = byLine.get(row.line);
      if (mine) Object.assign(mine, { customerId: row.customerId, customerName: row.customerName, phone: row.phone, errors: row.errors });
    }
    done += chunk.length;
    onProgress({ stage: 'checking', done, total });
  }
  // A customer named by id on one line and by phone on another is the same twice: only the backend,
  // which resolves phones, can tell; each chunk is checked alone, so look across chunks here.
  const seen = new Set<string>();
  for (const row of results) {
    if (row.errors.length > 0 || row.customerId === null) continue;
    if (seen.has(row.customerId)) row.errors.push('duplicate_in_file');
    seen.add(row.customerId);
  }
  const invalid = results.filter((r) => r.errors.length > 0).length;
  return { encoding, problem: null, rows: results, valid: results.length - invalid, invalid };
}

/**
 * Writes the previewed valid rows: one request, which the backend applies all or none. A row
 * refused meanwhile (another supervisor imported the same customer) writes nothing: `bad_input`
 * with every row's result in details, for the preview to show again.
 */
export async function importCampaignRows(
  backend: BackendClient,
  campaignId: string,
  rows: CampaignImportRow[],
  onProgress: (progress: CampaignImportProgress) => void,
): Promise<CampaignImportResult> {
  onProgress({ stage: 'writing', done: 0, total: rows.length });
  const result = await online(() => backend.importCampaignTargets(campaignId, { rows, dryRun: false }));
  onProgress({ stage: 'writing', done: rows.length, total: rows.length });
  return result;
}

export function managedCampaigns(backend: BackendClient): Promise<CampaignWithProgress[]> {
  return online(() => backend.managedCampaigns());
}

export function assignableAgents(backend: BackendClient, campaignId: string): Promise<Agent[]> {
  return online(() => backend.assignableAgents(campaignId));
}

export function assignCampaignTargets(backend: BackendClient, campaignId: string, request: CampaignAssignRequest): Promise<CampaignAssignResult> {
  return online(() => backend.assignCampaignTargets(campaignId, request));
}

/** A refused import's rows, as the backend answered them (details.import). */
function refusedRows(details: unknown): CampaignImportRowResult[] | undefined {
  const rows = (details as { import?: { rows?: CampaignImportRowResult[] } } | undefined)?.import?.rows;
  return Array.isArray(rows) ? rows : undefined;
}

async function online<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    if (error.kind === 'unreachable') throw new WorkstationError('backend_unreachable', error.message);
    if (error.kind === 'unauthorized') throw new WorkstationError('auth_failed', error.message);
    if (error.status === 403) throw new WorkstationError('not_permitted', error.message);
    if (error.status === 404) throw new WorkstationError('not_found', error.message);
    const rows = refusedRows(error.details);
    throw new WorkstationError('bad_input', error.message, rows ? { rows } : undefined);
  }
}
