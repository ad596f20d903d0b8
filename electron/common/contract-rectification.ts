// API commands of the rectification loop the site modules share (services/rectification/): the
// list and one record with its history, and each step: 通知, 回复 with photos, 复查, 治理方案,
// 销项 of a 重大 one, 升级. Opening one is the source's command (a safety hazard: safety.openHazard).
// The 监理's and the 建设单位's accounts reach the loop too; who may take which step of which source
// is services/rectification/sources.ts.
// Nothing here imports a value from contract.ts (see contract-reports.ts for why).
import { z } from 'zod';
import { command } from './command';
import { projectRoles } from './parties/positions';
import { escalationTargets, rectificationSourceLabels } from './rectification-labels';
import { generatedFileSchema, idField, monthInput, siteDateInput, storedFileOutput, textField, optionalText, uploadedFileInput } from './schemas';

const states = ['found', 'notified', 'replied', 'reopened', 'verified', 'closed'] as const;
const eventTypes = ['found', 'notified', 'replied', 'review_passed', 'review_failed', 'escalated', 'plan_attached', 'closed'] as const;

export const rectificationViewSchema = z.object({
  id: z.string(),
  sourceKind: z.string(),
  sourceLabel: z.string(),
  sourceId: z.string(),
  title: z.string(),
  description: z.string(),
  location: z.string(),
  major: z.boolean(),
  foundOn: z.string(),
  foundBy: z.string(),
  responsible: z.string(),
  deadline: z.string().nullable(),
  state: z.enum(states),
  stateLabel: z.string(),
  reviews: z.number(),
  escalationLevel: z.number(),
  closedOn: z.string().nullable(),
  overdueDays: z.number(),
  marks: z.array(z.string()),
  history: z.array(z.object({
    id: z.string(),
    type: z.enum(eventTypes),
    typeLabel: z.string(),
    on: z.string(),
    signerName: z.string(),
    signerRole: z.string(),
    text: z.string(),
    deadline: z.string().nullable(),
    /** A reply made after the 限期 it answered. */
    late: z.boolean(),
    files: z.array(storedFileOutput),
  })),
});
export type RectificationView = z.infer<typeof rectificationViewSchema>;

const personName = (label: string) => textField(label, 50);
const photo = uploadedFileInput(['image/jpeg', 'image/png'] as const, '整改照片只能是 jpg 或 png 图片');

export const rectificationCommands = {
  'rectification.list': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({
      status: z.enum(['open', 'overdue', 'closed', 'all']).default('open'),
      sourceKind: z.enum(Object.keys(rectificationSourceLabels) as [string, ...string[]]).optional(),
      month: monthInput.optional(),
      search: z.string().trim().max(50, '搜索内容过长').default(''),
      page: z.number().int().min(1).max(100000).default(1),
      pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(20),
    }).strict(),
    output: z.object({ rows: z.array(rectificationViewSchema), total: z.number() }),
  }),
  'rectification.get': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: rectificationViewSchema }),
  'rectification.notify': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({
      id: idField,
      responsible: textField('整改责任人', 100),
      deadline: siteDateInput,
      requirement: textField('整改要求', 2000),
      signerName: personName('签发人'),
      notifiedOn: siteDateInput,
    }).strict(),
    output: rectificationViewSchema,
  }),
  'rectification.reply': command({
    access: 'project',
    roles: projectRoles,
    upload: true,
    input: z.object({
      id: idField,
      measures: textField('整改措施及结果', 2000),
      rectifierName: personName('整改人'),
      repliedOn: siteDateInput,
      photos: z.array(photo).max(4, '每次回复最多4张照片'),
    }).strict(),
    output: rectificationViewSchema,
  }),
  'rectification.review': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({
      id: idField,
      passed: z.boolean({ message: '请选择复查结论' }),
      opinion: textField('复查意见', 2000),
      reviewerName: personName('复查人'),
      reviewedOn: siteDateInput,
      /** Required when the 复查 fails: the new 限期. */
      newDeadline: siteDateInput.nullable().default(null),
    }).strict(),
    output: rectificationViewSchema,
  }),
  'rectification.attachPlan': command({
    access: 'project',
    upload: true,
    input: z.object({
      id: idField,
      file: uploadedFileInput(['application/pdf', 'image/jpeg', 'image/png'] as const, '治理方案只能是 pdf、jpg 或 png 文件'),
      note: optionalText('说明', 500),
    }).strict(),
    output: rectificationViewSchema,
  }),
  'rectification.close': command({ access: 'project', roles: ['manager'], input: z.object({ id: idField, opinion: textField('销项意见', 2000) }).strict(), output: rectificationViewSchema }),
  'rectification.escalate': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({ id: idField, to: z.enum(escalationTargets, { message: '请选择升级对象' }), note: textField('升级说明', 1000) }).strict(),
    output: rectificationViewSchema,
  }),
  /** 整改通知单, 整改回复单 or 复查记录 of one record, in the layout of the printed forms. */
  'rectification.formPdf': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField, form: z.enum(['notice', 'reply', 'review']) }).strict(), output: generatedFileSchema }),
} as const satisfies Record<string, ReturnType<typeof command>>;
