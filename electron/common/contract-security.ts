// API commands of accounts and the office network's safety: 修改密码, 重置密码, the recovery code
// (恢复码) and its use, and the LAN certificate's fingerprint for 设置. contract.ts spreads these in.
import { z } from 'zod';
import { command } from './command';
import { empty, idField, idNumberField, passwordField } from './schemas';

const recoveryCodeField = z.string().trim().min(1, '请输入恢复码').max(40, '恢复码无效');

export const certificateSchema = z.object({
  fingerprint: z.string(),
  subject: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  names: z.array(z.string()),
});
export type CertificateView = z.infer<typeof certificateSchema>;

export const securityCommands = {
  /** 修改密码: one's own, with the current one; the account's other sessions end. */
  'auth.changePassword': command({
    access: 'user',
    input: z.object({ currentPassword: z.string().min(1, '请输入当前密码').max(128), newPassword: passwordField }).strict(),
    output: z.object({ endedSessions: z.number() }),
  }),
  /** 使用恢复码: a 项目负责人 who forgot the password, on this PC only; a new code comes back, shown once. */
  'auth.recover': command({
    access: 'public',
    localOnly: true,
    input: z.object({ idNumber: idNumberField, recoveryCode: recoveryCodeField, newPassword: passwordField }).strict(),
    output: z.object({ recoveryCode: z.string() }),
  }),
  /** 重新生成恢复码: the old one stops working. */
  'auth.newRecoveryCode': command({
    access: 'user',
    roles: ['manager'],
    input: z.object({ password: z.string().min(1, '请输入密码').max(128) }).strict(),
    output: z.object({ recoveryCode: z.string() }),
  }),
  /** 重置密码 of a 现场操作用户 of the project. */
  'operators.resetPassword': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ userId: idField, newPassword: passwordField }).strict(),
    output: z.object({ endedSessions: z.number() }),
  }),
  /** 设置 › 局域网访问: the certificate `serve --lan` uses, so a second PC can check its fingerprint. */
  'security.lanCertificate': command({ access: 'project', input: empty, output: certificateSchema.nullable() }),
} as const satisfies Record<string, ReturnType<typeof command>>;
