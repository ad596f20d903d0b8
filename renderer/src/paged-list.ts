// A paged list screen (the site modules' lists): its rows and total from one list command, loaded at
// mount, again when the page, the page size or another filter changes, and after typing in its
// search box pauses.
import { onMounted, ref, watch, type Ref } from 'vue';
import { useFieldErrors } from './forms';
import { watchSearch } from './search';

export interface PagedQuery {
  page: number;
  pageSize: 10 | 20 | 50 | 100;
  search?: string;
}

export function usePagedList<Q extends PagedQuery, R>(query: Q, fetch: (query: Q) => Promise<{ rows: R[]; total: number }>, filters: () => unknown[] = () => []) {
  const { run } = useFieldErrors();
  const rows = ref([]) as Ref<R[]>;
  const total = ref(0);
  async function load(): Promise<void> {
    const result = await run(() => fetch({ ...query, ...(query.search !== undefined ? { search: query.search.trim() } : {}) }));
    if (!result) return;
    rows.value = result.rows;
    total.value = result.total;
  }
  onMounted(load);
  watch(() => [query.page, query.pageSize, ...filters()], load);
  if (query.search !== undefined) watchSearch(query as Q & { search: string }, load);
  return { rows, total, load };
}
