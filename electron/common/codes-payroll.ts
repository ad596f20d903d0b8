// The wage ledgers' code tables and labels (labour.md 工资支付台账 and 人工费支付台账), for both sides.

/** 草稿 → 班组长核对 → 工人确认 → 项目负责人审核 → 锁定. */
export const ledgerStates = ['draft', 'leader_checked', 'worker_confirmed', 'approved', 'locked'] as const;
export type LedgerState = (typeof ledgerStates)[number];
export const ledgerStateLabels: Record<LedgerState, string> = {
  draft: '草稿', leader_checked: '班组长核对', worker_confirmed: '工人确认', approved: '项目负责人审核', locked: '锁定',
};

export const ledgerKinds = ['regular', 'adjustment'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];
export const ledgerKindLabels: Record<LedgerKind, string> = { regular: '工资支付台账', adjustment: '补发/更正' };

export const ledgerActions = ['generate', 'regenerate', 'submit', 'confirm', 'approve', 'lock', 'return'] as const;
export type LedgerAction = (typeof ledgerActions)[number];
export const ledgerActionLabels: Record<LedgerAction, string> = {
  generate: '生成', regenerate: '重新生成', submit: '班组长核对', confirm: '工人确认', approve: '项目负责人审核', lock: '锁定', return: '退回草稿',
};

/**
 * How a 按月 wage is prorated by the days worked: 出勤天数 ÷ 21.75 (the 月计薪天数 of 劳社部发〔2008〕3号,
 * the default), ÷ the project's 应出勤天数, or ÷ the month's calendar days; never more than the month's wage.
 */
export const prorationRules = ['legal', 'scheduled', 'calendar'] as const;
export type ProrationRule = (typeof prorationRules)[number];
export const prorationRuleLabels: Record<ProrationRule, string> = {
  legal: '出勤天数 ÷ 21.75(月计薪天数)',
  scheduled: '出勤天数 ÷ 应出勤天数',
  calendar: '出勤天数 ÷ 当月日历天数',
};

/** A row's payment: nothing to pay (实发 0, or nothing more than before), not yet, paid, or refused by the bank. */
export const paymentStatuses = ['none', 'unpaid', 'paid', 'failed'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
export const paymentStatusLabels: Record<PaymentStatus, string> = { none: '无需支付', unpaid: '未支付', paid: '已支付', failed: '支付失败' };

/** 欠薪预警 (services/payroll/alerts.ts). */
export const alertKinds = ['noLedger', 'unpaid', 'overpaid', 'accountShort'] as const;
export type AlertKind = (typeof alertKinds)[number];
export const alertKindLabels: Record<AlertKind, string> = {
  noLedger: '未锁定台账', unpaid: '逾期未支付', overpaid: '代发与台账不符', accountShort: '专用账户余额不足',
};

/** The fields a bank file's column may hold. */
export const bankFields = ['seq', 'name', 'cardNo', 'amount', 'idNumber', 'bankName', 'bankCode', 'phone', 'workerNo', 'remark'] as const;
export type BankField = (typeof bankFields)[number];
export const bankFieldLabels: Record<BankField, string> = {
  seq: '序号', name: '姓名', cardNo: '卡号', amount: '金额', idNumber: '身份证号', bankName: '开户行', bankCode: '银行代码', phone: '手机号', workerNo: '工号', remark: '摘要',
};

/** The generic 代发 template every bank's can start from: 姓名, 卡号, 金额, 身份证号, 开户行. */
export const GENERIC_TEMPLATE_ID = 'generic';
