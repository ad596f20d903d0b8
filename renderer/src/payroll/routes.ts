// The screens of 工资支付台账登记管理 and 人工费支付台账登记管理, children of the project frame.
import type { RouteRecordRaw } from 'vue-router';

export const payrollRoutes: RouteRecordRaw[] = [
  { path: 'payroll', name: 'payroll', component: () => import('./LedgersView.vue'), meta: { title: '工资支付台账登记管理' } },
  { path: 'payroll/ledgers/:id', name: 'payroll-ledger', component: () => import('./LedgerView.vue'), meta: { title: '工资支付台账', menu: 'payroll' } },
  { path: 'labour-cost', name: 'labour-cost', component: () => import('./LabourCostView.vue'), meta: { title: '人工费支付台账登记管理' } },
];
