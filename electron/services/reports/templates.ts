// The .xlsx files an import reads: the empty templates of the three imports (进场预登记名册,
// 用人单位, 健康云记录), and the 进场预登记 export in the same columns. They are written with exceljs
// directly rather than tabular's writeXlsx because a template needs what a list export does not:
// whole columns formatted as text, so that an ID number typed into the empty sheet is not turned
// into 1.10101E+17 by Excel, and a second sheet that explains every column.
import { loadExcelJS } from '../lazy-modules';
import { participantTypes } from '../../common/codes';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import { personImportColumns, type DocumentedColumn } from '../roster-import';
import type { Services } from '../context';
import { siteDate } from '../../common/time';
import { fileName, fileOf, XLSX_MIME } from './output';

/** The columns employers.import reads (electron/services/employers.ts); a test imports a filled template. */
export const employerImportColumns: DocumentedColumn[] = [
  { key: 'name', label: '用人单位名称', required: true, help: '不超过100个字' },
  { key: 'creditCode', label: '统一社会信用代码', required: true, text: true, help: '18位,按校验位检查' },
  { key: 'participantType', label: '参建单位类型', required: true, text: true, help: `代码或名称:${Object.entries(participantTypes).map(([c, n]) => `${c} ${n}`).join('、')}` },
  { key: 'contractNo', label: '合同报送编号', required: true, text: true, help: '字母、数字和连字符' },
];

/** The columns healthCloud.import reads (electron/services/health-cloud.ts). */
export const healthCloudImportColumns: DocumentedColumn[] = [
  { key: 'idNumber', label: '身份证号', required: true, text: true, help: '18位居民身份证号' },
  { key: 'name', label: '姓名', required: true, help: '与身份证一致' },
  { key: 'phone', label: '手机号', text: true, help: '11位手机号,可不填' },
  { key: 'reportAddress', label: '上报地址', help: '' },
  { key: 'reportTime', label: '上报时间', required: true, text: true, help: '如 2020-02-15 08:30:00;同一人同一上报时间的记录再次导入时更新' },
  { key: 'temperature', label: '体温', text: true, help: '如 36.5' },
  { key: 'healthStatus', label: '健康状况', help: '' },
  { key: 'travelTime', label: '出行时间', text: true, help: '如 2020-02-10;用于计算隔离期' },
  { key: 'travelMode', label: '出行方式', help: '' },
  { key: 'fromHubei', label: '是否湖北出发', help: '是 或 否' },
  { key: 'fromWuhan', label: '是否武汉出发', help: '是 或 否' },
  { key: 'stopover', label: '是否经停', help: '是 或 否' },
  { key: 'stayPlace', label: '停留地点', help: '' },
  { key: 'homeAddress', label: '居住地址', help: '' },
];

export const templates = {
  persons: { title: '进场预登记名册导入模板', sheet: '进场预登记名册', columns: personImportColumns },
  employers: { title: '用人单位导入模板', sheet: '用人单位', columns: employerImportColumns },
  healthCloud: { title: '健康云记录导入模板', sheet: '健康云记录', columns: healthCloudImportColumns },
} as const;

/** Columns that hold names and addresses get room for them. */
const wide = new Set(['用人单位', '用人单位名称', '上报地址', '居住地址', '停留地点']);

function width(label: string): number {
  if (wide.has(label)) return 30;
  let w = 0;
  for (const ch of label) w += (ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1;
  return Math.max(12, w + 6);
}

/** A workbook the imports read: the data sheet first (the import reads the first sheet), then 填写说明. */
export async function importWorkbook(sheetName: string, columns: DocumentedColumn[], rows: Record<string, string>[]): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = '工地实名制 · 离线版';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: width(c.label), style: c.text ? { numFmt: '@' } : {} }));
  const header = sheet.getRow(1);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    // The * marks a required column, as the online system's templates do; the import ignores it.
    cell.value = c.required ? `${c.label}*` : c.label;
    cell.font = { bold: true, color: c.required ? { argb: 'FFC0392B' } : undefined };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F5' } };
    cell.numFmt = '@';
  });
  rows.forEach((data, r) => {
    const row = sheet.getRow(r + 2);
    columns.forEach((c, i) => {
      const v = data[c.key] ?? '';
      if (v === '') return;
      const cell = row.getCell(i + 1);
      cell.value = v;
      cell.numFmt = '@';
    });
  });

  const help = workbook.addWorksheet('填写说明');
  help.columns = [{ width: 18 }, { width: 8 }, { width: 80 }];
  help.addRow(['在第一个工作表中每行填写一条记录,不要修改表头;带 * 的列必须填写。导入时先显示检查结果和预览,确认后才导入。']).font = { bold: true };
  help.addRow([]);
  help.addRow(['列', '必填', '说明']).font = { bold: true };
  for (const c of columns) help.addRow([c.label, c.required ? '是' : '否', c.help]);

  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out as unknown as Uint8Array);
}

export async function templateFile(s: Services, input: ParsedInput<'reports.template'>): Promise<GeneratedFile> {
  const t = templates[input.kind];
  const bytes = await importWorkbook(t.sheet, t.columns, []);
  return fileOf(fileName([t.title, siteDate(s.clock.now())], 'xlsx'), XLSX_MIME, bytes);
}
