// Opening a file of a site-module record (a 授权书, a test report, a reply's photo) from any
// account of the project, and reading a chosen file for an upload.
import { api } from '../api/client';
import { saveFile } from '../download';
import { readFileAsBase64 } from '../forms';

export async function openRecordFile(id: string, run: <T>(f: () => Promise<T>) => Promise<T | undefined>): Promise<void> {
  const file = await run(() => api.parties.file({ id }));
  if (file) saveFile(file);
}

export type Upload<M extends string> = { fileName: string; mime: M; dataBase64: string };

/** The chosen file as an upload, or null when none or of another type (the message says so). */
export async function pickedFile<M extends string>(event: Event, mimes: readonly M[], onWrong: (message: string) => void): Promise<Upload<M> | null> {
  const input = event.target as HTMLInputElement;
  const f = input.files?.[0];
  input.value = '';
  if (!f) return null;
  if (!mimes.includes(f.type as M)) {
    onWrong(`${f.name} 的文件类型不符合要求`);
    return null;
  }
  return { fileName: f.name, mime: f.type as M, dataBase64: await readFileAsBase64(f) };
}
