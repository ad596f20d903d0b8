// Who may take each step of a rectification, by what opened it: a safety hazard's loop is the 施工
// side's; a quality problem may be notified and re-checked by the 监理 as well; a 监理通知单 is
// answered (回复单) by the 施工单位 and re-checked (复查) by the 监理 only. The services refuse by it
// (services/rectification/sources.ts); the screen shows a step only to those who may take it.
import { siteRoles, type Role } from './codes';
import { supervisionRoles } from './parties/positions';

export type RectificationStep = 'notify' | 'reply' | 'review' | 'attachPlan' | 'escalate';

const site: readonly Role[] = siteRoles;
const siteAndSupervision: readonly Role[] = [...siteRoles, ...supervisionRoles];
const supervisionEngineers: readonly Role[] = ['supervision_engineer', 'chief_supervisor'];

const policies: Record<string, Record<RectificationStep, readonly Role[]>> = {
  safety_hazard: { notify: site, reply: site, review: site, attachPlan: site, escalate: site },
  quality_problem: { notify: siteAndSupervision, reply: site, review: siteAndSupervision, attachPlan: site, escalate: siteAndSupervision },
  supervision_notice: { notify: supervisionEngineers, reply: site, review: supervisionEngineers, attachPlan: site, escalate: supervisionEngineers },
};

export const rectificationStepLabels: Record<RectificationStep, string> = { notify: '发出整改通知', reply: '回复', review: '复查', attachPlan: '上传治理方案', escalate: '升级' };

export function mayTakeStep(sourceKind: string, step: RectificationStep, role: Role): boolean {
  return (policies[sourceKind]?.[step] ?? site).includes(role);
}
