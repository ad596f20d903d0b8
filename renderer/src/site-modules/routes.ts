// The screens of 参建各方, 建材管理, 质量标准化 and 监理报告, children of the project frame. Every
// one is open to the 监理's and the 建设单位's accounts too (meta.parties); the services decide what
// each may do there.
import type { RouteRecordRaw } from 'vue-router';

const parties = { parties: true } as const;

export const siteModuleRoutes: RouteRecordRaw[] = [
  { path: 'parties', name: 'parties', component: () => import('../parties/PartiesView.vue'), meta: { title: '参建各方', ...parties } },
  { path: 'site-rules', name: 'site-rules', component: () => import('./SiteRulesView.vue'), meta: { title: '规则表', ...parties } },
  // 建材管理
  { path: 'materials', name: 'materials', component: () => import('../materials/MaterialsHomeView.vue'), meta: { title: '建材概况', ...parties } },
  { path: 'materials/batches', name: 'material-batches', component: () => import('../materials/BatchesView.vue'), meta: { title: '材料进场验收', ...parties } },
  { path: 'materials/batches/:id', name: 'material-batch', component: () => import('../materials/BatchView.vue'), meta: { title: '进场材料', menu: 'material-batches', ...parties } },
  { path: 'materials/samples', name: 'material-samples', component: () => import('../materials/SamplesView.vue'), meta: { title: '见证取样和送检台账', ...parties } },
  { path: 'materials/pours', name: 'material-pours', component: () => import('../materials/PoursView.vue'), meta: { title: '浇筑记录与取样频率', ...parties } },
  { path: 'materials/dispositions', name: 'material-dispositions', component: () => import('../materials/DispositionsView.vue'), meta: { title: '不合格处置', ...parties } },
  // 质量标准化
  { path: 'quality', name: 'quality', component: () => import('../quality/QualityHomeView.vue'), meta: { title: '质量概况', ...parties } },
  { path: 'quality/plan', name: 'quality-plan', component: () => import('../quality/PlanView.vue'), meta: { title: '检验批划分与验收', ...parties } },
  { path: 'quality/lots/:id', name: 'quality-lot', component: () => import('../quality/LotView.vue'), meta: { title: '检验批', menu: 'quality-plan', ...parties } },
  { path: 'quality/acceptance/:unitId/:level/:code', name: 'quality-acceptance', component: () => import('../quality/AcceptanceView.vue'), meta: { title: '分项/分部验收', menu: 'quality-plan', ...parties } },
  { path: 'quality/concealed', name: 'quality-concealed', component: () => import('../quality/ConcealedView.vue'), meta: { title: '隐蔽工程验收', ...parties } },
  { path: 'quality/measurements', name: 'quality-measurements', component: () => import('../quality/MeasurementsView.vue'), meta: { title: '实测实量', ...parties } },
  { path: 'quality/problems', name: 'quality-problems', component: () => import('../quality/ProblemsView.vue'), meta: { title: '质量问题', ...parties } },
  { path: 'quality/site-check', name: 'quality-site-check', component: () => import('../quality/SiteCheckView.vue'), meta: { title: '施工现场质量管理检查记录', ...parties } },
  // 监理报告
  { path: 'supervision-reports', name: 'supervision-reports', component: () => import('../supervision-reports/SupervisionHomeView.vue'), meta: { title: '监理报告', ...parties } },
  { path: 'supervision-reports/notices', name: 'supervision-notices', component: () => import('../supervision-reports/NoticesView.vue'), meta: { title: '监理通知单', ...parties } },
  { path: 'supervision-reports/stop-orders', name: 'supervision-stop-orders', component: () => import('../supervision-reports/StopOrdersView.vue'), meta: { title: '工程暂停令与复工令', ...parties } },
  { path: 'supervision-reports/side-records', name: 'supervision-side-records', component: () => import('../supervision-reports/SideRecordsView.vue'), meta: { title: '旁站记录', ...parties } },
  { path: 'supervision-reports/monthly', name: 'supervision-monthly', component: () => import('../supervision-reports/MonthlyView.vue'), meta: { title: '监理月报', ...parties } },
  { path: 'supervision-reports/emergency', name: 'supervision-emergency', component: () => import('../supervision-reports/EmergencyView.vue'), meta: { title: '监理紧急报告', ...parties } },
];
