// Words of the rectification loop as the screens and the printed forms show them. No zod here: the
// renderer takes these without the contract.

export const rectificationStateLabels = {
  found: '已发现',
  notified: '待整改',
  replied: '待复查',
  reopened: '复查不合格,重新整改',
  verified: '复查合格,待项目经理签字销项',
  closed: '已销项',
} as const;
export type RectificationState = keyof typeof rectificationStateLabels;

export const rectificationEventLabels = {
  found: '发现',
  notified: '整改通知',
  replied: '整改回复',
  review_passed: '复查合格',
  review_failed: '复查不合格',
  escalated: '升级',
  plan_attached: '上传治理方案',
  closed: '销项',
} as const;
export type RectificationEventType = keyof typeof rectificationEventLabels;

/** What can open a rectification: the modules that share the loop add their kinds here. */
export const rectificationSourceLabels: Record<string, string> = {
  safety_hazard: '安全隐患',
};

/** To whom an overdue or reopened rectification is escalated. */
export const escalationTargets = ['项目经理', '监理单位', '建设单位'] as const;
