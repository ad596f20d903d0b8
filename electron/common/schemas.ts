// Field schemas that several commands share. Messages are the ones a user sees beside the field.
import { z } from 'zod';
import { parseIdNumber, mobilePhoneError } from './idnumber';

z.config(z.locales.zhCN());

/** A resident ID number, checked by its check character and normalised to 18 characters. */
export const idNumberField = z.string().max(40, '身份证号过长').transform((raw, ctx) => {
  const parsed = parseIdNumber(raw);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.error.message });
    return z.NEVER;
  }
  return parsed.value.idNumber;
});

export const personNameField = z.string().trim().min(1, '请输入姓名').max(50, '姓名不能超过50个字');

export const mobilePhoneField = z.string().trim().superRefine((s, ctx) => {
  const message = mobilePhoneError(s);
  if (message) ctx.addIssue({ code: 'custom', message });
});

/** A landline or mobile number, as hospitals and team members give them. */
export const phoneField = z.string().trim().min(1, '请输入联系电话').max(30, '电话号码过长')
  .regex(/^[0-9+\-() ]+$/, '电话号码只能包含数字、空格和 + - ( )');

export const passwordField = z.string().min(8, '密码至少8位').max(128, '密码不能超过128位');

export const textField = (label: string, max = 200) => z.string().trim().min(1, `请输入${label}`).max(max, `${label}不能超过${max}个字`);

export const optionalText = (label: string, max = 2000) => z.string().trim().max(max, `${label}不能超过${max}个字`);

export const idField = z.string().min(1).max(64);

export const empty = z.object({}).strict();

/** A file the services made (PDF, .xlsx, registration, audit export), handed to the renderer to save. */
export const generatedFileSchema = z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string() });
export type GeneratedFile = z.infer<typeof generatedFileSchema>;

// Shared by the site modules' contracts (contract-rectification.ts, contract-safety.ts).

/** A site date as forms send it (Asia/Shanghai): YYYY-MM-DD, a real calendar day. */
export const siteDateInput = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期无效');

export const monthInput = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

/** A file carried in a command: its name (no path), its declared type, its bytes as base64 (at most 10 MB). */
export const uploadedFileInput = <M extends readonly [string, ...string[]]>(mimes: M, message: string) => z.object({
  fileName: z.string().trim().min(1, '文件名不能为空').max(200, '文件名过长').refine((s) => !/[\\/\u0000]/.test(s), '文件名不能包含路径'),
  mime: z.enum(mimes, { message }),
  dataBase64: z.string().max(Math.ceil((10 * 1024 * 1024) / 3) * 4, '文件不能超过10MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效'),
}).strict();

export const storedFileOutput = z.object({ id: z.string(), fileName: z.string(), mime: z.string(), size: z.number(), sha256: z.string(), createdAt: z.string() });
