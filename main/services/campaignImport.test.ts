import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { CampaignImportProgress, CampaignImportRequest, CampaignImportResult } from '../../shared/domain/campaignImport.js';
import { decodeCsvBytes, previewCampaignImport } from './campaignImport.js';
import type { BackendClient } from './sync/backendClient.js';

/**
 * The seat reads a campaign list's bytes as Excel and other tools save a CSV: UTF-8 with or without
 * BOM, UTF-16, and GBK (Excel on Chinese Windows), and checks a large file in chunks with progress.
 */
const SAMPLE = '客户编号,电话,备注\r\n,13800138000,老客户（优先）\r\n,13900139000,"张伟，晚上"\r\n';

describe('campaign list files at the seat', () => {
  it('decodes GBK as Excel on Chinese Windows saves it, UTF-8 with and without BOM, and UTF-16 LE', () => {
    const gbk = iconv.encode(SAMPLE, 'gbk');
    // GBK bytes of Chinese text are not valid UTF-8: read as UTF-8 they would be mojibake.
    expect(Buffer.from(gbk).toString('utf8')).not.toBe(SAMPLE);
    expect(decodeCsvBytes(gbk)).toEqual({ text: SAMPLE, encoding: 'gb18030' });
    // A character beyond GBK (GB18030's four-byte form) is read too.
    expect(decodeCsvBytes(iconv.encode('电话\r\n𠀀,13800138000', 'gb18030'))).toEqual({ text: '电话\r\n𠀀,13800138000', encoding: 'gb18030' });
    expect(decodeCsvBytes(Buffer.from(SAMPLE, 'utf8'))).toEqual({ text: SAMPLE, encoding: 'utf-8' });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]))).toEqual({ text: SAMPLE, encoding: 'utf-8-bom' });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]))).toEqual({ text: SAMPLE, encoding: 'utf-16le' });
  });

  it('checks 10,000 rows in chunks of 1,000 with progress after each, the backend answering for the rows the file did not refuse', async () => {
    const lines = ['电话', ...Array.from({ length: 10_000 }, (_, i) => (i === 5 ? 'not a phone' : `138${String(i).padStart(8, '0')}`))];
    const asked: CampaignImportRequest[] = [];
    const backend = {
      async importCampaignTargets(_campaignId: string, request: CampaignImportRequest): Promise<CampaignImportResult> {
        asked.push(request);
        const rows = request.rows.map((r) => ({ ...r, customerName: '客户', errors: r.line === 100 ? (['customer_unknown'] as const).slice() : [] }));
        return { rows, valid: rows.length, invalid: 0, written: 0 };
      },
    } as unknown as BackendClient;
    const progress: CampaignImportProgress[] = [];
    const preview = await previewCampaignImport(backend, 'ca000000-0000-4000-8000-000000000001', Buffer.from(iconv.encode(lines.join('\r\n'), 'gbk')).toString('base64'), (p) => progress.push(p));
    expect(asked.map((r) => [r.dryRun, r.rows.length])).toEqual([...Array.from({ length: 9 }, () => [true, 1_000]), [true, 999]]);
    expect(progress[0]).toEqual({ stage: 'checking', done: 1, total: 10_000 });
    expect(progress.at(-1)).toEqual({ stage: 'checking', done: 10_000, total: 10_000 });
    expect(progress).toHaveLength(11);
    expect([preview.valid, preview.invalid]).toEqual([9_998, 2]);
    expect(preview.rows.find((r) => r.line === 7)?.errors).toEqual(['phone_invalid']);
    expect(preview.rows.find((r) => r.line === 100)?.errors).toEqual(['customer_unknown']);
  });
});
