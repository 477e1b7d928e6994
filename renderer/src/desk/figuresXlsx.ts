import type ExcelJSModule from 'exceljs';
import type { KpiLaterFamily, KpiRow } from '../../../shared/domain/kpis.js';
import { CSV_COLUMNS, figureValues } from './deskFigures.js';

/** The columns whose figure is a share (0–1): shown as per cent in the sheet, stored as the number. */
const SHARE_COLUMNS = new Set<string>(['firstContactRate']);

/**
 * The desk's rows as an XLSX workbook (exceljs, docs in README "Dependencies"): one sheet, the
 * header in the desk's language, the period's first day a real date cell (yyyy-mm-dd), every count
 * and figure a number cell (rates as numbers formatted as per cent), empty where there is nothing
 * to divide by — the same cells as the CSV. The module is passed in: the desk loads it only when
 * the agent exports (it is large), tests hand in Node's.
 */
export async function figuresXlsx(
  excel: typeof ExcelJSModule,
  rows: readonly KpiRow[],
  header: readonly string[],
  groupLabel: (row: KpiRow) => string,
  sheetName: string,
  missing: readonly KpiLaterFamily[] = [],
): Promise<ArrayBuffer> {
  const workbook = new excel.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = CSV_COLUMNS.map((column, i) => ({
    header: header[i] ?? column,
    key: column,
    width: i === 0 ? 12 : i === 1 ? 18 : Math.max(10, (header[i] ?? column).length * 2 + 2),
    style: column === 'period' ? { numFmt: 'yyyy-mm-dd' } : SHARE_COLUMNS.has(column) ? { numFmt: '0.0%' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const [y, m, d] = row.period.split('-').map(Number) as [number, number, number];
    sheet.addRow([new Date(Date.UTC(y, m - 1, d)), ...figureValues(row, groupLabel, missing)]);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return buffer as ArrayBuffer;
}
