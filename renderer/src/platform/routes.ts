// The 上报 screen, a child of the project frame.
import type { RouteRecordRaw } from 'vue-router';

export const platformRoutes: RouteRecordRaw[] = [
  { path: 'platform', name: 'platform', component: () => import('./PlatformView.vue'), meta: { title: '上报' } },
];
