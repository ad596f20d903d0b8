// API commands of the labour register and attendance (进退场用工管理, 现场管理人员实名制; issue 17):
// 参建单位, 班组, 聘用登记 → 派工登记 → 进场登记 / 退场登记 with 劳动合同 and 工资卡, 设备管理, the
// raw punches, 班前签到, 补卡, 异常, the 月度考勤表 and the labour part of the today board.
//
// contract.ts spreads these commands into the contract, so nothing here may import a value from
// it (see contract-reports.ts for why).
import { z } from 'zod';
import { command } from './command';
import { participantTypes, personCategories, workTypes } from './codes';
import {
  anomalyKinds, deviceVendors, directions, makeupStates, payMethods, punchSources, termTypes, workerStatuses,
} from './codes-labour';
import { creditCodeError } from './credit-code';
import { cardNumberError, normalizeCardNumber } from './bank-card';
import { parseYuan } from './money';
import { normalizeSiteDateTime } from './site-time';
import {
  empty, generatedFileSchema, idField, idNumberField, mobilePhoneField, optionalText, personNameField, textField,
} from './schemas';
import { importInput, importReportShape, taskStarted } from './contract-reports';

const file = generatedFileSchema;
const siteDateField = (label = '日期') => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`);
const monthField = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const siteDateTimeField = z.string().transform((text, ctx) => {
  const normalized = normalizeSiteDateTime(text.trim());
  if (!normalized) {
    ctx.addIssue({ code: 'custom', message: '时间格式应为 YYYY-MM-DD HH:mm' });
    return z.NEVER;
  }
  return normalized;
});
const searchField = z.string().trim().max(50, '搜索内容过长').default('');
const pageInput = {
  page: z.number().int().min(1).max(100000).default(1),
  pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(20),
};
const workTypeField = z.enum(Object.keys(workTypes) as [string, ...string[]], { message: '请选择工种' });
const optionalPhone = z.string().trim().max(30, '电话号码过长').refine((s) => s === '' || /^[0-9+\-() ]+$/.test(s), '电话号码只能包含数字、空格和 + - ( )');
// The shapes every file import shares (contract-reports.ts): the file with commit, and the report.
const uploadInput = importInput;
const importReport = importReportShape;

// ---- warnings from the other domains (services/labour/warnings.ts) ----

export const labourWarningSchema = z.object({ workerId: z.string(), level: z.enum(['warning', 'confirm', 'block']), source: z.string(), message: z.string() });
/** The reason a user gives to go on despite warnings that need confirming (kept in the audit trail). */
const confirmReasonField = z.string().trim().min(2, '确认原因至少2个字').max(200, '确认原因不能超过200个字').optional();
export type LabourWarningView = z.infer<typeof labourWarningSchema>;

// ---- 设置 ----

export const labourSettingsSchema = z.object({ epidemicHidden: z.boolean(), signInCountsAsAttendance: z.boolean() });
export type LabourSettingsView = z.infer<typeof labourSettingsSchema>;

// ---- 参建单位 ----

export const participantSchema = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string(),
  participantType: z.string(),
  participantTypeName: z.string(),
  contractNo: z.string(),
  leaderName: z.string(),
  leaderPhone: z.string(),
  labourOfficerName: z.string(),
  labourOfficerPhone: z.string(),
  teams: z.number(),
  workers: z.number(),
  onSite: z.number(),
});
export type Participant = z.infer<typeof participantSchema>;

const contactFields = {
  leaderName: z.string().trim().max(50, '负责人不能超过50个字').default(''),
  leaderPhone: optionalPhone.default(''),
  labourOfficerName: z.string().trim().max(50, '劳资专管员不能超过50个字').default(''),
  labourOfficerPhone: optionalPhone.default(''),
};

export const creditCodeField = z.string().trim().toUpperCase().superRefine((s, ctx) => {
  const message = creditCodeError(s);
  if (message) ctx.addIssue({ code: 'custom', message });
});

// ---- 班组 ----

export const teamRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  employerId: z.string(),
  employerName: z.string(),
  workType: z.string(),
  workTypeName: z.string(),
  leaderWorkerId: z.string().nullable(),
  leaderName: z.string(),
  members: z.number(),
  onSite: z.number(),
  disbandedOn: z.string().nullable(),
});
export type TeamRow = z.infer<typeof teamRowSchema>;

// ---- workers ----

export const contractInput = z.object({
  contractNo: z.string().trim().max(50, '合同编号不能超过50个字').default(''),
  signedOn: siteDateField('签订日期'),
  startsOn: siteDateField('合同开始日期'),
  endsOn: siteDateField('合同结束日期').nullable(),
  termType: z.enum(termTypes, { message: '请选择合同期限' }),
  payMethod: z.enum(payMethods, { message: '请选择计薪方式' }),
  /** 工资标准 in yuan as typed ("350", "6500.00"); the services keep 分. */
  wage: z.string().transform((text, ctx) => {
    const fen = parseYuan(text);
    if (fen === null || fen === 0) {
      ctx.addIssue({ code: 'custom', message: '工资标准应为大于0的金额,最多两位小数' });
      return z.NEVER;
    }
    return fen;
  }),
  pieceUnit: z.string().trim().max(10, '计件单位不能超过10个字').default(''),
  payDay: z.number({ message: '请填写工资支付日' }).int('工资支付日应为整数').min(1, '工资支付日应在1至31日之间').max(31, '工资支付日应在1至31日之间'),
}).strict().superRefine((c, ctx) => {
  if (c.termType === 'fixed' && !c.endsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '固定期限合同须填写合同结束日期' });
  if (c.termType === 'task' && c.endsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '以完成一定工作任务为期限的合同不填结束日期' });
  if (c.endsOn && c.endsOn < c.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '合同结束日期不能早于开始日期' });
  if (c.startsOn < c.signedOn) ctx.addIssue({ code: 'custom', path: ['startsOn'], message: '合同开始日期不能早于签订日期' });
  if (c.payMethod === 'piece' && !c.pieceUnit) ctx.addIssue({ code: 'custom', path: ['pieceUnit'], message: '计件工资须填写计件单位(如 平方米)' });
});
export type ContractInput = z.output<typeof contractInput>;

export const wageCardInput = z.object({
  bankName: textField('开户银行', 50),
  bankCode: z.string().trim().regex(/^(\d{3}|\d{12})$/, '银行代码应为3位行别代码或12位联行号'),
  cardNo: z.string().max(40, '卡号过长').transform((raw, ctx) => {
    const cardNo = normalizeCardNumber(raw);
    const message = cardNumberError(cardNo);
    if (message) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return cardNo;
  }),
}).strict();

const emergencyInput = z.object({
  name: z.string().trim().max(50, '紧急联系人不能超过50个字').default(''),
  phone: optionalPhone.default(''),
  relation: z.string().trim().max(20, '与本人关系不能超过20个字').default(''),
}).strict();

const photoInput = z.object({
  format: z.enum(['wlt', 'jpeg', 'png', 'bmp']),
  base64: z.string().max(Math.ceil((256 * 1024) / 3) * 4, '照片过大').regex(/^[A-Za-z0-9+/]*={0,2}$/, '照片编码无效'),
}).strict();

export const contractSchema = z.object({
  id: z.string(),
  employerName: z.string(),
  contractNo: z.string(),
  signedOn: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  termType: z.enum(termTypes),
  payMethod: z.enum(payMethods),
  wageFen: z.number(),
  pieceUnit: z.string(),
  payDay: z.number(),
  terminatedOn: z.string().nullable(),
  scanFileId: z.string().nullable(),
});
export type LabourContractView = z.infer<typeof contractSchema>;

export const wageCardSchema = z.object({
  id: z.string(),
  bankName: z.string(),
  bankCode: z.string(),
  /** Full only for roles that see full numbers, on the worker's own page. */
  cardNo: z.string(),
  cardNoFull: z.boolean(),
  luhnValid: z.boolean(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
});
export type WageCardView = z.infer<typeof wageCardSchema>;

export const workerRowSchema = z.object({
  id: z.string(),
  personId: z.string(),
  workerNo: z.string(),
  category: z.enum(personCategories),
  name: z.string(),
  idNumberMasked: z.string(),
  phone: z.string(),
  employerId: z.string(),
  employerName: z.string(),
  workType: z.string(),
  workTypeName: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string(),
  isTeamLeader: z.boolean(),
  payMethod: z.enum(payMethods).nullable(),
  wageFen: z.number().nullable(),
  pieceUnit: z.string(),
  hasWageCard: z.boolean(),
  safetyTrainingOn: z.string().nullable(),
  status: z.enum(workerStatuses),
  entryId: z.string().nullable(),
  enteredOn: z.string().nullable(),
  exitedOn: z.string().nullable(),
});
export type WorkerRow = z.infer<typeof workerRowSchema>;

export const workerDetailSchema = workerRowSchema.extend({
  idNumber: z.string(),
  idNumberFull: z.boolean(),
  sex: z.string(),
  birthDate: z.string(),
  hiredOn: z.string(),
  emergencyContactName: z.string(),
  emergencyContactPhone: z.string(),
  emergencyContactRelation: z.string(),
  photo: z.object({ fileId: z.string(), format: z.string(), size: z.number() }).nullable(),
  contracts: z.array(contractSchema),
  wageCards: z.array(wageCardSchema),
  dispatches: z.array(z.object({ id: z.string(), teamName: z.string(), workTypeName: z.string(), dispatchedOn: z.string(), endedOn: z.string().nullable() })),
  entries: z.array(z.object({ id: z.string(), enteredOn: z.string(), exitedOn: z.string().nullable(), exitReason: z.string().nullable(), team: z.string() })),
  warnings: z.array(labourWarningSchema),
});
export type WorkerDetail = z.infer<typeof workerDetailSchema>;

/** The answer of an action on a worker: the worker as it now is, and what other domains had to say. */
const workerActionResult = z.object({ worker: workerDetailSchema, warnings: z.array(labourWarningSchema), notice: z.string() });

const workerFilters = {
  category: z.enum(personCategories).default('worker'),
  status: z.enum(['all', ...workerStatuses]).default('all'),
  employerId: idField.optional(),
  teamId: idField.optional(),
  search: searchField,
};

// ---- attendance ----

export const deviceSchema = z.object({
  id: z.string(),
  vendor: z.enum(deviceVendors),
  serial: z.string(),
  direction: z.enum(directions),
  name: z.string(),
  location: z.string(),
  disabled: z.boolean(),
  lastSeenAt: z.string().nullable(),
  lastPushAt: z.string().nullable(),
  clockOffsetSec: z.number().nullable(),
  punchesToday: z.number(),
});
export type DeviceView = z.infer<typeof deviceSchema>;

export const gateRequestSchema = z.object({
  id: z.number(),
  at: z.string(),
  vendor: z.string(),
  serial: z.string(),
  path: z.string(),
  remote: z.string(),
  status: z.enum(['accepted', 'partial', 'refused', 'ignored']),
  message: z.string(),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  unmatched: z.number(),
});

export const punchRowSchema = z.object({
  id: z.string(),
  source: z.enum(punchSources),
  deviceSerial: z.string(),
  deviceName: z.string(),
  personRef: z.string(),
  workerId: z.string().nullable(),
  workerNo: z.string(),
  name: z.string(),
  teamName: z.string(),
  punchedAt: z.string(),
  direction: z.enum(directions),
  verifyMode: z.string(),
  receivedAt: z.string(),
  payloadSha256: z.string(),
  clockOffsetSec: z.number().nullable(),
  createdByName: z.string(),
});
export type PunchRow = z.infer<typeof punchRowSchema>;

export const anomalySchema = z.object({
  kind: z.enum(anomalyKinds),
  date: z.string(),
  workerId: z.string().nullable(),
  workerNo: z.string(),
  name: z.string(),
  teamName: z.string(),
  /** What happened, in words: 07:02 进,无出;设备 … 慢 12 分钟;设备人员编号 9001 未匹配 (3 次). */
  detail: z.string(),
  at: z.string().nullable(),
  deviceSerial: z.string(),
  personRef: z.string(),
  count: z.number(),
});
export type AnomalyRow = z.infer<typeof anomalySchema>;

export const makeupSchema = z.object({
  id: z.string(),
  workerId: z.string(),
  workerNo: z.string(),
  name: z.string(),
  teamName: z.string(),
  punchedAt: z.string(),
  direction: z.enum(directions),
  reason: z.string(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  state: z.enum(makeupStates),
  decidedByName: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string(),
});
export type MakeupRow = z.infer<typeof makeupSchema>;

/** One worker's day in the 月度考勤表: '√' present, '△' an anomaly unresolved, '' absent. */
export const sheetDaySchema = z.object({ present: z.boolean(), hours: z.number(), anomaly: z.boolean(), signedIn: z.boolean() });

export const monthSheetSchema = z.object({
  month: z.string(),
  days: z.array(z.string()),
  teamName: z.string(),
  rows: z.array(z.object({
    workerId: z.string(),
    workerNo: z.string(),
    name: z.string(),
    idNumberMasked: z.string(),
    teamName: z.string(),
    workTypeName: z.string(),
    days: z.array(sheetDaySchema),
    attendanceDays: z.number(),
    /** Tenths of an hour, so totals add up exactly; shown with one decimal. */
    hoursTenths: z.number(),
    anomalies: z.number(),
  })),
  /** Workers present on each day of the month: the chart over the table. */
  presentPerDay: z.array(z.number()),
  warnings: z.array(labourWarningSchema),
});
export type MonthSheet = z.infer<typeof monthSheetSchema>;

export const signInListSchema = z.object({
  date: z.string(),
  teamName: z.string(),
  rows: z.array(z.object({
    workerId: z.string(),
    workerNo: z.string(),
    name: z.string(),
    workTypeName: z.string(),
    isTeamLeader: z.boolean(),
    onSite: z.boolean(),
    /** The first in of the day (gate or 班前签到), HH:mm:ss; null: still missing. */
    firstIn: z.string().nullable(),
    firstInSource: z.enum(punchSources).nullable(),
  })),
  warnings: z.array(labourWarningSchema),
});
export type SignInList = z.infer<typeof signInListSchema>;

export const labourBoardSchema = z.object({
  date: z.string(),
  onSite: z.number(),
  /** 今日出勤: workers with an in (gate or 班前签到) today. */
  attendanceToday: z.number(),
  /** 在场未打卡: on site (entered, not exited) and no punch today. */
  notPunched: z.array(z.object({ workerId: z.string(), workerNo: z.string(), name: z.string(), teamName: z.string() })),
  anomalies: z.array(anomalySchema),
  /** Ins per hour of today (0-23), for the chart. */
  insPerHour: z.array(z.number()),
  pendingMakeups: z.number(),
});
export type LabourBoard = z.infer<typeof labourBoardSchema>;

const rangeInput = { from: siteDateField('开始日期'), to: siteDateField('结束日期') };

export const labourCommands = {
  'labour.settings': command({ access: 'project', input: empty, output: labourSettingsSchema }),
  'labour.saveSettings': command({ access: 'project', roles: ['manager'], input: labourSettingsSchema.partial().strict(), output: labourSettingsSchema }),

  // ---- 参建单位
  'participants.list': command({ access: 'project', input: empty, output: z.array(participantSchema) }),
  'participants.create': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({
      name: textField('单位名称', 100),
      creditCode: creditCodeField,
      participantType: z.enum(Object.keys(participantTypes) as [string, ...string[]], { message: '请选择参建类型' }),
      /** The 合同报送编号 of its own contract; the project's when left empty. */
      contractNo: z.string().trim().max(40).regex(/^[A-Za-z0-9-]*$/, '合同报送编号只能包含字母、数字和连字符').default(''),
      ...contactFields,
    }).strict(),
    output: participantSchema,
  }),
  'participants.update': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ employerId: idField, name: textField('单位名称', 100), participantType: z.enum(Object.keys(participantTypes) as [string, ...string[]], { message: '请选择参建类型' }), ...contactFields }).strict(),
    output: participantSchema,
  }),
  'participants.xlsx': command({ access: 'project', input: empty, output: file }),

  // ---- 班组
  'teams.list': command({ access: 'project', input: z.object({ employerId: idField.optional(), includeDisbanded: z.boolean().default(false) }).strict(), output: z.array(teamRowSchema) }),
  'teams.create': command({ access: 'project', input: z.object({ employerId: idField, name: textField('班组名称', 50), workType: workTypeField }).strict(), output: teamRowSchema }),
  'teams.update': command({
    access: 'project',
    input: z.object({ teamId: idField, name: textField('班组名称', 50), workType: workTypeField, leaderWorkerId: idField.nullable(), disbandedOn: siteDateField('解散日期').nullable() }).strict(),
    output: teamRowSchema,
  }),
  'teams.xlsx': command({ access: 'project', input: z.object({ employerId: idField.optional(), includeDisbanded: z.boolean().default(false) }).strict(), output: file }),
  /** 导入班组: a whole team's workers from .xlsx / .csv, hired and dispatched together or not at all. */
  'teams.import': command({ access: 'project', upload: true, input: uploadInput.extend({ teamId: idField, hiredOn: siteDateField('聘用日期'), confirmReason: confirmReasonField }).strict(), output: importReport }),
  'teams.template': command({ access: 'project', input: empty, output: file }),

  // ---- workers: 聘用登记 → 派工登记 → 进场登记 / 退场登记
  'workers.list': command({ access: 'project', input: z.object({ ...pageInput, ...workerFilters }).strict(), output: z.object({ rows: z.array(workerRowSchema), total: z.number() }) }),
  'workers.xlsx': command({ access: 'project', input: z.object(workerFilters).strict(), output: file }),
  'workers.get': command({ access: 'project', input: z.object({ workerId: idField }).strict(), output: workerDetailSchema }),
  /** Before 聘用登记: is this person known here (pre-registered, already hired), and may they be hired. */
  'workers.lookup': command({
    access: 'project',
    input: z.object({ idNumber: idNumberField, category: z.enum(personCategories) }).strict(),
    output: z.object({
      allowed: z.boolean(),
      reason: z.string(),
      person: z.object({ id: z.string(), name: z.string(), phone: z.string(), employerId: z.string() }).nullable(),
      workerId: z.string().nullable(),
    }),
  }),
  'workers.hire': command({
    access: 'project',
    input: z.object({
      category: z.enum(personCategories, { message: '请选择人员类别' }),
      idNumber: idNumberField,
      name: personNameField,
      phone: mobilePhoneField,
      employerId: idField,
      workType: workTypeField,
      hiredOn: siteDateField('聘用日期'),
      safetyTrainingOn: siteDateField('安全教育日期').nullable().default(null),
      emergency: emergencyInput.default({ name: '', phone: '', relation: '' }),
      photo: photoInput.nullable().default(null),
      contract: contractInput,
      wageCard: wageCardInput.nullable().default(null),
    }).strict(),
    output: workerActionResult,
  }),
  'workers.update': command({
    access: 'project',
    input: z.object({
      workerId: idField,
      phone: mobilePhoneField,
      workType: workTypeField,
      safetyTrainingOn: siteDateField('安全教育日期').nullable(),
      emergency: emergencyInput,
    }).strict(),
    output: workerDetailSchema,
  }),
  'workers.addContract': command({ access: 'project', input: z.object({ workerId: idField, contract: contractInput }).strict(), output: workerActionResult }),
  'workers.uploadContractScan': command({
    access: 'project',
    upload: true,
    input: z.object({ contractId: idField, fileName: uploadInput.shape.fileName, mime: z.enum(['image/jpeg', 'image/png', 'application/pdf'], { message: '只能上传 jpg、png 或 pdf 文件' }), dataBase64: uploadInput.shape.dataBase64 }).strict(),
    output: workerDetailSchema,
  }),
  'workers.setWageCard': command({ access: 'project', input: z.object({ workerId: idField, card: wageCardInput }).strict(), output: workerActionResult }),
  'workers.dispatch': command({ access: 'project', input: z.object({ workerId: idField, teamId: idField, dispatchedOn: siteDateField('派工日期'), workType: workTypeField.optional(), confirmReason: confirmReasonField }).strict(), output: workerActionResult }),
  'workers.enter': command({ access: 'project', input: z.object({ workerId: idField, enteredOn: siteDateField('进场日期') }).strict(), output: workerActionResult }),
  'workers.exit': command({ access: 'project', input: z.object({ workerId: idField, exitedOn: siteDateField('退场日期'), reason: textField('退场原因', 100) }).strict(), output: workerActionResult }),
  /** What the other domains say before an action (派工, 进场, 退场), so the form can show it first. */
  'workers.warnings': command({
    access: 'project',
    input: z.object({ workerIds: z.array(idField).min(1).max(5000), point: z.enum(['dispatch', 'entry', 'exit', 'attendanceList']), date: siteDateField().optional(), teamId: idField.optional(), workType: workTypeField.optional() }).strict(),
    output: z.array(labourWarningSchema),
  }),

  // ---- 设备管理
  /** gatePort: where the receivers listen now; storedGatePort: where the desktop app opens them at start. */
  'devices.list': command({ access: 'project', input: empty, output: z.object({ devices: z.array(deviceSchema), gatePort: z.number().nullable(), storedGatePort: z.number().nullable() }) }),
  'devices.setGatePort': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ port: z.number().int('端口应为整数').min(1024, '端口应在1024至65535之间').max(65535, '端口应在1024至65535之间').nullable() }).strict(),
    output: z.object({ stored: z.number().nullable(), running: z.number().nullable() }),
  }),
  'devices.create': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({
      vendor: z.enum(deviceVendors, { message: '请选择设备厂商' }),
      serial: z.string().trim().min(1, '请输入设备序列号').max(64, '序列号过长').regex(/^[A-Za-z0-9:_().-]+$/, '序列号只能包含字母、数字和 : _ . - ( )'),
      direction: z.enum(directions, { message: '请选择进出方向' }),
      name: z.string().trim().max(50).default(''),
      location: z.string().trim().max(100).default(''),
    }).strict(),
    output: deviceSchema,
  }),
  'devices.update': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ deviceId: idField, direction: z.enum(directions), name: z.string().trim().max(50), location: z.string().trim().max(100), disabled: z.boolean() }).strict(),
    output: deviceSchema,
  }),
  'devices.requests': command({ access: 'project', input: z.object({ ...pageInput, deviceId: idField.optional() }).strict(), output: z.object({ rows: z.array(gateRequestSchema), total: z.number() }) }),
  'devices.xlsx': command({ access: 'project', input: empty, output: file }),

  // ---- 考勤
  'attendance.punches': command({
    access: 'project',
    input: z.object({ ...pageInput, ...rangeInput, workerId: idField.optional(), source: z.enum(punchSources).optional(), unmatchedOnly: z.boolean().default(false) }).strict(),
    output: z.object({ rows: z.array(punchRowSchema), total: z.number() }),
  }),
  'attendance.punchesXlsx': command({ access: 'project', input: z.object({ ...rangeInput, workerId: idField.optional(), source: z.enum(punchSources).optional(), unmatchedOnly: z.boolean().default(false) }).strict(), output: file }),
  /** 导入考勤: a vendor's attendance export, whole or not at all (services/labour/punch-import.ts). */
  'attendance.import': command({ access: 'project', upload: true, input: uploadInput, output: importReport }),
  'attendance.importTemplate': command({ access: 'project', input: empty, output: file }),
  'attendance.matchPunches': command({
    access: 'project',
    input: z.object({ personRef: z.string().min(1).max(64), deviceSerial: z.string().max(64), workerId: idField }).strict(),
    output: z.object({ matched: z.number() }),
  }),
  'attendance.signInList': command({ access: 'project', input: z.object({ teamId: idField, date: siteDateField().optional() }).strict(), output: signInListSchema }),
  /** 班前签到 by the name picked from the 班组 list. */
  'attendance.signIn': command({ access: 'project', input: z.object({ workerId: idField }).strict(), output: z.object({ workerId: z.string(), name: z.string(), at: z.string(), duplicate: z.boolean() }) }),
  /** 班前签到 by a tap of the ID card on the desk's reader. */
  'attendance.signInByCard': command({ access: 'project', input: z.object({ teamId: idField.optional() }).strict(), output: z.object({ workerId: z.string(), name: z.string(), at: z.string(), duplicate: z.boolean(), teamName: z.string(), otherTeam: z.boolean() }) }),
  'attendance.requestMakeup': command({
    access: 'project',
    input: z.object({ workerId: idField, punchedAt: siteDateTimeField, direction: z.enum(directions, { message: '请选择进或出' }), reason: textField('补卡原因', 200) }).strict(),
    output: makeupSchema,
  }),
  'attendance.makeups': command({ access: 'project', input: z.object({ ...pageInput, state: z.enum(makeupStates).optional() }).strict(), output: z.object({ rows: z.array(makeupSchema), total: z.number() }) }),
  'attendance.decideMakeup': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ makeupId: idField, approve: z.boolean(), note: optionalText('审批意见', 200).default('') }).strict(),
    output: makeupSchema,
  }),
  'attendance.makeupsXlsx': command({ access: 'project', input: z.object({ state: z.enum(makeupStates).optional() }).strict(), output: file }),
  'attendance.anomalies': command({ access: 'project', input: z.object({ ...rangeInput, kind: z.enum(anomalyKinds).optional() }).strict(), output: z.array(anomalySchema) }),
  'attendance.anomaliesXlsx': command({ access: 'project', input: z.object({ ...rangeInput, kind: z.enum(anomalyKinds).optional() }).strict(), output: file }),
  'attendance.monthSheet': command({ access: 'project', input: z.object({ month: monthField, teamId: idField.optional() }).strict(), output: monthSheetSchema }),
  /** The 月度考勤表 PDF as a task (tasks.get: how far, the file; tasks.cancel): thousands of rows take a while. */
  'attendance.startMonthSheetPdf': command({ access: 'project', input: z.object({ month: monthField, teamId: idField.optional() }).strict(), output: taskStarted }),
  'attendance.monthSheetXlsx': command({ access: 'project', input: z.object({ month: monthField, teamId: idField.optional() }).strict(), output: file }),
  'attendance.today': command({ access: 'project', input: empty, output: labourBoardSchema }),
  /** One worker's month: what the worker's page draws as a calendar. */
  'attendance.workerMonth': command({
    access: 'project',
    input: z.object({ workerId: idField, month: monthField }).strict(),
    output: z.object({ month: z.string(), days: z.array(sheetDaySchema.extend({ date: z.string(), intervals: z.array(z.string()) })), attendanceDays: z.number(), hoursTenths: z.number(), anomalies: z.number() }),
  }),
} as const satisfies Record<string, ReturnType<typeof command>>;

