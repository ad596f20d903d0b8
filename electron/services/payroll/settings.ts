// A project's payroll settings, kept in the settings table under the project's key (like the labour
// settings): how 按月 wages are prorated (default 出勤天数 ÷ 21.75, the legal 月计薪天数), the
// 施工合同's minimum 人工费 share (default 20 %, to be set from the contract), the 人工费专用账户, and
// what the 维权信息告示牌 prints beyond the project's own data.
import { eq } from 'drizzle-orm';
import { settings } from '../../../db/schema';
import type { Db } from '../../../db/open';
import type { PayrollSettingsView } from '../../common/contract-payroll';
import type { Services } from '../context';

export type PayrollSettings = PayrollSettingsView;

export const defaultPayrollSettings: PayrollSettings = {
  prorationRule: 'legal',
  scheduledDays: 26,
  minimumShareBp: 2000,
  accountBank: '',
  accountNo: '',
  accountName: '',
  supervisionPhone: '',
  ownerName: '',
};

const keyOf = (projectId: string) => `payroll:${projectId}`;

export function payrollSettings(s: { db: Db }, projectId: string): PayrollSettings {
  const row = s.db.select().from(settings).where(eq(settings.key, keyOf(projectId))).get();
  return row ? { ...defaultPayrollSettings, ...(JSON.parse(row.value) as Partial<PayrollSettings>) } : { ...defaultPayrollSettings };
}

export function savePayrollSettings(s: Services, projectId: string, input: Partial<PayrollSettings>): PayrollSettings {
  const value = JSON.stringify({ ...payrollSettings(s, projectId), ...input });
  s.db.insert(settings).values({ key: keyOf(projectId), value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
  return payrollSettings(s, projectId);
}
