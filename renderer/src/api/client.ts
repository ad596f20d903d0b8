// The renderer's one typed client: api.<domain>.<action>(input). It does not know which transport
// carries the call: the preload's bridge inside Electron, or HTTP POST /api/<command> in web mode.
import type { ApiClient, CommandName } from '../../../electron/common/contract';
import type { PreloadBridge } from '../../../electron/common/bridge';
import { ApiError, isApiErrorBody, type ApiResult } from '../../../electron/common/errors';
import { PRELOADED_ANSWERS_ID, preloadedCommands } from '../../../electron/common/preloaded';

declare global {
  interface Window {
    siteoffice?: PreloadBridge;
  }
}

type Transport = (command: CommandName, input: unknown) => Promise<ApiResult<unknown>>;

const httpTransport: Transport = async (command, input) => {
  let response: Response;
  try {
    response = await fetch(`./api/${command}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '无法连接到本机服务,请确认程序仍在运行' } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (body && typeof body === 'object' && 'ok' in body) return body as ApiResult<unknown>;
  return { ok: false, error: { code: 'INTERNAL', message: `服务返回了无效的应答(${response.status})` } };
};

const bridgeTransport = (bridge: PreloadBridge): Transport => async (command, input) => {
  const result = await bridge.invoke(command, input ?? {});
  return result as ApiResult<unknown>;
};

const transport: Transport = typeof window !== 'undefined' && window.siteoffice ? bridgeTransport(window.siteoffice) : httpTransport;

/**
 * The answers web mode wrote into index.html (common/preloaded.ts), each taken by the first call of
 * its command: the first screen is chosen without a round trip. None in the Electron window.
 */
const preloaded = new Map<string, ApiResult<unknown>>();
const answersElement = typeof document !== 'undefined' ? document.getElementById(PRELOADED_ANSWERS_ID) : null;
if (answersElement?.textContent) {
  try {
    const answers = JSON.parse(answersElement.textContent) as Record<string, unknown>;
    for (const command of preloadedCommands) {
      const answer = answers[command];
      if (answer && typeof answer === 'object' && 'ok' in answer) preloaded.set(command, answer as ApiResult<unknown>);
    }
  } catch {
    // Unreadable: the calls go over the API as usual.
  }
}

/** Listeners told when a call finds the session gone, so the app can return to 登录. */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(listener: () => void): void {
  unauthenticatedListeners.add(listener);
}

export async function call(command: CommandName, input?: unknown): Promise<unknown> {
  const answer = input === undefined ? preloaded.get(command) : undefined;
  if (answer) preloaded.delete(command);
  const result = answer ?? await transport(command, input);
  if (result.ok) return result.value;
  const error = isApiErrorBody(result.error) ? ApiError.fromBody(result.error) : new ApiError('INTERNAL', '未知错误');
  if (error.code === 'UNAUTHENTICATED' && command !== 'auth.signIn') unauthenticatedListeners.forEach((l) => l());
  throw error;
}

export const api = new Proxy({} as ApiClient, {
  get: (_target, domain: string) => new Proxy({}, {
    get: (_t, action: string) => (input?: unknown) => call(`${domain}.${action}` as CommandName, input),
  }),
});
