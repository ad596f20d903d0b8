// Who signs the records of 建材管理 and 监理报告 (the GB 50300 acceptance signatures are data:
// rules/gb50300-2013/acceptance.json). From GB/T 50319-2013《建设工程监理规范》: the 工程材料报审
// and 不合格处置 by the 专业监理工程师; 工程暂停令, 复工令 and the 监理月报 by the 总监理工程师;
// 监理通知单 by the 专业监理工程师 or the 总监; 旁站记录 by the 监理员 or 专业监理工程师 on duty.
//
// Each record kind lists its signatures in order; each signature may be given by a holder of any
// one of its positions.
import type { Position } from './positions';

export const recordSigners = {
  material_batch: [['supervision_engineer']],
  material_sample: [['witness']],
  material_disposition: [['supervision_engineer']],
  concealed: [['quality_inspector'], ['supervision_engineer']],
  site_check: [['project_manager'], ['chief_supervisor']],
  lot_plan: [['supervision_engineer', 'chief_supervisor']],
  supervision_notice: [['supervision_engineer', 'chief_supervisor']],
  stop_order: [['chief_supervisor']],
  resume_order: [['chief_supervisor']],
  side_record: [['supervision_inspector', 'supervision_engineer']],
  monthly_report: [['chief_supervisor']],
  monthly_receipt: [['owner_representative']],
  emergency_report: [['chief_supervisor']],
} as const satisfies Record<string, readonly (readonly Position[])[]>;
export type SignedRecordKind = keyof typeof recordSigners;
