// The fields every rule file of rules/ has: its key, title and edition, the source it was taken
// from, and what of it is still to be checked against an official text (null: nothing).
import { z } from 'zod';

export const ruleFileFields = {
  key: z.string().trim().min(1).max(60),
  title: z.string().trim().min(1).max(60),
  edition: z.number().int().min(1),
  source: z.string().trim().min(1).max(1000),
  check: z.string().trim().max(1000).nullable(),
};
