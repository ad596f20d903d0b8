// A test that needs a program the machine lacks fails with its name and the install command.
import { describe, expect, it } from 'vitest';
import { findTool, MissingToolError, tool } from '../support/tools';

describe('programs the tests run', () => {
  it('finds one that is installed', () => {
    expect(tool('sh')).toMatch(/\/sh$/);
  });

  it('fails, naming the program and how to install it, when one is missing', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(findTool('pdftotext')).toBeNull();
      expect(() => tool('pdftotext')).toThrow(MissingToolError);
      expect(() => tool('pdftotext')).toThrow('`pdftotext`');
      expect(() => tool('pdftotext')).toThrow('apt-get install -y poppler-utils');
      expect(() => tool('socat')).toThrow('apt-get install -y socat');
    } finally {
      process.env.PATH = saved;
    }
  });
});
