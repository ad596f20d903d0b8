// The code tables kept as data files (electron/common/code-tables/*.json), checked with zod when the
// API is put together: a table edited by hand with a duplicate code or a missing source is caught
// at start, not when a form or an upload to the national platform finds it.
import { z } from 'zod';
import { bankTable, workTypeTable, type CodeTableFile } from '../../common/code-tables';

const codeTableSchema = z.object({
  table: z.string().min(1),
  source: z.string().min(10, '代码表须注明来源'),
  version: z.string().min(1),
  codes: z.array(z.object({ code: z.string().regex(/^\d{3,4}$/), name: z.string().min(1).max(30) }).strict()).min(1),
}).strict().superRefine((t, ctx) => {
  const seen = new Set<string>();
  for (const c of t.codes) {
    if (seen.has(c.code)) ctx.addIssue({ code: 'custom', message: `代码 ${c.code} 重复` });
    seen.add(c.code);
  }
});

export function checkCodeTable(file: CodeTableFile): void {
  const result = codeTableSchema.safeParse(file);
  if (!result.success) throw new Error(`code table ${file.table}: ${result.error.issues.map((i) => i.message).join('; ')}`);
}

export function checkCodeTables(): void {
  for (const table of [workTypeTable, bankTable]) checkCodeTable(table);
}
