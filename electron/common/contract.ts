// The API contract: every command the renderer may call, with the zod schemas of its input and
// output and who may call it. Both transports (Electron IPC and web-mode HTTP) parse the input with
// these schemas before a service sees it, and the renderer's client is typed from them.
import { z } from 'zod';
import {
  contractorTypes, roles, checklistMimeTypes, MAX_UPLOAD_BYTES, participantTypes, workTypes, symptoms, NO_SYMPTOMS, dispositionStates, personCategories,
} from './codes';
import { creditCodeError } from './credit-code';
import { backupFileNamePattern } from './backup-names';
import {
  empty, generatedFileSchema, idField, idNumberField, mobilePhoneField, passwordField, personNameField, phoneField, textField, optionalText,
} from './schemas';

import { command } from './command';
import { idcardCommands } from './contract-idcard';
import { syncCommands } from './contract-sync';
import { reportCommands } from './contract-reports';
import { labourCommands } from './contract-labour';
import { rectificationCommands } from './contract-rectification';
import { safetyCommands } from './contract-safety';
import { payrollCommands } from './contract-payroll';
import { partiesCommands } from './contract-parties';
import { materialsCommands } from './contract-materials';
import { qualityCommands } from './contract-quality';
import { supervisionReportsCommands } from './contract-supervision-reports';
import { siteRulesCommands } from './contract-site-rules';
import { platformCommands } from './contract-platform';
import { securityCommands } from './contract-security';

// ---- shapes shared by outputs ----

export const projectSchema = z.object({
  id: z.string(),
  contractNo: z.string(),
  buildNo: z.string(),
  name: z.string(),
  generalContractor: z.string(),
  contractorType: z.string(),
  supervisionStation: z.string(),
});
export type Project = z.infer<typeof projectSchema>;

export const sessionSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), role: z.enum(roles), idNumberMasked: z.string() }),
  project: projectSchema.nullable(),
});
export type SessionView = z.infer<typeof sessionSchema>;

const projectInput = z.object({
  contractNo: textField('合同报送编号', 40).regex(/^[A-Za-z0-9-]+$/, '合同报送编号只能包含字母、数字和连字符'),
  buildNo: textField('报建编号', 40).regex(/^[A-Za-z0-9-]+$/, '报建编号只能包含字母、数字和连字符'),
  name: textField('项目名称', 200),
  generalContractor: textField('总包单位', 200),
  contractorType: z.enum(contractorTypes, { message: '请选择总包单位类型' }),
  supervisionStation: textField('所在监督站', 100),
}).strict();

const accountInput = z.object({
  idNumber: idNumberField,
  name: personNameField,
  phone: mobilePhoneField,
  password: passwordField,
}).strict();

export const operatorSchema = z.object({
  id: z.string(),
  idNumberMasked: z.string(),
  name: z.string(),
  phone: z.string(),
  realNamePermission: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
  /** 现场操作用户, or 劳资专管员 (prepares the wage ledgers). */
  role: z.enum(['operator', 'labour_officer']),
});
export type Operator = z.infer<typeof operatorSchema>;

const teamMember = z.object({
  name: personNameField,
  role: textField('职务', 50),
  phone: phoneField,
}).strict();

const supply = z.object({
  item: textField('物资名称', 100),
  quantity: z.number({ message: '数量应为数字' }).int('数量应为整数').min(0, '数量不能为负').max(10_000_000, '数量过大'),
  unit: z.string().trim().max(10, '单位不能超过10个字'),
}).strict();

export const epidemicInfoInput = z.object({
  teamMembers: z.array(teamMember).min(1, '请至少填写一名疫情防控小组成员').max(100, '小组成员最多100人'),
  hospitalName: textField('对口医院名称', 100),
  hospitalAddress: textField('对口医院地址', 200),
  hospitalPhone: phoneField,
  supplies: z.array(supply).max(200, '防疫物资最多200项'),
  other: optionalText('其他'),
}).strict();

