// API commands of 上报 (the national platform; issue 19): the settings of 设置 › 上报, the queue's
// state per record kind, the failures with what to do, 立即上报 with its progress and cancel.
//
// contract.ts spreads these commands into the contract, so nothing here may import a value from it.
import { z } from 'zod';
import { command } from './command';
import { siteRoles } from './codes';
import { empty, idField } from './schemas';

/** The record kinds in the order the platform needs them. */
export const platformKinds = ['participant', 'team', 'worker', 'contract', 'entryExit', 'attendance', 'payroll'] as const;
export type PlatformKind = (typeof platformKinds)[number];
export const platformKindLabels: Record<PlatformKind, string> = {
  participant: '参建单位', team: '班组', worker: '项目人员', contract: '劳动合同', entryExit: '进退场', attendance: '考勤', payroll: '工资',
};

/** https:// only, but for a platform on this PC (a provincial test gateway, the tests' stand-in). */
export function platformEndpointError(url: string): string | null {
  if (url === '') return null;
  if (!URL.canParse(url)) return '请输入有效的网址';
  const u = new URL(url);
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) return null;
  return '国家平台的地址必须以 https:// 开头(http:// 只用于本机 127.0.0.1)';
}

export const platformSettingsSchema = z.object({
  endpoint: z.string(),
  appid: z.string(),
  version: z.string(),
  /** The platform's 项目编码 of this project (by default its 合同报送编号). */
  projectCode: z.string(),
  autoMode: z.boolean(),
  timeoutSeconds: z.number().int(),
  /** Whether an AppSecret is stored (it is never sent back). */
  secretSet: z.boolean(),
});
export type PlatformSettingsView = z.infer<typeof platformSettingsSchema>;

const saveSettingsInput = z.object({
  endpoint: z.string().trim().max(500, '网址过长').superRefine((u, ctx) => {
    const error = platformEndpointError(u);
    if (error) ctx.addIssue({ code: 'custom', message: error });
  }),
  appid: z.string().trim().max(100, 'AppID 过长'),
  version: z.string().trim().min(1, '请填写接口版本').max(20, '接口版本过长'),
  projectCode: z.string().trim().max(50, '项目编码过长'),
  autoMode: z.boolean(),
  timeoutSeconds: z.number().int().min(5, '超时不能少于 5 秒').max(300, '超时不能超过 300 秒'),
  /** A new AppSecret; omitted or empty keeps the stored one. */
  secret: z.string().max(64, 'AppSecret 过长').optional(),
}).partial().strict();

export const kindStatusSchema = z.object({
  kind: z.enum(platformKinds),
  label: z.string(),
  /** What the screen says beside the counts: 工资's ledgers not locked yet, to be uploaded once locked. */
  note: z.string(),
  waiting: z.number(),
  sent: z.number(),
  done: z.number(),
  failed: z.number(),
});

export const passSchema = z.object({
  at: z.string(),
  outcome: z.enum(['ok', 'failures', 'stopped', 'offline', 'cancelled']),
  message: z.string(),
  hint: z.string(),
  retryAt: z.string().nullable(),
});
export type PlatformPass = z.infer<typeof passSchema>;

export const jobSchema = z.object({
  running: z.boolean(),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
});
export type PlatformJob = z.infer<typeof jobSchema>;

export const platformStatusSchema = z.object({
  kinds: z.array(kindStatusSchema),
  lastPass: passSchema.nullable(),
  job: jobSchema,
  configured: z.boolean(),
  autoMode: z.boolean(),
});
export type PlatformStatus = z.infer<typeof platformStatusSchema>;

export const platformRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(platformKinds),
  kindLabel: z.string(),
  label: z.string(),
  subjectId: z.string(),
  state: z.enum(['waiting', 'sent', 'done', 'failed']),
  failedBy: z.enum(['check', 'platform']).nullable(),
  message: z.string(),
  hint: z.string(),
  waitingFor: z.string(),
  updatedAt: z.string(),
});
export type PlatformRecordView = z.infer<typeof platformRecordSchema>;

export const platformCommands = {
  'platform.settings': command({ access: 'project', input: empty, output: platformSettingsSchema }),
  'platform.saveSettings': command({ access: 'project', roles: ['manager'], input: saveSettingsInput, output: platformSettingsSchema }),
  'platform.status': command({ access: 'project', input: empty, output: platformStatusSchema }),
  'platform.records': command({
    access: 'project',
    input: z.object({
      state: z.enum(['failed', 'waiting']).default('failed'),
      kind: z.enum(platformKinds).optional(),
      page: z.number().int().min(1).max(100000).default(1),
      pageSize: z.union([z.literal(10), z.literal(20), z.literal(50)]).default(20),
    }).strict(),
    output: z.object({ rows: z.array(platformRecordSchema), total: z.number() }),
  }),
  'platform.upload': command({ access: 'project', roles: siteRoles, input: empty, output: jobSchema }),
  'platform.cancel': command({ access: 'project', roles: siteRoles, input: empty, output: jobSchema }),
  'platform.retry': command({ access: 'project', roles: siteRoles, input: z.object({ recordId: idField }).strict(), output: z.null() }),
} as const;
