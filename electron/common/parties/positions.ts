// The positions (岗位) whose holders sign the records of 建材管理, 质量标准化 and 监理报告, and how a
// person comes to hold one. No zod here: the renderer and the db schema take these as they are.
//
// - by the account's role: the 项目负责人 (a manager account), the 总监理工程师, 专业监理工程师,
//   监理员 and 建设单位项目负责人 (accounts of their own, codes.ts roles);
// - by an appointment of a 施工 account (项目技术负责人, 质量检查员, 专业工长, 取样人 …), or of a
//   监理 / 建设 account as 见证人 with the written 授权书 on file;
// - as an external person without an account (勘察 and 设计 单位项目负责人), whose signature an
//   account records.
import type { Role } from '../codes';

export const positionCodes = [
  'project_manager', 'technical_lead', 'specialty_technical_lead', 'quality_inspector', 'foreman', 'sampler',
  'chief_supervisor', 'supervision_engineer', 'supervision_inspector', 'owner_representative', 'witness',
  'survey_lead', 'design_lead',
] as const;
export type Position = (typeof positionCodes)[number];

export type Party = 'construction' | 'supervision' | 'owner' | 'survey' | 'design';
export const partyLabels: Record<Party, string> = { construction: '施工单位', supervision: '监理单位', owner: '建设单位', survey: '勘察单位', design: '设计单位' };

interface PositionRule {
  label: string;
  /** How it is held: by the account's role, by an appointment of an account, or by an external person. */
  heldBy: 'role' | 'appointment' | 'external';
  /** The account roles that hold it (role) or may be appointed to it (appointment). */
  accountRoles: readonly Role[];
  /** The party the holder signs for; the witness signs for the 建设单位 or the 监理单位 that authorized them. */
  party: Party | null;
  /** The written 授权书 must be on file before the appointment counts. */
  needsAuthorization?: boolean;
}

export const positions: Record<Position, PositionRule> = {
  project_manager: { label: '项目负责人', heldBy: 'role', accountRoles: ['manager'], party: 'construction' },
  technical_lead: { label: '项目技术负责人', heldBy: 'appointment', accountRoles: ['manager', 'operator'], party: 'construction' },
  specialty_technical_lead: { label: '项目专业技术负责人', heldBy: 'appointment', accountRoles: ['manager', 'operator'], party: 'construction' },
  quality_inspector: { label: '项目专业质量检查员', heldBy: 'appointment', accountRoles: ['manager', 'operator'], party: 'construction' },
  foreman: { label: '专业工长', heldBy: 'appointment', accountRoles: ['manager', 'operator'], party: 'construction' },
  sampler: { label: '取样人', heldBy: 'appointment', accountRoles: ['manager', 'operator'], party: 'construction' },
  chief_supervisor: { label: '总监理工程师', heldBy: 'role', accountRoles: ['chief_supervisor'], party: 'supervision' },
  supervision_engineer: { label: '专业监理工程师', heldBy: 'role', accountRoles: ['supervision_engineer'], party: 'supervision' },
  supervision_inspector: { label: '监理员', heldBy: 'role', accountRoles: ['supervision_inspector'], party: 'supervision' },
  owner_representative: { label: '建设单位项目负责人', heldBy: 'role', accountRoles: ['owner_representative'], party: 'owner' },
  witness: { label: '见证人', heldBy: 'appointment', accountRoles: ['chief_supervisor', 'supervision_engineer', 'supervision_inspector', 'owner_representative'], party: null, needsAuthorization: true },
  survey_lead: { label: '勘察单位项目负责人', heldBy: 'external', accountRoles: [], party: 'survey' },
  design_lead: { label: '设计单位项目负责人', heldBy: 'external', accountRoles: [], party: 'design' },
};

export const positionLabels = Object.fromEntries(positionCodes.map((p) => [p, positions[p].label])) as Record<Position, string>;

/** The position an account's role holds by itself, if any. */
export function rolePosition(role: Role): Position | null {
  return positionCodes.find((p) => positions[p].heldBy === 'role' && positions[p].accountRoles.includes(role)) ?? null;
}

/** The party an account of this role belongs to. */
export function partyOfRole(role: Role): Party | null {
  if (role === 'manager' || role === 'operator') return 'construction';
  if (role === 'chief_supervisor' || role === 'supervision_engineer' || role === 'supervision_inspector') return 'supervision';
  if (role === 'owner_representative') return 'owner';
  return null;
}

/** The 监理 accounts. */
export const supervisionRoles = ['chief_supervisor', 'supervision_engineer', 'supervision_inspector'] as const satisfies readonly Role[];
/** The accounts of the 监理 and of the 建设单位 (the roles a project command must name to be theirs). */
export const partyRoles = [...supervisionRoles, 'owner_representative'] as const satisfies readonly Role[];
/** Every account that works inside a project. */
export const projectRoles = ['manager', 'operator', ...partyRoles] as const satisfies readonly Role[];
