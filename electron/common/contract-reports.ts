// API commands of the printed reports (PDF), the Excel exports of the list screens, the import
// templates, and the 进场预登记名册 import. Files go back to the renderer as { fileName, mime,
// dataBase64 }, which both transports carry as they carry any other answer.
//
// contract.ts spreads these commands into the contract, so nothing here may import a value from
// it (the cycle would leave those values undefined while this file loads): the few shapes shared
// with it are restated below, and a test keeps them equal.
import { z } from 'zod';
import { command } from './command';
import { MAX_UPLOAD_BYTES } from './codes';
import { empty, idField } from './schemas';

export { generatedFileSchema } from './schemas';
import { generatedFileSchema } from './schemas';
export type GeneratedFile = z.infer<typeof generatedFileSchema>;

const categories = z.enum(['worker', 'manager'], { message: '请选择人员类别' });
const siteDateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const searchField = z.string().trim().max(50, '搜索内容过长').default('');

/** The filters of the 进场预登记 list. */
const personFilters = { search: searchField, category: categories.optional() };
/** The filters of the 进退场用工管理 / 现场管理人员实名制 rosters. */
const rosterFilters = { category: categories, status: z.enum(['onSite', 'exited', 'all']).default('onSite'), search: searchField };

// Restated from contract.ts (see above): the import's input and its row-by-row report.
export const importInput = z.object({
  fileName: z.string().trim().min(1, '文件名不能为空').max(200, '文件名过长').refine((s) => !/[\\/\u0000]/.test(s), '文件名不能包含路径'),
  dataBase64: z.string().max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `文件不能超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB`).regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效'),
  /** false: only check and preview; true: import every valid row in one transaction. */
  commit: z.boolean(),
}).strict();

export const importReportShape = z.object({
  fileName: z.string(),
  total: z.number(),
  valid: z.number(),
  imported: z.number(),
  committed: z.boolean(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
  preview: z.array(z.record(z.string(), z.string())),
});

export const templateKinds = ['persons', 'employers', 'healthCloud'] as const;
export const boardLists = ['fevers', 'isolation', 'soon'] as const;

const file = generatedFileSchema;

// ---- tasks: long work (a PDF of thousands of rows, a bank file, a bank's result file) started by
// one call, then asked for its progress until it ends (services/tasks.ts)

export const taskSchema = z.object({
  id: z.string(),
  kind: z.enum(['pdf', 'bankFile', 'importResult']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  file: generatedFileSchema.nullable(),
  report: importReportShape.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type TaskView = z.infer<typeof taskSchema>;

export const taskStarted = z.object({ taskId: z.string() });

/**
 * A character no PDF font has would print as a blank: by default the report is refused with the
 * characters named (the screen asks); 'mark' prints each as □ for the user to write in by hand.
 */
const missingGlyphs = { missingGlyphs: z.enum(['refuse', 'mark']).default('refuse') };

export const reportCommands = {
  // ---- a task the same account started in the same project: how far it got, and 取消
  'tasks.get': command({ access: 'project', input: z.object({ taskId: idField }).strict(), output: taskSchema }),
  'tasks.cancel': command({ access: 'project', input: z.object({ taskId: idField }).strict(), output: taskSchema }),
  // ---- PDFs: 打印 / 导出PDF
  'reports.preRegistrationPdf': command({ access: 'project', input: z.object({ ...personFilters, ...missingGlyphs }).strict(), output: file }),
  'reports.rosterPdf': command({ access: 'project', input: z.object({ ...rosterFilters, ...missingGlyphs }).strict(), output: file }),
  'reports.dailyHealthPdf': command({ access: 'project', input: z.object({ date: siteDateField.optional(), ...missingGlyphs }).strict(), output: file }),
  'reports.healthFormPdf': command({ access: 'project', input: z.object({ personId: idField, ...missingGlyphs }).strict(), output: file }),
  'reports.epidemicInfoPdf': command({ access: 'project', input: z.object(missingGlyphs).strict(), output: file }),

  // ---- Excel: 导出Excel, with each screen's columns and filters
  'reports.preRegistrationXlsx': command({
    access: 'project',
    input: z.object({
      ...personFilters,
      /** list: the screen's columns, ID numbers masked; import: the import template's columns with full numbers, to import elsewhere. */
      format: z.enum(['list', 'import']).default('list'),
    }).strict(),
    output: file,
  }),
  'reports.familyXlsx': command({ access: 'project', input: z.object({ personId: idField }).strict(), output: file }),
  'reports.healthChecksXlsx': command({ access: 'project', input: z.object({ personId: idField }).strict(), output: file }),
  'reports.rosterXlsx': command({ access: 'project', input: z.object(rosterFilters).strict(), output: file }),
  'reports.employersXlsx': command({ access: 'project', input: empty, output: file }),
  'reports.batchHealthXlsx': command({ access: 'project', input: z.object({ date: siteDateField.optional() }).strict(), output: file }),
  'reports.boardXlsx': command({ access: 'project', input: z.object({ list: z.enum(boardLists) }).strict(), output: file }),
  'reports.operatorsXlsx': command({ access: 'project', roles: ['manager'], input: empty, output: file }),

  // ---- imports
  /** The .xlsx template of an import: its columns (required ones marked *) and a sheet of instructions. */
  'reports.template': command({ access: 'project', input: z.object({ kind: z.enum(templateKinds) }).strict(), output: file }),
  /** 进场预登记名册 from .xlsx / .csv: preview with commit false, import with commit true. */
  'persons.import': command({ access: 'project', upload: true, input: importInput, output: importReportShape }),
} as const satisfies Record<string, ReturnType<typeof command>>;
