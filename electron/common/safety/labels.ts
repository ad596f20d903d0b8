// Words of 安全生产标准化现场 as the screens and printed forms show them. No zod here: the renderer
// takes these without the contract.

/** The two groups of items of a 分项检查评分表 with the split. */
export const GUARANTEED = '保证项目';
export const GENERAL = '一般项目';
export type ItemGroup = typeof GUARANTEED | typeof GENERAL;

export const assessmentKindLabels = {
  monthly: '月度自评',
  company: '企业检查',
  supervision: '监理检查',
  special: '专项检查',
  seasonal: '季节性检查',
} as const;
export type AssessmentKind = keyof typeof assessmentKindLabels;

export const assessmentStateLabels = {
  draft: '草稿',
  submitted: '已提交',
  supervisor_reviewed: '监理已审核',
  owner_reviewed: '建设单位已审核',
  locked: '已锁定',
} as const;
export type AssessmentState = keyof typeof assessmentStateLabels;

/** Each signing step, the state it leads to and who signs it (the role stored with the name). */
export const assessmentSteps = {
  submitted: { label: '提交', from: 'draft', role: '检查人' },
  supervisor_reviewed: { label: '监理审核', from: 'submitted', role: '总监理工程师' },
  owner_reviewed: { label: '建设审核', from: 'supervisor_reviewed', role: '建设单位项目负责人' },
  locked: { label: '锁定', from: 'owner_reviewed', role: '项目经理' },
} as const satisfies Record<Exclude<AssessmentState, 'draft'>, { label: string; from: AssessmentState; role: string }>;
export type AssessmentStep = keyof typeof assessmentSteps;

/** 隐患 categories: the ten 分项 of the 汇总表, and 消防 / 其他. */
export const hazardCategories = [
  '安全管理', '文明施工', '脚手架', '基坑工程', '模板支架', '高处作业', '施工用电', '物料提升机与施工升降机', '塔式起重机与起重吊装', '施工机具', '消防', '其他',
] as const;

export const hazardLevelLabels = { general: '一般隐患', major: '重大隐患' } as const;
export type HazardLevel = keyof typeof hazardLevelLabels;

export const certificateSystemLabels = { housing: '建筑施工特种作业操作资格证书(住建)', emergency: '特种作业操作证(应急管理)' } as const;

export const trainingLevelLabels = { company: '公司级', project: '项目级', team: '班组级' } as const;
export const trainingReasonLabels = { new: '新进场', trade_change: '变换工种', return: '复工返岗' } as const;

export const certificateStatusLabels = { valid: '有效', expiring: '即将到期', expired: '已过期', review_due: '已过复审期', revoked: '已作废' } as const;
export type CertificateStatus = keyof typeof certificateStatusLabels;

/** What a worker warning is about, and how bad. */
export type WarningLevel = 'danger' | 'warning' | 'notice';
