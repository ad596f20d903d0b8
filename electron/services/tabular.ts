// Reading and writing the tables that site offices import and export (employers, health-cloud
// records, pre-registration rosters): .xlsx through exceljs, .csv through csv-parse. The format is
// decided by the bytes, not the name, because Chinese office software and government systems often
// save one format under another's extension. CSV saved by Chinese Excel may be UTF-8 with or
// without a BOM, or GBK/GB18030; all three are read. Errors are TableFileError with a Chinese
// message the user can act on; nothing a user can upload makes readTable throw anything else.
import type ExcelJS from 'exceljs';
import { loadExcelJS } from './lazy-modules';
import { runJob } from './reports/job-runner';
import { parse } from 'csv-parse/sync';

export interface TableColumn {
  key: string;
  label: string;
  aliases?: string[];
  required?: boolean;
}

export interface TableRow {
  /** The row number the user sees in Excel: the header is row 1 (when it is the first row), the first data row 2. */
  rowNumber: number;
  /** Every column key; trimmed; '' when the cell is empty or the column is absent from the file. */
  values: Record<string, string>;
}

export interface ReadTableResult {
  /** Data rows in file order; rows whose mapped cells are all empty are left out. */
  rows: TableRow[];
}

export { TableFileError, type TableFileErrorCode } from './table-file-error';
import { TableFileError } from './table-file-error';

export const DEFAULT_MAX_ROWS = 20000;

/** How many non-empty rows at the top are searched for the header (title rows may come first). */
const HEADER_SEARCH_ROWS = 10;

const NOT_A_TABLE_MESSAGE = '文件不是 Excel(.xlsx)或 CSV 文件,请选择 .xlsx 或 .csv 文件';

export interface RawRow {
  rowNumber: number;
  cells: string[];
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function readTable(
  fileName: string,
  bytes: Buffer,
  columns: TableColumn[],
  options?: { maxRows?: number },
): Promise<ReadTableResult> {
  const maxRows = options?.maxRows ?? DEFAULT_MAX_ROWS;
  if (bytes.length === 0) throw new TableFileError('EMPTY', '文件是空的,没有任何内容');

  const kind = sniffKind(fileName, bytes);
  const rawRows = kind === 'xlsx' ? await runJob({ kind: 'readXlsx', bytes }) : csvRows(bytes);
  return mapRows(rawRows, columns, maxRows);
}

function startsWith(bytes: Buffer, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

function sniffKind(fileName: string, bytes: Buffer): 'xlsx' | 'csv' {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // An OLE compound file: an Excel 97-2003 .xls, or an .xlsx protected by an open password.
    throw new TableFileError(
      'NOT_A_TABLE',
      /\.xlsx$/i.test(fileName)
        ? '文件设置了打开密码或是旧版 Excel 格式,无法读取。请在 Excel 中取消密码,另存为“Excel 工作簿(.xlsx)”后再导入'
        : '这是旧版 Excel(.xls)文件,无法直接读取。请在 Excel 中打开,另存为“Excel 工作簿(.xlsx)”后再导入',
    );
  }
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || // PNG
    startsWith(bytes, [0xff, 0xd8, 0xff]) || // JPEG
    startsWith(bytes, [0x25, 0x50, 0x44, 0x46]) || // %PDF
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) || // GIF
    startsWith(bytes, [0x52, 0x61, 0x72, 0x21]) || // RAR
    startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf]) // 7z
  ) {
    throw new TableFileError('NOT_A_TABLE', NOT_A_TABLE_MESSAGE);
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return 'csv'; // UTF-16 text
  if (/\.csv$/i.test(fileName) || looksLikeText(bytes)) {
    if (!looksLikeText(bytes)) throw new TableFileError('NOT_A_TABLE', NOT_A_TABLE_MESSAGE);
    return 'csv';
  }
  throw new TableFileError('NOT_A_TABLE', NOT_A_TABLE_MESSAGE);
}

/** Text in UTF-8 or GB18030 has no NUL and no control characters other than tab, CR, LF, FF (and a stray EOF mark). */
function looksLikeText(bytes: Buffer): boolean {
  const end = Math.min(bytes.length, 64 * 1024);
  for (let i = 0; i < end; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) return false;
    if (b === 0x7f) return false;
  }
  return true;
}

// ----- xlsx

