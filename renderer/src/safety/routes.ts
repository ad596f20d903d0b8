// The screens of 安全生产标准化现场 and of the shared rectification loop, inside a project.
import type { RouteRecordRaw } from 'vue-router';

export const safetyRoutes: RouteRecordRaw[] = [
  { path: 'safety', name: 'safety', component: () => import('./SafetyHomeView.vue'), meta: { title: '安全概况' } },
  { path: 'safety/assessments', name: 'safety-assessments', component: () => import('./AssessmentsView.vue'), meta: { title: '检查评分' } },
  { path: 'safety/assessments/:id', name: 'safety-assessment', component: () => import('./AssessmentView.vue'), meta: { title: '检查评分', menu: 'safety-assessments' } },
  { path: 'safety/hazards', name: 'safety-hazards', component: () => import('./HazardsView.vue'), meta: { title: '隐患排查治理台账' } },
  { path: 'safety/certificates', name: 'safety-certificates', component: () => import('./CertificatesView.vue'), meta: { title: '特种作业人员' } },
  { path: 'safety/training', name: 'safety-training', component: () => import('./TrainingView.vue'), meta: { title: '三级安全教育' } },
  { path: 'safety/briefings', name: 'safety-briefings', component: () => import('./BriefingsView.vue'), meta: { title: '安全技术交底' } },
  { path: 'safety/settings', name: 'safety-settings', component: () => import('./SafetySettingsView.vue'), meta: { title: '安全生产标准化设置' } },
  { path: 'rectifications/:id', name: 'rectification', component: () => import('../rectification/RectificationView.vue'), meta: { title: '整改记录', menu: 'safety-hazards', parties: true } },
];
