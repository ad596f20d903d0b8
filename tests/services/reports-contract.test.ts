// contract-reports.ts restates two shapes of contract.ts (it cannot import values from the file
// that spreads it): the import's input and its report. They must stay the same shapes.
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { contract } from '../../electron/common/contract';

describe('the report commands in the contract', () => {
  it('take and answer what the other imports do', () => {
    const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' });
    expect(json(contract['persons.import'].input)).toEqual(json(contract['employers.import'].input));
    expect(json(contract['persons.import'].output)).toEqual(json(contract['employers.import'].output));
    expect(contract['persons.import'].upload).toBe(true);
  });

  it('answer every file as { fileName, mime, dataBase64 }', () => {
    const reports = Object.entries(contract).filter(([name]) => name.startsWith('reports.'));
    expect(reports.length).toBe(14);
    for (const [, spec] of reports) {
      expect(Object.keys((spec.output as z.ZodObject).shape).sort()).toEqual(['dataBase64', 'fileName', 'mime']);
      expect(spec.access).toBe('project');
    }
  });
});
