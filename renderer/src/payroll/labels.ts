// What the ledger screens show of a ledger's state and payments: tag colours beside the code tables' words.
import type { LedgerState, PaymentStatus } from '../../../electron/common/codes-payroll';

export const stateTagTypes: Record<LedgerState, 'info' | 'warning' | 'primary' | 'success' | 'danger'> = {
  draft: 'info', leader_checked: 'warning', worker_confirmed: 'warning', approved: 'primary', locked: 'success',
};

export const paymentTagTypes: Record<PaymentStatus, 'info' | 'warning' | 'success' | 'danger'> = {
  none: 'info', unpaid: 'warning', paid: 'success', failed: 'danger',
};

/** The month before the site's current one (YYYY-MM): the month a ledger is usually made for. */
export function previousMonth(today: string): string {
  const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
