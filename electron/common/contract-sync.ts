// API commands of sync (同步 on a site) and of the supervision station (监督管理: 实名制作业人员信息
// 查询 and receiving sites' bundles), and the shapes they carry.
import { z } from 'zod';
import { command } from './command';
import { empty, idField } from './schemas';
import { MAX_UPLOAD_BYTES, pushStatuses } from './codes';

const folderField = z.string().trim().min(1, '请填写文件夹路径').max(1000, '路径过长')
  .refine((p) => !p.includes('\u0000'), '路径无效');

const fileUpload = z.object({
  fileName: z.string().trim().min(1, '文件名不能为空').max(200, '文件名过长').refine((s) => !/[\\/\u0000]/.test(s), '文件名不能包含路径'),
  dataBase64: z.string().max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `文件不能超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB`).regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效'),
}).strict();

const centralUrlField = z.string().trim().max(500, '网址过长')
  .refine((u) => u === '' || (/^https?:\/\/[^\s/]+/i.test(u) && URL.canParse(u)), '请输入有效的网址(http:// 或 https:// 开头)');

// ---- site: 同步 ----

export const peerSchema = z.object({
  installationId: z.string(),
  role: z.enum(['site', 'central']),
  name: z.string(),
  fingerprint: z.string(),
  trustedAt: z.string(),
  lastAppliedSeq: z.number(),
  lastBundleAt: z.string().nullable(),
});
export type PeerInfo = z.infer<typeof peerSchema>;

