// The search box of a paged list: a new search waits for typing to pause, then starts again at
// page 1 (the page watcher reloads) or reloads at once when already there.
import { watch } from 'vue';

export function watchSearch(query: { search: string; page: number }, load: () => unknown, delayMs = 250): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(() => query.search, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (query.page !== 1) query.page = 1;
      else void load();
    }, delayMs);
  });
}
