// Words of 质量标准化 as the screens and the printed forms show them. No zod here.

export const lotPlanStateLabels = { proposed: '划分待监理批准', approved: '已列入划分' } as const;
export const lotRecordStateLabels = { draft: '检查记录填写中', self_checked: '施工单位自检合格,待监理验收', accepted: '验收合格', failed: '验收不合格' } as const;
export const lotPathLabels = { first: '首次验收', rework: '返工或返修后重新验收', appraisal: '经检测鉴定达到设计要求', design_check: '经原设计单位核算认可', reinforcement: '经返修或加固处理' } as const;
export const itemGroupLabels = { main: '主控项目', general: '一般项目' } as const;
export const acceptanceLevelLabels = { subitem: '分项工程', division: '分部工程' } as const;
export const concealedStateLabels = { draft: '待验收', accepted: '验收合格', rejected: '验收不合格' } as const;
export const problemOriginLabels = { round: '质量巡查', lot: '检验批验收', measurement: '实测实量' } as const;

/** What the screen shows for a lot as a whole. */
export const lotStatusLabels = {
  proposed: '划分待监理批准',
  planned: '待检查',
  draft: '检查记录填写中',
  self_checked: '待监理验收',
  accepted: '验收合格',
  failed: '验收不合格,待处理',
} as const;
export type LotStatus = keyof typeof lotStatusLabels;
