// The shape of one command in the API contract, and who may call it.
import type { z } from 'zod';
import type { roles } from './codes';

/**
 * Who may call a command. `public`: anyone; `user`: signed in; `project`: signed in and inside a
 * project the account may work on. `roles` narrows further.
 */
export type Access = 'public' | 'user' | 'project';

export interface CommandSpec<A extends Access, I extends z.ZodType, O extends z.ZodType> {
  access: A;
  roles?: readonly (typeof roles)[number][];
  input: I;
  output: O;
  /** Commands that carry file bytes may send larger bodies. */
  upload?: boolean;
  /** Commands that carry many rows at once (the morning batch of a 5,000-person site) may too. */
  bulk?: boolean;
  /** Only from the PC the app runs on (the window, or a browser on that PC): 初始化, recovery. */
  localOnly?: boolean;
}

export function command<A extends Access, I extends z.ZodType, O extends z.ZodType>(spec: CommandSpec<A, I, O>): CommandSpec<A, I, O> {
  return spec;
}

