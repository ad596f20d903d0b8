// Showing errors from the api: the message of a failed call, and field issues beside their fields.
import { reactive } from 'vue';
import { ElMessage } from 'element-plus';
import { ApiError } from '../../electron/common/errors';

export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({});
  function clear() {
    for (const key of Object.keys(errors)) delete errors[key];
  }
  /** Runs a call; on failure shows its message and puts each field issue beside its field. */
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    clear();
    try {
      return await action();
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError('INTERNAL', '操作失败');
      for (const issue of error.issues ?? []) if (!errors[issue.path]) errors[issue.path] = issue.message;
      ElMessage({ type: 'error', message: error.message, showClose: true, duration: 6000 });
      return undefined;
    }
  }
  return { errors, clear, run };
}

export function readFileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new ApiError('VALIDATION', '无法读取文件'));
    reader.readAsDataURL(file);
  });
}
