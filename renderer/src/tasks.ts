// Long work (the 工资支付表 or 月度考勤表 PDF, a bank file, a bank's result file) runs as a task in
// the services: started by one call, then asked for its progress until it ends. `useTask` keeps the
// running one for the screen (its phase, done of total, 取消) and answers with how it ended.
import { computed, onUnmounted, ref } from 'vue';
import { ElMessage } from 'element-plus';
import { api } from './api/client';
import { ApiError } from '../../electron/common/errors';
import type { TaskView } from '../../electron/common/contract-reports';

const POLL_MS = 300;

export function useTask() {
  const task = ref<TaskView | null>(null);
  /** What the running task is, in words (生成工资支付表 …), for the progress panel. */
  const title = ref('');
  let stopped = false;
  onUnmounted(() => {
    stopped = true;
  });

  const percent = computed(() => {
    const t = task.value;
    if (!t || t.total === 0) return 0;
    return Math.min(100, Math.round((t.done / t.total) * 100));
  });
  const running = computed(() => task.value?.state === 'running');

  /**
   * Starts the task and follows it to its end: the finished view, or null when it was cancelled or
   * failed (the failure's Chinese message shown).
   */
  async function follow(what: string, start: () => Promise<{ taskId: string }>): Promise<TaskView | null> {
    if (running.value) return null;
    title.value = what;
    let taskId: string;
    try {
      taskId = (await start()).taskId;
    } catch (e) {
      showError(e);
      return null;
    }
    task.value = { id: taskId, kind: 'pdf', state: 'running', phase: '准备中', done: 0, total: 0, file: null, report: null, error: null };
    for (;;) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (stopped) return null;
      let view: TaskView;
      try {
        view = await api.tasks.get({ taskId });
      } catch (e) {
        task.value = null;
        showError(e);
        return null;
      }
      task.value = view;
      if (view.state === 'running') continue;
      task.value = null;
      if (view.state === 'done') return view;
      if (view.state === 'cancelled') ElMessage({ type: 'info', message: `已取消${what},没有留下任何结果` });
      else ElMessage({ type: 'error', message: view.error?.message ?? `${what}失败`, showClose: true, duration: 6000 });
      return null;
    }
  }

  async function cancel(): Promise<void> {
    if (!task.value) return;
    try {
      await api.tasks.cancel({ taskId: task.value.id });
    } catch (e) {
      showError(e);
    }
  }

  return { task, title, percent, running, follow, cancel };
}

function showError(e: unknown): void {
  const message = e instanceof ApiError ? e.message : '操作失败';
  ElMessage({ type: 'error', message, showClose: true, duration: 6000 });
}