/** The cells of the first visible sheet as text (exceljs): a report job, see reports/jobs.ts. */
export async function xlsxCells(bytes: Buffer): Promise<RawRow[]> {
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new TableFileError('NOT_A_TABLE', '文件已损坏或不是 Excel(.xlsx)文件,无法读取。请在 Excel 中打开,另存为 .xlsx 后再导入');
  }
  const sheets = workbook.worksheets;
  const sheet = sheets.find((s) => s.state === 'visible' || s.state === undefined) ?? sheets[0];
  if (!sheet) {
    throw new TableFileError('NOT_A_TABLE', '文件中没有工作表,不是可以导入的 Excel(.xlsx)文件');
  }
  const result: RawRow[] = [];
  const last = sheet.rowCount;
  for (let r = 1; r <= last; r++) {
    const row = sheet.findRow(r);
    if (!row) continue;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      cells[colNumber - 1] = cellText(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    result.push({ rowNumber: r, cells });
  }
  return result;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** One cell as the text the user sees, trimmed. */
export function cellText(value: unknown): string {
  return clean(cellTextRaw(value, 0));
}

function cellTextRaw(value: unknown, depth: number): string {
  if (value === null || value === undefined || depth > 4) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return formatDate(value);
  if (!isObject(value)) return '';
  if (Array.isArray(value.richText)) {
    return value.richText.map((part: unknown) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
  }
  if ('formula' in value || 'sharedFormula' in value || 'result' in value) return cellTextRaw(value.result, depth + 1);
  if ('hyperlink' in value || 'text' in value) return cellTextRaw(value.text, depth + 1);
  if (typeof value.error === 'string') return value.error;
  return '';
}

/**
 * A number as Excel shows it in a General cell, at most 15 significant digits, never in exponent
 * form: an 18-digit ID number typed as a number has already lost its last digits in Excel, and
 * `110101198001010000` (not `1.10101E+17`) is what is left.
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (n === 0) return '0';
  return n.toLocaleString('en-US', { useGrouping: false, maximumSignificantDigits: 15 });
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * exceljs hands an Excel date/time (which has no time zone) back as the Date whose UTC fields are
 * the wall-clock time shown in Excel; reading the UTC fields gives exactly what the user sees,
 * whatever the computer's time zone.
 */
export function formatDate(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return '';
  const t = new Date(Math.round(ms / 1000) * 1000); // Excel serials carry float noise below a second
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const h = t.getUTCHours();
  const m = t.getUTCMinutes();
  const s = t.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return date;
  return `${date} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** Trims whitespace (including the ideographic space and NBSP) and zero-width characters. */
function clean(s: string): string {
  return s.replace(/^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$/g, '');
}

// ----- csv

function decodeText(bytes: Buffer): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) bytes = bytes.subarray(3);
  else if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: Chinese Excel's "CSV (逗号分隔)" is in the system code page, GBK (a subset of GB18030).
  }
  const text = new TextDecoder('gb18030').decode(bytes);
  if (text.includes('\ufffd')) {
    throw new TableFileError(
      'ENCODING',
      '无法识别 CSV 文件的文字编码。请在 Excel 中打开,另存为“CSV UTF-8(逗号分隔)”或 .xlsx 后再导入',
    );
  }
  return text;
}

function csvRows(bytes: Buffer): RawRow[] {
  const text = decodeText(bytes).replace(/\r\n?/g, '\n');
  const trimmedStart = text.replace(/^[\s\ufeff]+/, '');
  if (/^<(?:!doctype|html|\?xml|table)/i.test(trimmedStart)) {
    // Some systems export an HTML page or XML spreadsheet under a .xls or .csv name.
    throw new TableFileError('NOT_A_TABLE', '文件是网页(HTML/XML)格式,不是真正的表格文件。请在 Excel 中打开,另存为 .xlsx 后再导入');
  }
  // Excel's "Unicode text" is tab separated; a comma-separated header never lacks commas.
  const firstLine = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: unknown;
  try {
    // No skip_empty_lines: an empty line is a row in Excel too, and must count for row numbers.
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, record_delimiter: '\n' });
  } catch (e) {
    const line = isObject(e) && typeof e.lines === 'number' ? `(约第 ${e.lines} 行)` : '';
    throw new TableFileError('NOT_A_TABLE', `CSV 文件格式有误${line},可能是引号不成对。请在 Excel 中打开检查,另存为 .xlsx 后再导入`);
  }
  if (!Array.isArray(records)) return [];
  return records.map((record: unknown, i) => ({
    rowNumber: i + 1,
    cells: Array.isArray(record) ? record.map((c: unknown) => clean(typeof c === 'string' ? c : '')) : [],
  }));
}

// ----- header and rows

/** Header text and column labels compare equal ignoring spaces, brackets of any width, case and a `*` mark. */
export function normalizeHeader(s: string): string {
  return s
    .normalize('NFKC') // full-width ( ) * A → half-width
    .toLowerCase()
    .replace(/[\s\u200b-\u200d\ufeff]/g, '')
    .replace(/[()[\]{}<>【】〔〕〖〗《》「」『』]/g, '')
    .replace(/^\*+|\*+$/g, '');
}

function matchColumns(header: string[], columns: TableColumn[]): Map<string, number> {
  const normalized = header.map(normalizeHeader);
  const found = new Map<string, number>();
  for (const col of columns) {
    const label = normalizeHeader(col.label);
    let index = label === '' ? -1 : normalized.indexOf(label);
    if (index < 0) {
      const aliases = new Set((col.aliases ?? []).map(normalizeHeader).filter((a) => a !== ''));
      index = normalized.findIndex((h) => aliases.has(h));
    }
    if (index >= 0) found.set(col.key, index);
  }
  return found;
}

function isEmptyRow(cells: string[]): boolean {
  return cells.every((c) => c === '');
}

function mapRows(rawRows: RawRow[], columns: TableColumn[], maxRows: number): ReadTableResult {
  const nonEmpty = rawRows.filter((r) => !isEmptyRow(r.cells));
  if (nonEmpty.length === 0) throw new TableFileError('EMPTY', '文件中没有任何数据');

  // The header is the first non-empty row, unless a row a little further down (below a title or
  // a note) matches more of the expected columns.
  let headerPos = 0;
  let headerMap = matchColumns(nonEmpty[0]?.cells ?? [], columns);
  for (let i = 1; i < Math.min(nonEmpty.length, HEADER_SEARCH_ROWS); i++) {
    const m = matchColumns(nonEmpty[i]?.cells ?? [], columns);
    if (m.size > headerMap.size) {
      headerPos = i;
      headerMap = m;
    }
  }
  const headerRow = nonEmpty[headerPos];
  if (!headerRow) throw new TableFileError('EMPTY', '文件中没有任何数据');

  const missing = columns.filter((c) => c.required && !headerMap.has(c.key)).map((c) => c.label);
  if (missing.length > 0) {
    throw new TableFileError('MISSING_COLUMNS', `缺少必需的列:${missing.join('、')}`);
  }

  const rows: TableRow[] = [];
  const start = rawRows.indexOf(headerRow) + 1;
  for (let i = start; i < rawRows.length; i++) {
    const raw = rawRows[i];
    if (!raw) continue;
    const values: Record<string, string> = {};
    let any = false;
    for (const col of columns) {
      const index = headerMap.get(col.key);
      const v = index === undefined ? '' : (raw.cells[index] ?? '');
      values[col.key] = v;
      if (v !== '') any = true;
    }
    if (!any) continue;
    if (rows.length >= maxRows) {
      throw new TableFileError('TOO_MANY_ROWS', `数据超过 ${maxRows} 行,请把文件拆分成每个不超过 ${maxRows} 行后分别导入`);
    }
    rows.push({ rowNumber: raw.rowNumber, values });
  }
  if (rows.length === 0) throw new TableFileError('EMPTY', '文件中只有表头,没有数据行');
  return { rows };
}

// ---------------------------------------------------------------------------------------------
// Writing

export type OutValue = string | number | null;

function safeSheetName(name: string): string {
  const cleaned = name.replace(/[\\/?*[\]:]/g, '_').replace(/^'+|'+$/g, '').trim().slice(0, 31);
  return cleaned === '' ? 'Sheet1' : cleaned;
}

/** Display width of a label: CJK characters take two columns. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1;
  return w;
}

export interface XlsxColumn {
  key: string;
  label: string;
  width?: number;
}

export function writeXlsx(sheetName: string, columns: XlsxColumn[], rows: Record<string, OutValue>[]): Promise<Buffer> {
  return runJob({ kind: 'writeXlsx', sheetName, columns, rows });
}

/** The workbook's bytes (exceljs): a report job, see reports/jobs.ts. */
export async function xlsxBytes(sheetName: string, columns: XlsxColumn[], rows: Record<string, OutValue>[]): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    width: c.width ?? Math.max(10, displayWidth(c.label) + 4),
  }));

  const header = sheet.getRow(1);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.label;
    cell.font = { bold: true };
  });
  header.commit();

  rows.forEach((data, r) => {
    const row = sheet.getRow(r + 2);
    columns.forEach((c, i) => {
      const v = data[c.key];
      if (v === null || v === undefined || v === '') return;
      const cell = row.getCell(i + 1);
      if (typeof v === 'number') {
        cell.value = Number.isFinite(v) ? v : null;
      } else {
        cell.value = v;
        cell.numFmt = '@'; // text, so an ID number stays text when the user edits it
      }
    });
  });

  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out as unknown as Uint8Array);
}

function csvField(v: OutValue | undefined): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? plainNumber(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with BOM (so Excel opens it as Chinese), CRLF line ends, RFC 4180 quoting. */
export function writeCsv(columns: { key: string; label: string }[], rows: Record<string, OutValue>[]): Buffer {
  const lines = [columns.map((c) => csvField(c.label)).join(',')];
  for (const data of rows) lines.push(columns.map((c) => csvField(data[c.key])).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
