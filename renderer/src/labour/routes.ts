// The labour screens (进退场用工管理, 现场管理人员实名制), children of the project frame.
import type { RouteRecordRaw } from 'vue-router';

export const labourRoutes: RouteRecordRaw[] = [
  { path: 'workers', name: 'workers', component: () => import('./WorkersView.vue'), meta: { title: '进退场用工管理', category: 'worker' } },
  { path: 'managers', name: 'managers', component: () => import('./WorkersView.vue'), meta: { title: '现场管理人员实名制', category: 'manager' } },
  { path: 'workers/:id', name: 'worker', component: () => import('./WorkerView.vue'), meta: { title: '人员信息', menu: 'workers' } },
  { path: 'labour/participants', name: 'participants', component: () => import('./ParticipantsView.vue'), meta: { title: '参建单位' } },
  { path: 'labour/teams', name: 'teams', component: () => import('./TeamsView.vue'), meta: { title: '班组' } },
  { path: 'labour/sign-in', name: 'sign-in', component: () => import('./SignInView.vue'), meta: { title: '班前签到' } },
  { path: 'labour/month-sheet', name: 'month-sheet', component: () => import('./MonthSheetView.vue'), meta: { title: '月度考勤表' } },
  { path: 'labour/anomalies', name: 'anomalies', component: () => import('./AnomaliesView.vue'), meta: { title: '考勤异常' } },
  { path: 'labour/makeups', name: 'makeups', component: () => import('./MakeupsView.vue'), meta: { title: '补卡' } },
  { path: 'labour/punches', name: 'punches', component: () => import('./PunchesView.vue'), meta: { title: '考勤记录' } },
  { path: 'labour/devices', name: 'devices', component: () => import('./DevicesView.vue'), meta: { title: '设备管理' } },
  // The epidemic-era rosters of entries and exits, with their quick 进场登记.
  { path: 'labour/worker-entries', name: 'worker-entries', component: () => import('../views/RosterView.vue'), meta: { title: '进退场记录(作业人员)', category: 'worker' } },
  { path: 'labour/manager-entries', name: 'manager-entries', component: () => import('../views/RosterView.vue'), meta: { title: '进退场记录(现场管理人员)', category: 'manager' } },
];
