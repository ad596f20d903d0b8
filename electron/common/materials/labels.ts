// Words of 建材管理 as the screens and the printed forms show them. No zod here.

export const batchStateLabels = { received: '待监理审批', approved: '监理已同意使用', rejected: '监理不同意使用(退场)' } as const;
export const curingLabels = { standard: '标准养护', same_condition: '同条件养护', none: '—' } as const;
export const shiftLabels = { day: '白班', night: '夜班' } as const;
export const conclusionLabels = { pass: '合格', fail: '不合格' } as const;
export const dispositionMethodLabels = { isolate: '隔离待处理', retest: '复试', return: '退场', treatment: '技术处理(已用于工程)' } as const;
export const dispositionStateLabels = { open: '待处置', decided: '已提出处置,待监理确认', closed: '已处置' } as const;
export const dispositionOutcomeLabels = { usable: '复试合格,可以使用', returned: '已退场', treated: '经技术处理' } as const;
export const resultStatusLabels = { reported: '已出报告', pending: '待出报告', due: '即将到期', overdue: '已逾期未出报告' } as const;

/** Documents a delivery may come with (进场验收 › 随货资料). */
export const deliveryDocuments = ['产品合格证', '质量证明书(质保书)', '出厂检验报告', '型式检验报告', '备案证明', '使用说明书'] as const;
