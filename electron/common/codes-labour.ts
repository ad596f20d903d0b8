// The labour register's code tables and labels (labour.md), for both sides: the contract's enums
// and the words a screen shows.
import { bankTable, lookup } from './code-tables';

/** 计薪方式, and what the 工资标准 is per. */
export const payMethods = ['daily', 'monthly', 'piece'] as const;
export type PayMethod = (typeof payMethods)[number];
export const payMethodLabels: Record<PayMethod, string> = { daily: '按日', monthly: '按月', piece: '计件' };
export const wageUnitLabels: Record<PayMethod, string> = { daily: '元/日', monthly: '元/月', piece: '元/' };

/** 合同期限: a fixed term, or 以完成一定工作任务为期限. */
export const termTypes = ['fixed', 'task'] as const;
export const termTypeLabels: Record<(typeof termTypes)[number], string> = { fixed: '固定期限', task: '以完成一定工作任务为期限' };

export const deviceVendors = ['zkteco', 'hikvision', 'uface'] as const;
export type DeviceVendor = (typeof deviceVendors)[number];
export const deviceVendorLabels: Record<DeviceVendor, string> = { zkteco: '中控 ZKTeco(PUSH)', hikvision: '海康威视 Hikvision(ISAPI)', uface: '宇泛 Uface' };

export const directions = ['in', 'out'] as const;
export type Direction = (typeof directions)[number];
export const directionLabels: Record<Direction, string> = { in: '进', out: '出' };

export const punchSources = ['zkteco', 'hikvision', 'uface', 'sign_in', 'makeup', 'import'] as const;
export type PunchSource = (typeof punchSources)[number];
export const punchSourceLabels: Record<PunchSource, string> = {
  zkteco: '中控闸机', hikvision: '海康闸机', uface: '宇泛面板机', sign_in: '班前签到', makeup: '补卡', import: '导入',
};

export const makeupStates = ['pending', 'approved', 'rejected'] as const;
export type MakeupState = (typeof makeupStates)[number];
export const makeupStateLabels: Record<MakeupState, string> = { pending: '待审批', approved: '已通过', rejected: '未通过' };

/** Where a worker stands in the chain 聘用登记 → 派工登记 → 进场登记 / 退场登记. */
export const workerStatuses = ['hired', 'dispatched', 'onSite', 'exited'] as const;
export type WorkerStatus = (typeof workerStatuses)[number];
export const workerStatusLabels: Record<WorkerStatus, string> = { hired: '已聘用', dispatched: '已派工', onSite: '在场', exited: '已退场' };

/** 异常 of attendance. */
export const anomalyKinds = ['missingOut', 'missingIn', 'clockDrift', 'unmatched'] as const;
export type AnomalyKind = (typeof anomalyKinds)[number];
export const anomalyLabels: Record<AnomalyKind, string> = {
  missingOut: '有进无出', missingIn: '有出无进', clockDrift: '设备时钟偏差', unmatched: '未匹配',
};

/** 开户银行 (code-tables/banks.json). */
export const banks: Record<string, string> = lookup(bankTable);

/** 退场原因 offered on the form (any other reason can be typed). */
export const exitReasons = ['合同期满', '工作任务完成', '调往其他项目', '个人原因离职', '辞退', '其他'] as const;

/** 与本人关系 of an 紧急联系人. */
export const emergencyRelations = ['配偶', '父母', '子女', '兄弟姐妹', '其他亲属', '朋友', '同事'] as const;
