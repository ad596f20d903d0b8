// Handing the user a file the services made (a PDF, an .xlsx): the bytes come back from the api as
// base64 and leave the page as a download with the file's own name. The renderer has no file
// system: in web mode the browser saves it; in Electron the window is sandboxed and a download
// goes through Electron's default handling, which asks where to save it.
import { ref } from 'vue';
import { ElMessage, ElMessageBox } from 'element-plus';
import { useFieldErrors } from './forms';
import { ApiError } from '../../electron/common/errors';
import type { GeneratedFile } from '../../electron/common/contract-reports';

export function blobOf(file: GeneratedFile): Blob {
  const binary = atob(file.dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: file.mime });
}

export function saveFile(file: GeneratedFile): void {
  const url = URL.createObjectURL(blobOf(file));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  // The download has started by now; the URL is kept a while for a slow save dialog.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The buttons of a screen's toolbar: 导出PDF / 导出Excel save the file, 打印 opens the PDF in the
 * browser's viewer, whose print button shows the print preview. `busy` names the button at work,
 * so a large roster shows it is being made and cannot be asked for twice.
 */
/**
 * How a PDF treats a character no font has (contract-reports.ts): refused first, then □ if the user
 * agrees. Null: no file, and the user was already told why (a task cancelled, or failed).
 */
export type MakeFile = (options: { missingGlyphs: 'refuse' | 'mark' }) => Promise<GeneratedFile | null>;

export function useDownloads() {
  const busy = ref('');
  const { run } = useFieldErrors();

  /**
   * Makes the file; when a PDF would print a blank for a character no font has, the services
   * refuse and name it, and the user is asked before anything is printed: 取消, or print with □.
   */
  async function make(makeFile: MakeFile): Promise<GeneratedFile | undefined> {
    try {
      return (await makeFile({ missingGlyphs: 'refuse' })) ?? undefined;
    } catch (e) {
      if (!(e instanceof ApiError) || !e.issues?.some((i) => i.path === 'missingGlyphs')) return run(() => Promise.reject(e));
      try {
        await ElMessageBox.confirm(e.message, '有字符无法打印', { type: 'warning', confirmButtonText: '仍然打印(缺字处印为 □)', cancelButtonText: '取消' });
      } catch {
        return undefined;
      }
      return (await run(() => makeFile({ missingGlyphs: 'mark' }))) ?? undefined;
    }
  }

  async function download(key: string, makeFile: MakeFile): Promise<void> {
    if (busy.value) return;
    busy.value = key;
    const file = await make(makeFile);
    busy.value = '';
    if (file) saveFile(file);
  }

  async function print(key: string, makeFile: MakeFile): Promise<void> {
    if (busy.value) return;
    // Opened now, while the click still counts as the user's, or the browser would block it later.
    const viewer = window.open('', '_blank');
    busy.value = key;
    const file = await make(makeFile);
    busy.value = '';
    if (!file) {
      viewer?.close();
      return;
    }
    if (viewer) {
      viewer.location.href = URL.createObjectURL(blobOf(file));
      return;
    }
    // No window to open (the desktop app opens none): save it, to be printed from a PDF reader.
    saveFile(file);
    ElMessage({ type: 'info', message: `已生成 ${file.fileName},请在 PDF 阅读器中打开后打印`, duration: 6000 });
  }

  return { busy, download, print };
}
