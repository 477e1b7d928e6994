import { describe, expect, it } from 'vitest';
import { campaignCsvRows, checkCampaignCsvRows, csvRecords, roundRobin, rowsForBackend, CAMPAIGN_IMPORT_MAX_ROWS } from './campaignImport.js';

/** The campaign list's CSV as the file alone tells it: records, the header, each row's own checks. */
describe('campaign CSV rows', () => {
  it('reads RFC 4180 records: quotes, "" inside quotes, commas and line breaks in quotes, CRLF or LF, a BOM, blank rows', () => {
    const text = '\uFEFF电话,备注\r\n13800138000,"说""再打"",晚上"\r\n\r\n,,\n"13900139000","两行\n备注"\n13700137000';
    expect(csvRecords(text)).toEqual([
      { line: 1, cells: ['电话', '备注'] },
      { line: 2, cells: ['13800138000', '说"再打",晚上'] },
      { line: 5, cells: ['13900139000', '两行\n备注'] },
      { line: 7, cells: ['13700137000'] },
    ]);
  });

  it('finds the phone and customer id columns by their Chinese or English names, anywhere in the header', () => {
    const { rows, problem } = campaignCsvRows('姓名,客户编号,手机号\n张伟,6f1d2c3b-4a5e-4f60-8a7b-00000000000a,138 0013 8000\n李娜,,');
    expect(problem).toBeNull();
    expect(rows).toEqual([
      { line: 2, customerIdText: '6f1d2c3b-4a5e-4f60-8a7b-00000000000a', phoneText: '138 0013 8000' },
      { line: 3, customerIdText: '', phoneText: '' },
    ]);
    expect(campaignCsvRows('Phone\n+86 139 0013 9000').rows).toEqual([{ line: 2, customerIdText: '', phoneText: '+86 139 0013 9000' }]);
  });

  it('takes a file without a header when its first row is data; refuses one naming no customer column, an empty one, one too long', () => {
    expect(campaignCsvRows('13800138000\n6f1d2c3b-4a5e-4f60-8a7b-00000000000a').rows).toEqual([
      { line: 1, customerIdText: '', phoneText: '13800138000' },
      { line: 2, customerIdText: '6f1d2c3b-4a5e-4f60-8a7b-00000000000a', phoneText: '' },
    ]);
    expect(campaignCsvRows('姓名,地址\n张伟,北京').problem).toBe('no_customer_column');
    expect(campaignCsvRows('').problem).toBe('empty_file');
    expect(campaignCsvRows('电话\n').problem).toBe('empty_file');
    const long = ['电话', ...Array.from({ length: CAMPAIGN_IMPORT_MAX_ROWS + 1 }, (_, i) => `1380000${String(i).padStart(4, '0')}`)].join('\n');
    expect(campaignCsvRows(long).problem).toBe('too_many_rows');
    expect(campaignCsvRows(long.split('\n').slice(0, CAMPAIGN_IMPORT_MAX_ROWS + 1).join('\n')).rows).toHaveLength(CAMPAIGN_IMPORT_MAX_ROWS);
  });

  it('checks each row: phones through libphonenumber-js to E.164, malformed ids, empty rows, the same customer twice', () => {
    const id = '6F1D2C3B-4A5E-4F60-8A7B-00000000000A';
    const results = checkCampaignCsvRows([
      { line: 2, phoneText: '138 0013 8000', customerIdText: '' },
      { line: 3, phoneText: '1.38001E+10', customerIdText: '' },
      { line: 4, phoneText: '010-6234 5678', customerIdText: id },
      { line: 5, phoneText: '+86 138-0013-8000', customerIdText: '' },
      { line: 6, phoneText: '', customerIdText: id.toLowerCase() },
      { line: 7, phoneText: '', customerIdText: '12345' },
      { line: 8, phoneText: '', customerIdText: '' },
      { line: 9, phoneText: '12', customerIdText: '' },
    ]);
    expect(results.map((r) => [r.line, r.phone, r.customerId, r.errors])).toEqual([
      [2, '+8613800138000', null, []],
      [3, null, null, ['phone_invalid']],
      [4, '+861062345678', id.toLowerCase(), []],
      [5, '+8613800138000', null, ['duplicate_in_file']],
      [6, null, id.toLowerCase(), ['duplicate_in_file']],
      [7, null, null, ['customer_id_invalid']],
      [8, null, null, ['empty_row']],
      [9, null, null, ['phone_invalid']],
    ]);
    expect(rowsForBackend(results)).toEqual([
      { line: 2, customerId: null, phone: '+8613800138000' },
      { line: 4, customerId: id.toLowerCase(), phone: '+861062345678' },
    ]);
  });

  it('shares targets round-robin in the order the agents are listed: counts differ by at most one', () => {
    const shares = roundRobin(['t1', 't2', 't3', 't4', 't5'], ['a', 'b']);
    expect(shares.map((s) => s.agentId)).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(roundRobin(['t1'], [])).toEqual([]);
  });
});
