import { createRouter, createWebHashHistory } from 'vue-router';
import { useSessionStore, watchSessionLoss } from './stores/session';
import { ApiError } from '../../electron/common/errors';
// 登录 is the first screen of nearly every start: it comes with the entry, so that the browser
// fetches it together with Vue instead of after the session check (every other view stays lazy).
import LoginView from './views/LoginView.vue';
import { labourRoutes } from './labour/routes';
import { safetyRoutes } from './safety/routes';
import { siteModuleRoutes } from './site-modules/routes';
import { platformRoutes } from './platform/routes';

export const router = createRouter({
  // Hash history: the Electron window loads index.html from file://.
  history: createWebHashHistory(),
  routes: [
    { path: '/recovery', name: 'recovery', component: () => import('./views/RecoveryView.vue'), meta: { public: true } },
    { path: '/setup', name: 'setup', component: () => import('./views/SetupView.vue'), meta: { public: true } },
    { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
    { path: '/recover-password', name: 'recover-password', component: () => import('./security/RecoverPasswordView.vue'), meta: { public: true } },
    { path: '/contracts', name: 'contracts', component: () => import('./views/ContractsView.vue') },
    { path: '/supervision', name: 'supervision', component: () => import('./views/SupervisionView.vue') },
    {
      path: '/p',
      component: () => import('./views/MainLayout.vue'),
      meta: { project: true },
      children: [
        { path: '', redirect: { name: 'board' } },
        { path: 'board', name: 'board', component: () => import('./views/BoardView.vue'), meta: { title: '今日概况' } },
        { path: 'epidemic/batch-health', name: 'batch-health', component: () => import('./views/BatchHealthView.vue'), meta: { title: '晨检批量录入' } },
        { path: 'info', name: 'project-info', component: () => import('./views/ProjectInfoView.vue'), meta: { title: '基本信息' } },
        { path: 'operators', name: 'operators', component: () => import('./views/OperatorsView.vue'), meta: { title: '现场操作用户' } },
        { path: 'epidemic/info', name: 'epidemic-info', component: () => import('./views/EpidemicInfoView.vue'), meta: { title: '工地疫情防控信息' } },
        { path: 'employers', name: 'employers', component: () => import('./views/EmployersView.vue'), meta: { title: '用人单位' } },
        { path: 'health-cloud', name: 'health-cloud', component: () => import('./views/HealthCloudView.vue'), meta: { title: '健康云记录导入' } },
        { path: 'settings', name: 'settings', component: () => import('./views/SettingsView.vue'), meta: { title: '设置' } },
        { path: 'backups', name: 'backups', component: () => import('./views/BackupView.vue'), meta: { title: '备份与恢复' } },
        { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计记录' } },
        { path: 'epidemic/pre-registration', name: 'pre-registration', component: () => import('./views/PreRegistrationView.vue'), meta: { title: '进场预登记' } },
        { path: 'epidemic/pre-registration/new', name: 'pre-registration-new', component: () => import('./views/PreRegistrationFormView.vue'), meta: { title: '进场预登记', menu: 'pre-registration' } },
        { path: 'epidemic/persons/:id', name: 'person', component: () => import('./views/PersonView.vue'), meta: { title: '查看', menu: 'pre-registration' } },
        { path: 'epidemic/persons/:id/family', name: 'family', component: () => import('./views/FamilyView.vue'), meta: { title: '携带家属', menu: 'pre-registration' } },
        { path: 'epidemic/persons/:id/health', name: 'health', component: () => import('./views/HealthView.vue'), meta: { title: '每日健康', menu: 'pre-registration' } },
        { path: 'epidemic/persons/:id/disposition', name: 'disposition', component: () => import('./views/DispositionView.vue'), meta: { title: '处置方式', menu: 'pre-registration' } },
        ...labourRoutes,
        { path: 'sync', name: 'sync', component: () => import('./views/SyncView.vue'), meta: { title: '同步' } },
        ...safetyRoutes,
        ...siteModuleRoutes,
        ...platformRoutes,
      ],
    },
    { path: '/:pathMatch(.*)*', redirect: '/contracts' },
  ],
});

router.beforeEach(async (to) => {
  const store = useSessionStore();
  if (!store.loaded) {
    try {
      await store.load();
    } catch (e) {
      // The database would not open: only recovery makes sense.
      if (e instanceof ApiError && e.code === 'CORRUPT') return to.name === 'recovery' ? true : { name: 'recovery' };
      throw e;
    }
  }
  if (to.name === 'recovery') return true;
  if (!store.initialized) return to.name === 'setup' ? true : { name: 'setup' };
  if (to.name === 'setup') return { name: 'login' };
  if (to.meta.public) return to.name === 'login' && store.session ? { name: 'contracts' } : true;
  if (!store.session) return { name: 'login' };
  // A 监督管理人员 does not enter a project: 实名制作业人员信息查询 is their home, and only theirs.
  const supervisor = store.session.user.role === 'supervisor';
  if (supervisor !== (to.name === 'supervision')) return { name: supervisor ? 'supervision' : 'contracts' };
  if (to.matched.some((r) => r.meta.project) && !store.project) return { name: 'contracts' };
  // The 监理's and the 建设单位's accounts see the site modules' screens only (meta.parties).
  if (store.project && !store.isSiteStaff && to.matched.some((r) => r.meta.project) && !to.meta.parties) return { name: 'supervision-reports' };
  return true;
});

watchSessionLoss(() => {
  useSessionStore().forget();
  void router.push({ name: 'login' });
});
