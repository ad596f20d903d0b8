// Reference data the forms share, loaded once: provinces and cities, the project's employers.
import { defineStore } from 'pinia';
import { api } from '../api/client';
import type { Employer } from '../../../electron/common/contract';

type Areas = Awaited<ReturnType<typeof api.reference.areas>>;

export const useReferenceStore = defineStore('reference', {
  state: () => ({ areas: [] as Areas, employers: [] as Employer[] }),
  actions: {
    async loadAreas() {
      if (this.areas.length === 0) this.areas = await api.reference.areas();
    },
    async loadEmployers() {
      this.employers = await api.employers.list();
      return this.employers;
    },
  },
});
