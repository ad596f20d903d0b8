// The hook where other domains speak up about a worker at the points of the labour chain: 派工登记,
// 进场登记, 退场登记, and the attendance lists (班前签到, 月度考勤表). Safety registers a provider for
// 特种作业 certificates and 三级安全教育, payroll one for unpaid wages at 退场; each is asked with the
// workers concerned and answers with warnings, with a refusal the user may override by confirming
// with a reason ('confirm', kept in the audit trail), or with a refusal ('block') that stops the action.
//
// Providers register once at start (a module's top level), by id; registering the same id again
// replaces the provider, so a domain can take over a built-in check.
import type { Services } from '../context';

export const warningPoints = ['dispatch', 'entry', 'exit', 'attendanceList'] as const;
export type WarningPoint = (typeof warningPoints)[number];

export interface WarningContext {
  projectId: string;
  point: WarningPoint;
  workerIds: string[];
  /** The day the action is for (YYYY-MM-DD). */
  date: string;
  /** 派工登记: the team the workers are being sent to, and the 工种 they are assigned. */
  teamId?: string;
  workType?: string;
}

export interface LabourWarning {
  workerId: string;
  /**
   * warning: shown, the action goes on; confirm: refused unless the user confirms with a reason
   * (written to the audit trail with the action); block: the action is refused with this message.
   */
  level: 'warning' | 'confirm' | 'block';
  /** Where it comes from: 'labour.wageCard', 'safety.certificate_expired' …. */
  source: string;
  message: string;
}

export interface WarningProvider {
  id: string;
  points: readonly WarningPoint[];
  warnings(s: Services, context: WarningContext): LabourWarning[];
}

const providers = new Map<string, WarningProvider>();

export function registerWarningProvider(provider: WarningProvider): void {
  providers.set(provider.id, provider);
}

export function unregisterWarningProvider(id: string): void {
  providers.delete(id);
}

/** Every provider's warnings for the point, in the order the providers registered. */
export function collectWarnings(s: Services, context: WarningContext): LabourWarning[] {
  if (context.workerIds.length === 0) return [];
  const out: LabourWarning[] = [];
  for (const provider of providers.values()) {
    if (provider.points.includes(context.point)) out.push(...provider.warnings(s, context));
  }
  return out;
}
