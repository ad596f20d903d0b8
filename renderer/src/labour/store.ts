// The project's labour settings (is 工地疫情防控管理 shown?) and its lists the labour forms share:
// 参建单位 and 班组, loaded on demand and reloaded after a change.
import { defineStore } from 'pinia';
import { api } from '../api/client';
import type { LabourSettingsView, Participant, TeamRow } from '../../../electron/common/contract-labour';

export const useLabourStore = defineStore('labour', {
  state: () => ({
    settings: null as LabourSettingsView | null,
    settingsOf: '' as string,
    participants: [] as Participant[],
    teams: [] as TeamRow[],
  }),
  getters: {
    epidemicShown: (state) => !state.settings?.epidemicHidden,
  },
  actions: {
    /** Once per project entered. */
    async loadSettings(projectId: string) {
      if (this.settingsOf === projectId && this.settings) return this.settings;
      this.settings = await api.labour.settings();
      this.settingsOf = projectId;
      return this.settings;
    },
    async saveSettings(change: Partial<LabourSettingsView>) {
      this.settings = await api.labour.saveSettings(change);
      return this.settings;
    },
    async loadParticipants() {
      this.participants = await api.participants.list();
      return this.participants;
    },
    async loadTeams() {
      this.teams = await api.teams.list({});
      return this.teams;
    },
  },
});
