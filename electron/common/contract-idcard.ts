// API commands of the ID card reader hook (设置 › 身份证阅读器, 读身份证).
import { command } from './command';

export const idcardCommands = {} as const satisfies Record<string, ReturnType<typeof command>>;
