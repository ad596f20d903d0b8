// Wiring the contract to ipcMain: one channel, one handler, the same dispatcher as web mode. The
// window's session token lives here in the main process; the renderer never sees it.
import { IPC_CHANNEL } from '../common/bridge';
import { ApiError, type ApiResult } from '../common/errors';
import type { Dispatcher } from '../api/dispatch';

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown): void;
}

export function registerApi(ipcMain: IpcMainLike, dispatch: Dispatcher, isTrustedUrl: (url: string) => boolean): void {
  let token: string | null = null;
  ipcMain.handle(IPC_CHANNEL, async (event, command, input): Promise<ApiResult<unknown>> => {
    if (!event.senderFrame || !isTrustedUrl(event.senderFrame.url)) {
      return { ok: false, error: new ApiError('FORBIDDEN', '拒绝来自未知页面的请求').toBody() };
    }
    if (typeof command !== 'string') return { ok: false, error: new ApiError('BAD_REQUEST', '操作名称无效').toBody() };
    const outcome = await dispatch(command, input, token);
    if (outcome.token !== undefined) token = outcome.token;
    return outcome.result;
  });
}
