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
  quality_problem: '质量问题',
  supervision_notice: '监理通知',
};

/** How each source's printed forms name things: titles (else label + 整改通知单 …), the subject, who signs. */
export const rectificationForms: Record<string, { titles: { notice: string; reply: string; review: string } | null; subject: string; replySigners: string[]; reviewSigners: string[] }> = {
  safety_hazard: { titles: null, subject: '隐患内容', replySigners: ['整改责任人', '项目安全负责人'], reviewSigners: ['复查人'] },
  quality_problem: { titles: null, subject: '质量问题', replySigners: ['整改责任人', '项目质量负责人'], reviewSigners: ['复查人'] },
  supervision_notice: {
    titles: { notice: '监理通知单', reply: '监理通知回复单', review: '监理通知复查记录' },
    subject: '事由', replySigners: ['施工项目经理部(盖章)', '项目经理'], reviewSigners: ['专业监理工程师'],
  },
};

/** To whom an overdue or reopened rectification is escalated. */
export const escalationTargets = ['项目经理', '监理单位', '建设单位'] as const;
