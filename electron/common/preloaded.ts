// Web mode writes the answers to the start-up queries into index.html, so the renderer can choose
// its first screen (初始化, 登录, 合同) without a round trip. Each answer is exactly what
// POST /api/<command> would have returned to the same cookie at that moment, and is used once.
import type { CommandName } from './contract';

/** The id of the `<script type="application/json">` element that carries the answers. */
export const PRELOADED_ANSWERS_ID = 'siteoffice-answers';

/** Public commands without input that every start asks first (stores/session.ts). */
export const preloadedCommands = ['setup.status', 'auth.me'] as const satisfies readonly CommandName[];

/** JSON safe inside a script element: no `<` can close it or open a comment. */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