export const pushSchema = z.object({
  id: z.string(),
  firstSeq: z.number(),
  lastSeq: z.number(),
  changes: z.number(),
  size: z.number(),
  url: z.string(),
  status: z.enum(pushStatuses),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  ackedSeq: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PushInfo = z.infer<typeof pushSchema>;

export const exportSchema = z.object({
  id: z.string(),
  firstSeq: z.number(),
  lastSeq: z.number(),
  changes: z.number(),
  files: z.number(),
  size: z.number(),
  path: z.string(),
  channel: z.enum(['folder', 'push', 'cli']),
  createdAt: z.string(),
});
export type ExportInfo = z.infer<typeof exportSchema>;

export const ackSchema = z.object({
  id: z.string(),
  lastSeq: z.number(),
  previousSeq: z.number(),
  status: z.string(),
  via: z.enum(['file', 'http']),
  receivedAt: z.string(),
});
export type AckInfo = z.infer<typeof ackSchema>;

export const syncStatusSchema = z.object({
  installation: z.object({ id: z.string(), fingerprint: z.string(), createdAt: z.string() }),
  /** 待同步: changes after the watermark. */
  pending: z.number(),
  ackedSeq: z.number(),
  ackedAt: z.string().nullable(),
  lastSeq: z.number(),
  lastExport: exportSchema.nullable(),
  lastAck: ackSchema.nullable(),
  central: peerSchema.nullable(),
  centralUrl: z.string(),
  exportFolder: z.string(),
  referenceSeq: z.number(),
  queue: z.array(pushSchema),
  exports: z.array(exportSchema),
  acks: z.array(ackSchema),
  /**
   * The last restore of a backup on this PC (null: never): the outbox generation it started, where
   * the backup's changes ended, and where the replaced database stood (null when it could not be read).
   */
  restore: z.object({
    backupFile: z.string(),
    restoredAt: z.string(),
    firstSeq: z.number(),
    generations: z.number(),
    previousLastSeq: z.number().nullable(),
    previousAckedSeq: z.number().nullable(),
    keptAs: z.string().nullable(),
    /** Changes fetched back from the central system since (returned records taken in). */
    returned: z.number(),
    /** The central system has answered a bundle exported since: it knows what this PC lost. */
    announced: z.boolean(),
  }).nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const exportResultSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  firstSeq: z.number(),
  lastSeq: z.number(),
  changes: z.number(),
  files: z.number(),
  size: z.number(),
});

export const ackResultSchema = z.object({
  previousSeq: z.number(),
  ackedSeq: z.number(),
  moved: z.boolean(),
  /** gap: the central system holds less than this site thought; the watermark went back to what it holds. */
  status: z.enum(['applied', 'duplicate', 'gap']),
  conflicts: z.number(),
});

export const referenceResultSchema = z.object({
  status: z.enum(['applied', 'duplicate']),
  referenceSeq: z.number(),
  contractsUpdated: z.number(),
  employersAdded: z.number(),
  employersUpdated: z.number(),
  healthCloudRecords: z.number(),
  corrections: z.number(),
  skipped: z.number(),
  /** Records this site lost by restoring an older backup, fetched back from the central system. */
  returned: z.number(),
  returnedSkipped: z.number(),
});
export type ReferenceApplyResult = z.infer<typeof referenceResultSchema>;

/** A file the renderer offers as a download. */
export { generatedFileSchema as downloadSchema } from './schemas';
import { generatedFileSchema as downloadSchema } from './schemas';

// ---- central: 监督管理 ----

export const supervisionRowSchema = z.object({
  projectId: z.string(),
  contractNo: z.string(),
  buildNo: z.string(),
  name: z.string(),
  generalContractor: z.string(),
  contractorType: z.string(),
  supervisionStation: z.string(),
  employers: z.number(),
  preRegistered: z.number(),
  onSite: z.number(),
  entered: z.number(),
  /** 今日出勤: workers with an in (gate or 班前签到) today (services/labour/attendance.ts). */
  attendanceToday: z.number(),
});
export type SupervisionRow = z.infer<typeof supervisionRowSchema>;

export const supervisionDetailSchema = z.object({
  project: supervisionRowSchema,
  date: z.string(),
  employers: z.array(z.object({ id: z.string(), name: z.string(), creditCode: z.string(), participantTypeName: z.string(), contractNo: z.string(), persons: z.number() })),
  persons: z.array(z.object({
    id: z.string(), name: z.string(), idNumberMasked: z.string(), category: z.string(), employerName: z.string(), phone: z.string(),
    preRegisteredOn: z.string(), state: z.string(), onSite: z.boolean(), enteredOn: z.string().nullable(),
  })),
  personsTotal: z.number(),
  healthToday: z.array(z.object({ personId: z.string(), name: z.string(), checkedAt: z.string(), temperature: z.number(), fever: z.boolean(), symptoms: z.array(z.string()) })),
  /** People due a check today (pre-registered, not gone) and how many of them have had one. */
  checksDue: z.number(),
  checksDone: z.number(),
  dispositions: z.array(z.object({ personId: z.string(), name: z.string(), state: z.string(), startedAt: z.string().nullable(), method: z.string().nullable(), createdAt: z.string() })),
  sources: z.array(z.object({ installationId: z.string(), name: z.string(), lastAppliedSeq: z.number(), lastBundleAt: z.string().nullable() })),
});
export type SupervisionDetail = z.infer<typeof supervisionDetailSchema>;

/** 人员查询: one person of any contract the store holds. */
export const supervisionPersonSchema = z.object({
  personId: z.string(),
  projectId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  category: z.string(),
  employerName: z.string(),
  contractNo: z.string(),
  projectName: z.string(),
  supervisionStation: z.string(),
  preRegisteredOn: z.string(),
  state: z.string(),
  enteredOn: z.string().nullable(),
});
export type SupervisionPerson = z.infer<typeof supervisionPersonSchema>;

export const receivedBundleSchema = z.object({
  id: z.string(),
  installationId: z.string(),
  siteName: z.string(),
  firstSeq: z.number(),
  lastSeq: z.number(),
  appliedFromSeq: z.number(),
  changesApplied: z.number(),
  conflicts: z.number(),
  files: z.number(),
  source: z.enum(['http', 'folder', 'cli']),
  fileName: z.string(),
  appliedAt: z.string(),
});

export const folderImportSchema = z.array(z.object({
  fileName: z.string(),
  ok: z.boolean(),
  status: z.enum(['applied', 'duplicate', 'refused']),
  message: z.string(),
  ackFile: z.string().nullable(),
}));

export const syncCommands = {
  // 同步 (site). Reading is open to every account of the project; what changes state is the 项目负责人's.
  'sync.status': command({ access: 'project', input: empty, output: syncStatusSchema }),
  'sync.exportBundle': command({ access: 'project', roles: ['manager'], input: z.object({ folder: folderField }).strict(), output: exportResultSchema }),
  'sync.push': command({ access: 'project', roles: ['manager'], input: empty, output: pushSchema }),
  'sync.retryPush': command({ access: 'project', roles: ['manager'], input: z.object({ id: idField }).strict(), output: pushSchema }),
  'sync.importAck': command({ access: 'project', roles: ['manager'], upload: true, input: fileUpload, output: ackResultSchema }),
  'sync.importReference': command({ access: 'project', roles: ['manager'], upload: true, input: fileUpload, output: referenceResultSchema }),
  'sync.registration': command({ access: 'project', roles: ['manager'], input: empty, output: downloadSchema }),
  'sync.trustCentral': command({ access: 'project', roles: ['manager'], upload: true, input: fileUpload, output: peerSchema }),
  'sync.saveSettings': command({ access: 'project', roles: ['manager'], input: z.object({ centralUrl: centralUrlField }).strict(), output: z.object({ centralUrl: z.string() }) }),
  // 监督管理 (central). A 监督管理人员 does not enter a project: these are 'user' commands.
  'supervision.stations': command({ access: 'user', roles: ['supervisor'], input: empty, output: z.array(z.string()) }),
  'supervision.query': command({
    access: 'user',
    roles: ['supervisor'],
    input: z.object({
      contractNo: z.string().trim().max(40, '合同报送编号过长').default(''),
      name: z.string().trim().max(200, '项目名称过长').default(''),
      generalContractor: z.string().trim().max(200, '总包单位过长').default(''),
      /** 所在监督站: '' for 全部. */
      station: z.string().trim().max(100).default(''),
      page: z.number().int().min(1).max(100000).default(1),
      pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(20),
    }).strict(),
    output: z.object({ rows: z.array(supervisionRowSchema), total: z.number() }),
  }),
  'supervision.persons': command({
    access: 'user',
    roles: ['supervisor'],
    input: z.object({
      /** 姓名片段、身份证号片段或拼音首字母; '' lists everyone. */
      search: z.string().trim().max(40, '查询内容过长').default(''),
      station: z.string().trim().max(100).default(''),
      page: z.number().int().min(1).max(100000).default(1),
      pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(20),
    }).strict(),
    output: z.object({ rows: z.array(supervisionPersonSchema), total: z.number() }),
  }),
  'supervision.detail': command({ access: 'user', roles: ['supervisor'], input: z.object({ projectId: idField }).strict(), output: supervisionDetailSchema }),
  'supervision.sources': command({
    access: 'user',
    roles: ['supervisor'],
    input: empty,
    output: z.object({
      central: z.object({ id: z.string(), fingerprint: z.string() }),
      sites: z.array(peerSchema.extend({ conflicts: z.number() })),
      received: z.array(receivedBundleSchema),
      published: z.array(z.object({ referenceSeq: z.number(), fileName: z.string(), at: z.string(), summary: z.string() })),
    }),
  }),
  'supervision.importFolder': command({ access: 'user', roles: ['supervisor'], input: z.object({ folder: folderField }).strict(), output: folderImportSchema }),
  'supervision.trustSite': command({ access: 'user', roles: ['supervisor'], upload: true, input: fileUpload, output: peerSchema }),
  'supervision.registration': command({ access: 'user', roles: ['supervisor'], input: empty, output: downloadSchema }),
  'supervision.publishReference': command({
    access: 'user',
    roles: ['supervisor'],
    /** For one registered site: only its contracts, their employers and the 健康云 records of its people. */
    input: z.object({ installationId: idField, includeHealthCloud: z.boolean().default(true) }).strict(),
    output: downloadSchema.extend({ referenceSeq: z.number(), counts: z.record(z.string(), z.number()), path: z.string(), siteName: z.string() }),
  }),
} as const satisfies Record<string, ReturnType<typeof command>>;