export const epidemicInfoSchema = epidemicInfoInput.extend({
  teamMembers: z.array(z.object({ name: z.string(), role: z.string(), phone: z.string() })),
  supplies: z.array(z.object({ item: z.string(), quantity: z.number(), unit: z.string() })),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type EpidemicInfo = z.infer<typeof epidemicInfoSchema>;

export const storedFileSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type StoredFile = z.infer<typeof storedFileSchema>;

/** base64 of at most MAX_UPLOAD_BYTES bytes. */
const base64Field = z.string().max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `文件不能超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效');

const fileNameField = z.string().trim().min(1, '文件名不能为空').max(200, '文件名过长')
  .refine((s) => !/[\\/\u0000]/.test(s), '文件名不能包含路径');

// ---- 进场预登记 ----

export const areaSchema = z.object({ code: z.string(), name: z.string(), cities: z.array(z.object({ code: z.string(), name: z.string() })) });

export const employerSchema = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string(),
  participantType: z.string(),
  participantTypeName: z.string(),
  contractNo: z.string(),
  projectName: z.string(),
});
export type Employer = z.infer<typeof employerSchema>;

const employerInput = z.object({
  name: textField('用人单位名称', 100),
  creditCode: z.string().trim().toUpperCase().superRefine((s, ctx) => {
    const message = creditCodeError(s);
    if (message) ctx.addIssue({ code: 'custom', message });
  }),
  participantType: z.enum(Object.keys(participantTypes) as [string, ...string[]], { message: '请选择参建单位类型' }),
  contractNo: textField('合同报送编号', 40).regex(/^[A-Za-z0-9-]+$/, '合同报送编号只能包含字母、数字和连字符'),
}).strict();

export const healthCloudSchema = z.object({
  reportAddress: z.string(),
  reportTime: z.string(),
  temperature: z.string(),
  healthStatus: z.string(),
  travelTime: z.string(),
  travelMode: z.string(),
  fromHubei: z.boolean(),
  fromWuhan: z.boolean(),
  stopover: z.boolean(),
  stayPlace: z.string(),
  homeAddress: z.string(),
});
export type HealthCloudInfo = z.infer<typeof healthCloudSchema>;

export const healthCloudLookupSchema = z.object({
  found: z.boolean(),
  /** The seed's message when there is no record, or a note about the provider. */
  message: z.string(),
  provider: z.enum(['local', 'http']),
  name: z.string(),
  phone: z.string(),
  record: healthCloudSchema.nullable(),
});
export type HealthCloudLookup = z.infer<typeof healthCloudLookupSchema>;

export const importReportSchema = z.object({
  fileName: z.string(),
  total: z.number(),
  valid: z.number(),
  imported: z.number(),
  committed: z.boolean(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
  preview: z.array(z.record(z.string(), z.string())),
});
export type ImportReport = z.infer<typeof importReportSchema>;

const tableFileInput = z.object({
  fileName: fileNameField,
  dataBase64: base64Field,
  /** false: only check and preview; true: import every valid row in one transaction. */
  commit: z.boolean(),
}).strict();

const originInput = z.object({
  provinceCode: z.string().regex(/^\d{6}$/, '请选择出发地省份'),
  cityCode: z.string().regex(/^\d{6}$/, '请选择出发地城市'),
}, { message: '请选择出发地' }).strict();

export const personRowSchema = z.object({
  id: z.string(),
  category: z.enum(personCategories),
  employerName: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  phone: z.string(),
  preRegisteredOn: z.string(),
  familyCount: z.number(),
});
export type PersonRow = z.infer<typeof personRowSchema>;

export const personDetailSchema = personRowSchema.extend({
  /** The full number only for roles allowed to see it; masked otherwise. */
  idNumber: z.string(),
  idNumberFull: z.boolean(),
  sex: z.string(),
  birthDate: z.string(),
  origin: z.string(),
  employer: employerSchema,
  healthCloud: healthCloudSchema.nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;

export const familyRowSchema = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  phone: z.string(),
  preRegisteredOn: z.string(),
});
export type FamilyRow = z.infer<typeof familyRowSchema>;

export const familyDetailSchema = familyRowSchema.extend({
  idNumber: z.string(),
  idNumberFull: z.boolean(),
  origin: z.string(),
  healthCloud: healthCloudSchema.nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type FamilyDetail = z.infer<typeof familyDetailSchema>;

export const pageInput = {
  page: z.number().int().min(1).max(100000).default(1),
  pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(20),
};

export const isolationRuleSchema = z.object({
  code: z.string().regex(/^\d{6}$/, '请选择省份或城市'),
  name: z.string(),
  days: z.number().int('天数应为整数').min(0, '天数不能为负').max(60, '隔离期不能超过60天'),
}).strict();
export type IsolationRule = z.infer<typeof isolationRuleSchema>;

export const settingsSchema = z.object({
  healthCloudUrl: z.string().trim().max(500, '网址过长').refine((u) => u === '' || (/^https?:\/\/[^\s/]+/i.test(u) && URL.canParse(u)), '请输入有效的网址(http:// 或 https:// 开头)'),
  healthCloudTimeoutMs: z.number().int().min(500, '超时至少500毫秒').max(60000, '超时不能超过60秒'),
  /** 出发地 isolation periods: a city's rule wins over its province's. */
  isolationRules: z.array(isolationRuleSchema).max(400, '隔离规则过多'),
}).strict();
export type Settings = z.infer<typeof settingsSchema>;

// ---- 每日健康, 处置方式, 进场登记 / 退场登记, today board ----

/** Site time as the forms show it: YYYY-MM-DD HH:mm:ss (Asia/Shanghai). */
const siteDateTimeField = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/, '日期时间格式应为 YYYY-MM-DD HH:mm:ss');
const siteDateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

const temperatureField = z.number({ message: '请填写体温' }).min(34, '体温应在34.0到43.0之间').max(43, '体温应在34.0到43.0之间')
  .refine((t) => Math.abs(t * 10 - Math.round(t * 10)) < 1e-6, '体温保留一位小数');

const symptomsField = z.array(z.enum([...symptoms, NO_SYMPTOMS], { message: '无效的健康状态' })).max(10)
  .refine((list) => list.length > 0, '请选择健康状态')
  .refine((list) => !list.includes(NO_SYMPTOMS) || list.length === 1, '“无上述异常症状”不能与其他症状同时选择')
  .refine((list) => new Set(list).size === list.length, '健康状态重复');

export const healthCheckSchema = z.object({
  id: z.string(),
  checkedAt: z.string(),
  symptoms: z.array(z.string()),
  temperature: z.number(),
  fever: z.boolean(),
  createdBy: z.string(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

export const personBriefSchema = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string(),
  phone: z.string(),
  category: z.enum(personCategories),
  state: z.enum(dispositionStates),
});
export type PersonBrief = z.infer<typeof personBriefSchema>;

export const isolationSuggestionSchema = z.object({ suggest: z.boolean(), reason: z.string() });

export const dispositionSchema = z.object({
  id: z.string(),
  state: z.enum(dispositionStates),
  startedAt: z.string().nullable(),
  method: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Disposition = z.infer<typeof dispositionSchema>;

export const entryEligibilitySchema = z.object({
  allowed: z.boolean(),
  reason: z.string(),
  /** 可进场日期 when an isolation period applies (YYYY-MM-DD), else null. */
  availableFrom: z.string().nullable(),
});
export type EntryEligibility = z.infer<typeof entryEligibilitySchema>;

export const rosterRowSchema = z.object({
  entryId: z.string().nullable(),
  personId: z.string(),
  category: z.enum(personCategories),
  name: z.string(),
  idNumberMasked: z.string(),
  phone: z.string(),
  employerName: z.string(),
  workType: z.string(),
  workTypeName: z.string(),
  team: z.string(),
  enteredOn: z.string().nullable(),
  exitedOn: z.string().nullable(),
  state: z.enum(dispositionStates),
  status: z.enum(['onSite', 'exited', 'notEntered']),
});
export type RosterRow = z.infer<typeof rosterRowSchema>;

export const batchRowSchema = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  employerName: z.string(),
  onSite: z.boolean(),
  state: z.enum(dispositionStates),
  todayTemperature: z.number().nullable(),
  todaySymptoms: z.array(z.string()),
});
export type BatchRow = z.infer<typeof batchRowSchema>;

export const boardSchema = z.object({
  date: z.string(),
  onSite: z.number(),
  preRegistered: z.number(),
  checksDone: z.number(),
  checksDue: z.number(),
  feversToday: z.array(z.object({ personId: z.string(), name: z.string(), temperature: z.number(), checkedAt: z.string(), symptoms: z.array(z.string()) })),
  inIsolation: z.array(z.object({ personId: z.string(), name: z.string(), state: z.enum(dispositionStates), startedAt: z.string().nullable(), endsOn: z.string().nullable(), method: z.string().nullable(), onSite: z.boolean() })),
  soonAvailable: z.array(z.object({ personId: z.string(), name: z.string(), origin: z.string(), availableFrom: z.string() })),
  /** 待同步: changes the central system has not acknowledged yet, and since when (sync/push-resume.ts). */
  syncWaiting: z.object({ changes: z.number(), since: z.string().nullable(), lastAckAt: z.string().nullable() }).nullable(),
});
export type Board = z.infer<typeof boardSchema>;

const rosterStatus = z.enum(['onSite', 'exited', 'all']);

// ---- 备份与恢复, 审计记录 ----

export const backupSchema = z.object({ fileName: z.string(), reason: z.string(), createdAt: z.string(), size: z.number() });
export type BackupInfo = z.infer<typeof backupSchema>;
/** How the database writes, read back from the connection the app is using. */
export const storageSchema = z.object({ journalMode: z.string(), synchronous: z.enum(['OFF', 'NORMAL', 'FULL', 'EXTRA']), databaseBytes: z.number() });
export type StorageInfo = z.infer<typeof storageSchema>;
const backupFileField = z.string().regex(backupFileNamePattern, '备份文件名无效');

export const auditRowSchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  tableName: z.string().nullable(),
  rowId: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;


export const contract = {
  'setup.status': command({ access: 'public', input: empty, output: z.object({ initialized: z.boolean() }) }),
  'setup.initialize': command({
    access: 'public',
    localOnly: true,
    input: z.object({ project: projectInput, manager: accountInput }).strict(),
    /** recoveryCode: shown once, for the 项目负责人 to keep (contract-security.ts uses it). */
    output: z.object({ projectId: z.string(), userId: z.string(), recoveryCode: z.string() }),
  }),
  'auth.signIn': command({
    access: 'public',
    input: z.object({ idNumber: idNumberField, password: z.string().min(1, '请输入密码').max(128) }).strict(),
    output: sessionSchema,
  }),
  'auth.signOut': command({ access: 'public', input: empty, output: z.null() }),
  'auth.me': command({ access: 'public', input: empty, output: sessionSchema.nullable() }),
  'projects.list': command({ access: 'user', input: empty, output: z.array(projectSchema) }),
  'projects.enter': command({ access: 'user', input: z.object({ projectId: idField }).strict(), output: sessionSchema }),
  'operators.list': command({ access: 'project', roles: ['manager'], input: empty, output: z.array(operatorSchema) }),
  'operators.create': command({
    access: 'project',
    roles: ['manager'],
    input: accountInput.extend({ realNamePermission: z.boolean(), role: z.enum(['operator', 'labour_officer'], { message: '请选择账号类型' }).default('operator') }).strict(),
    output: operatorSchema,
  }),
  'operators.update': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ userId: idField, realNamePermission: z.boolean(), disabled: z.boolean() }).strict(),
    output: operatorSchema,
  }),
  'epidemicInfo.get': command({ access: 'project', input: empty, output: epidemicInfoSchema.nullable() }),
  'epidemicInfo.save': command({ access: 'project', input: epidemicInfoInput, output: epidemicInfoSchema }),
  'epidemicInfo.listChecklists': command({ access: 'project', input: empty, output: z.array(storedFileSchema) }),
  'epidemicInfo.uploadChecklist': command({
    access: 'project',
    upload: true,
    input: z.object({ fileName: fileNameField, mime: z.enum(checklistMimeTypes, { message: '只能上传 jpg、png 或 pdf 文件' }), dataBase64: base64Field }).strict(),
    output: storedFileSchema,
  }),
  'epidemicInfo.deleteChecklist': command({ access: 'project', input: z.object({ id: idField }).strict(), output: z.null() }),
  'files.get': command({
    access: 'project',
    input: z.object({ id: idField }).strict(),
    output: generatedFileSchema,
  }),
  'reference.areas': command({ access: 'user', input: empty, output: z.array(areaSchema) }),
  'settings.get': command({ access: 'project', input: empty, output: settingsSchema }),
  'settings.save': command({ access: 'project', roles: ['manager'], input: settingsSchema.partial().strict(), output: settingsSchema }),
  'employers.list': command({ access: 'project', input: empty, output: z.array(employerSchema) }),
  'employers.create': command({ access: 'project', roles: ['manager'], input: employerInput, output: employerSchema }),
  'employers.import': command({ access: 'project', roles: ['manager'], upload: true, input: tableFileInput, output: importReportSchema }),
  'healthCloud.lookup': command({
    access: 'project',
    input: z.object({ idNumber: idNumberField, name: personNameField }).strict(),
    output: healthCloudLookupSchema,
  }),
  'healthCloud.import': command({ access: 'project', upload: true, input: tableFileInput, output: importReportSchema }),
  'persons.list': command({
    access: 'project',
    input: z.object({
      ...pageInput,
      search: z.string().trim().max(50, '搜索内容过长').default(''),
      category: z.enum(personCategories).optional(),
    }).strict(),
    output: z.object({ rows: z.array(personRowSchema), total: z.number() }),
  }),
  'persons.get': command({ access: 'project', input: z.object({ id: idField }).strict(), output: personDetailSchema }),
  'persons.create': command({
    access: 'project',
    input: z.object({
      category: z.enum(personCategories, { message: '请选择人员类别' }),
      idNumber: idNumberField,
      name: personNameField,
      origin: originInput,
      employerId: idField,
      phone: z.string().trim().max(20),
      /** Set when 获取健康云信息 found a record: it is looked up again on the main side, never trusted from the client. */
      useHealthCloud: z.boolean(),
    }).strict(),
    output: personDetailSchema,
  }),
  'family.list': command({
    access: 'project',
    input: z.object({ personId: idField, ...pageInput }).strict(),
    output: z.object({ person: personRowSchema, rows: z.array(familyRowSchema), total: z.number() }),
  }),
  'family.get': command({ access: 'project', input: z.object({ id: idField }).strict(), output: familyDetailSchema }),
  'family.create': command({
    access: 'project',
    input: z.object({
      personId: idField,
      idNumber: idNumberField,
      name: personNameField,
      phone: z.string().trim().max(20),
      origin: originInput,
      useHealthCloud: z.boolean(),
    }).strict(),
    output: familyDetailSchema,
  }),
  'health.list': command({
    access: 'project',
    input: z.object({ personId: idField, ...pageInput }).strict(),
    output: z.object({ person: personBriefSchema, rows: z.array(healthCheckSchema), total: z.number() }),
  }),
  'health.create': command({
    access: 'project',
    input: z.object({ personId: idField, checkedAt: siteDateTimeField, symptoms: symptomsField, temperature: temperatureField }).strict(),
    output: z.object({ check: healthCheckSchema, suggestion: isolationSuggestionSchema }),
  }),
  'health.batchList': command({ access: 'project', input: z.object({ date: siteDateField.optional() }).strict(), output: z.object({ date: z.string(), rows: z.array(batchRowSchema) }) }),
  'health.batchSave': command({
    access: 'project',
    bulk: true,
    input: z.object({
      checkedAt: siteDateTimeField,
      rows: z.array(z.object({ personId: idField, temperature: temperatureField, symptoms: symptomsField }).strict()).min(1, '请至少填写一人的体温').max(20000),
    }).strict(),
    output: z.object({ saved: z.number(), fevers: z.number(), suggestions: z.array(z.object({ personId: z.string(), name: z.string(), reason: z.string() })) }),
  }),
  'dispositions.get': command({
    access: 'project',
    input: z.object({ personId: idField }).strict(),
    output: z.object({ person: personBriefSchema, history: z.array(dispositionSchema), forms: z.array(storedFileSchema), eligibility: entryEligibilitySchema }),
  }),
  'dispositions.set': command({
    access: 'project',
    input: z.object({
      personId: idField,
      state: z.enum(dispositionStates, { message: '请选择处置方式' }),
      startedAt: siteDateTimeField.nullable(),
      method: z.string().trim().max(50, '隔离/就医方式不能超过50个字').nullable(),
    }).strict(),
    output: dispositionSchema,
  }),
  'dispositions.uploadForm': command({
    access: 'project',
    upload: true,
    input: z.object({ personId: idField, fileName: fileNameField, mime: z.enum(['image/jpeg', 'image/png'], { message: '《健康状况信息登记表》只能上传 jpg 或 png 图片' }), dataBase64: base64Field }).strict(),
    output: storedFileSchema,
  }),
  'dispositions.deleteForm': command({ access: 'project', input: z.object({ personId: idField, id: idField }).strict(), output: z.null() }),
  'entries.check': command({
    access: 'project',
    input: z.object({ idNumber: idNumberField, category: z.enum(personCategories), enteredOn: siteDateField.optional() }).strict(),
    output: z.object({ person: personBriefSchema.nullable(), eligibility: entryEligibilitySchema }),
  }),
  'entries.enter': command({
    access: 'project',
    input: z.object({
      personId: idField,
      employerId: idField,
      workType: z.enum(Object.keys(workTypes) as [string, ...string[]], { message: '请选择工种' }),
      team: textField('班组', 50),
      enteredOn: siteDateField,
    }).strict(),
    output: rosterRowSchema,
  }),
  'entries.exit': command({ access: 'project', input: z.object({ entryId: idField, exitedOn: siteDateField }).strict(), output: rosterRowSchema }),
  'entries.roster': command({
    access: 'project',
    input: z.object({ ...pageInput, category: z.enum(personCategories), status: rosterStatus.default('onSite'), search: z.string().trim().max(50).default('') }).strict(),
    output: z.object({ rows: z.array(rosterRowSchema), total: z.number() }),
  }),
  'board.today': command({ access: 'project', input: empty, output: boardSchema }),
  'backups.list': command({ access: 'project', roles: ['manager'], input: empty, output: z.array(backupSchema) }),
  'backups.create': command({ access: 'project', roles: ['manager'], input: empty, output: backupSchema }),
  'backups.storage': command({ access: 'project', roles: ['manager'], input: empty, output: storageSchema }),
  'backups.restore': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ fileName: backupFileField, confirm: z.literal(true, { message: '恢复前须确认' }) }).strict(),
    output: z.object({ restored: z.string(), keptAs: z.string(), safetyBackup: z.string() }),
  }),
  'audit.list': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ ...pageInput, tableName: z.string().max(40).optional(), rowId: idField.optional() }).strict(),
    output: z.object({ rows: z.array(auditRowSchema), total: z.number() }),
  }),
  'audit.verify': command({ access: 'project', roles: ['manager'], input: empty, output: z.object({ ok: z.boolean(), checked: z.number(), brokenAt: z.number().nullable(), message: z.string() }) }),
  'audit.export': command({ access: 'project', roles: ['manager'], input: empty, output: generatedFileSchema }),
  /** Answered without a database when it would not open (recovery mode), and with one otherwise. */
  'recovery.status': command({ access: 'public', input: empty, output: z.object({ corrupt: z.boolean(), message: z.string(), backups: z.array(backupSchema) }) }),
  /** On this PC only, with the recovery code (where one was issued: older folders have none). */
  'recovery.restore': command({
    access: 'public',
    localOnly: true,
    input: z.object({ fileName: backupFileField, confirm: z.literal(true, { message: '恢复前须确认' }), recoveryCode: z.string().trim().max(40).optional() }).strict(),
    output: z.object({ restored: z.string(), keptAs: z.string() }),
  }),
  // 身份证阅读器 commands live beside their plugin hook.
  ...idcardCommands,
  ...syncCommands,
  ...reportCommands,
  ...labourCommands,
  ...rectificationCommands,
  ...safetyCommands,
  ...payrollCommands,
  ...partiesCommands,
  ...materialsCommands,
  ...qualityCommands,
  ...supervisionReportsCommands,
  ...siteRulesCommands,
  ...platformCommands,
  ...securityCommands,
} as const;

export type Contract = typeof contract;
export type CommandName = keyof Contract;
export type CommandInput<C extends CommandName> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends CommandName> = z.output<Contract[C]['input']>;
export type CommandOutput<C extends CommandName> = z.output<Contract[C]['output']>;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** The renderer's view: api.<domain>.<action>(input). */
type DomainOf<C extends string> = C extends `${infer D}.${string}` ? D : never;
type ActionOf<C extends string, D extends string> = C extends `${D}.${infer A}` ? A : never;
type ClientMethod<C extends CommandName> = (input?: CommandInput<C>) => Promise<CommandOutput<C>>;
export type ApiClient = {
  [D in DomainOf<CommandName>]: {
    [A in ActionOf<CommandName, D>]: ClientMethod<Extract<`${D}.${A}`, CommandName>>;
  };
};
