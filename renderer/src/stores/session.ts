// Who is signed in and in which project. The server holds the session; this mirrors it.
import { defineStore } from 'pinia';
import { api, onUnauthenticated } from '../api/client';
import { takeFirstSessionCheck } from './first-session-check';
import type { SessionView } from '../../../electron/common/contract';

export const useSessionStore = defineStore('session', {
  state: () => ({
    loaded: false,
    initialized: false,
    session: null as SessionView | null,
  }),
  getters: {
    project: (state) => state.session?.project ?? null,
    isManager: (state) => state.session?.user.role === 'manager',
    role: (state) => state.session?.user.role ?? null,
    /** The 施工 side's accounts: the real-name register and the rest of the seed's menu are theirs. */
    isSiteStaff: (state) => state.session?.user.role === 'manager' || state.session?.user.role === 'operator',
  },
  actions: {
    async load() {
      const [status, me] = await (takeFirstSessionCheck() ?? Promise.all([api.setup.status(), api.auth.me()]));
      this.initialized = status.initialized;
      this.session = me;
      this.loaded = true;
    },
    async signIn(idNumber: string, password: string) {
      this.session = await api.auth.signIn({ idNumber, password });
    },
    async enter(projectId: string) {
      this.session = await api.projects.enter({ projectId });
      return this.session;
    },
    async signOut() {
      await api.auth.signOut();
      this.session = null;
    },
    forget() {
      this.session = null;
    },
  },
});

export function watchSessionLoss(onLost: () => void): void {
  onUnauthenticated(onLost);
}
