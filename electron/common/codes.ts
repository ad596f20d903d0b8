// Code tables and role names shown in the UI (words from the seed manual and domain.md).
import { lookup, workTypeTable } from './code-tables';

export const roles = ['manager', 'operator', 'supervisor', 'chief_supervisor', 'supervision_engineer', 'supervision_inspector', 'owner_representative', 'labour_officer'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  manager: '项目负责人',
  operator: '现场操作用户',
  supervisor: '监督管理人员',
  // Prepares the wage ledgers; the 项目负责人 approves and locks them (services/payroll/).
  labour_officer: '劳资专管员',
  // The 监理单位's and the 建设单位's people on a project (common/parties/positions.ts).
  chief_supervisor: '总监理工程师',
  supervision_engineer: '专业监理工程师',
  supervision_inspector: '监理员',
  owner_representative: '建设单位项目负责人',
};

/** The 施工 side's accounts: a project command that names no roles is theirs alone (api/dispatch.ts). */
export const siteRoles = ['manager', 'operator', 'labour_officer'] as const satisfies readonly Role[];

/** 总包单位类型 as the supervision query shows it. */
export const contractorTypes = ['施工企业', '监理企业', '建设单位', '其它'] as const;

/** 参建单位类型 (national platform). */
export const participantTypes: Record<string, string> = {
  '001': '专业分包',
  '006': '劳务分包',
  '007': '监理',
  '008': '建设单位',
  '009': '总承包',
  '012': '其它',
};

/** 所在监督站: the supervision stations of Shanghai's districts. */
export const supervisionStations = [
  '市建设工程安全质量监督总站',
  '黄浦区建设工程安全质量监督站',
  '徐汇区建设工程安全质量监督站',
  '长宁区建设工程安全质量监督站',
  '静安区建设工程安全质量监督站',
  '普陀区建设工程安全质量监督站',
  '虹口区建设工程安全质量监督站',
  '杨浦区建设工程安全质量监督站',
  '闵行区建设工程安全质量监督站',
  '宝山区建设工程安全质量监督站',
  '嘉定区建设工程安全质量监督站',
  '浦东新区建设工程安全质量监督站',
  '金山区建设工程安全质量监督站',
  '松江区建设工程安全质量监督站',
  '青浦区建设工程安全质量监督站',
  '奉贤区建设工程安全质量监督站',
  '崇明区建设工程安全质量监督站',
] as const;

export const checklistMimeTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type ChecklistMime = (typeof checklistMimeTypes)[number];

/** Largest scan or photo accepted (bytes). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** 工种 (national platform code table, kept in code-tables/work-types.json with its source). */
export const workTypes: Record<string, string> = lookup(workTypeTable);

/** 人员类别 of a pre-registered person. */
export const personCategories = ['worker', 'manager'] as const;
export const personCategoryLabels: Record<(typeof personCategories)[number], string> = { worker: '作业人员', manager: '现场管理人员' };

/** 证件类型 of the cards an ID card reader returns (contract-idcard.ts). */
export const cardTypeLabels = {
  resident: '居民身份证',
  hkmotw: '港澳台居民居住证',
  foreigner2017: '外国人永久居留身份证(2017版)',
  foreigner2023: '外国人永久居留身份证(2023版)',
} as const;

/** 健康状态 choices; the last excludes all the others. */
export const symptoms = ['发热', '咳嗽', '流涕', '咽痛', '咳痰', '胸痛', '肌肉酸痛/关节痛', '气促', '腹泻'] as const;
export const NO_SYMPTOMS = '无上述异常症状';

/** 37.3 °C or more is fever (in tenths of a degree). */
export const FEVER_TENTHS = 373;

export const dispositionStates = ['clear', 'isolate', 'suspected', 'confirmed'] as const;
export type DispositionState = (typeof dispositionStates)[number];
export const dispositionLabels: Record<DispositionState, string> = {
  clear: '未发现异常情况 同意进场',
  isolate: '需隔离',
  suspected: '疑似',
  confirmed: '确诊',
};
/** The state as a list shows it. */
export const stateLabels: Record<DispositionState, string> = { clear: '可进场', isolate: '需隔离', suspected: '疑似', confirmed: '确诊' };
export const dispositionMethods: Record<Exclude<DispositionState, 'clear'>, string[]> = {
  isolate: ['居家隔离', '集中隔离', '工地隔离点'],
  suspected: ['发热门诊', '定点医院'],
  confirmed: ['定点医院'],
};

/** Days a 需隔离 lasts when shown on the today board (the 2020 rule). */
export const DEFAULT_ISOLATION_DAYS = 14;
export type HealthStatus = (typeof symptoms)[number] | typeof NO_SYMPTOMS;

/** A push of a sync bundle to the central system, as 同步 › 推送队列 shows it. */
export const pushStatuses = ['queued', 'sending', 'retrying', 'acked', 'failed', 'superseded'] as const;
export const pushStatusLabels: Record<(typeof pushStatuses)[number], string> = {
  queued: '排队中',
  sending: '发送中',
  retrying: '等待重试',
  acked: '已确认',
  failed: '失败',
  superseded: '已被新包取代',
};
