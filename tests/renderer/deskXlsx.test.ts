import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { KpiRow } from '../../shared/domain/kpis.js';
import { CSV_COLUMNS } from '../../renderer/src/desk/deskFigures.js';
import { figuresXlsx } from '../../renderer/src/desk/figuresXlsx.js';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';

const row = (period: string, over: Partial<KpiRow> = {}): KpiRow => ({
  period,
  key: '00000000-0000-4000-8000-000000000001',
  label: '李娜',
  calls: { answered: 3, missed: 1, handleSeconds: 660 },
  firstContact: { orders: 4, resolved: 3 },
  satisfaction: { rated: 2, scoreSum: 7, byScore: [0, 1, 0, 0, 1] },
  sla: { dispatch: { met: 1, missed: 1 }, accept: { met: 0, missed: 0 }, onSite: { met: 2, missed: 0 }, complete: { met: 1, missed: 3 } },
  parts: { received: 2, cycleSeconds: 259_200 },
  complaints: { received: 1, orders: 4 },
  ...over,
});

/** The desk's XLSX export, read back with exceljs from the bytes the desk would download. */
describe('the desk’s XLSX export', () => {
  it('has the Chinese header, dates as dates, numbers as numbers, nothing where nothing divides', async () => {
    const header = CSV_COLUMNS.map((c) => zhCN.desk.csv[c]);
    const bytes = await figuresXlsx(ExcelJS, [row('2026-11-01'), row('2026-11-02', { label: '王强', calls: null, firstContact: { orders: 0, resolved: 0 } })], header, (r) => r.label, '业绩');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes);
    const sheet = workbook.getWorksheet('业绩')!;
    expect(sheet.rowCount).toBe(3);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
    expect(header.slice(0, 4)).toEqual(['周期起', '分组', '接听', '未接']);

    const first = sheet.getRow(2);
    expect(first.getCell(1).type).toBe(ExcelJS.ValueType.Date);
    expect((first.getCell(1).value as Date).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(first.getCell(1).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(2).value).toBe('李娜');
    const numbers = (first.values as unknown[]).slice(3);
    // answered, missed, AHT, FCR orders/resolved/rate, rated, mean, 5 scores, 4 stages × met/missed, parts, days, orders made, complaints, per 1,000.
    expect(numbers).toEqual([3, 1, 220, 4, 3, 0.75, 2, 3.5, 0, 1, 0, 0, 1, 1, 1, 0, 0, 2, 0, 1, 3, 2, 1.5, 4, 1, 250]);
    for (let c = 3; c <= CSV_COLUMNS.length; c++) expect(first.getCell(c).type, `column ${c}`).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(CSV_COLUMNS.indexOf('firstContactRate') + 1).numFmt).toBe('0.0%');

    const second = sheet.getRow(3);
    expect((second.getCell(1).value as Date).toISOString()).toBe('2026-11-02T00:00:00.000Z');
    // No calls for the group and no order to take the rate over: empty cells, not zeros.
    for (const column of ['answered', 'missed', 'averageHandleSeconds', 'firstContactRate'] as const) {
      expect(second.getCell(CSV_COLUMNS.indexOf(column) + 1).type, column).toBe(ExcelJS.ValueType.Null);
    }
  });
});
