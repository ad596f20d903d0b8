import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  TableFileError,
  normalizeHeader,
  plainNumber,
  readTable,
  writeCsv,
  writeXlsx,
  type TableColumn,
  type TableFileErrorCode,
} from '../../electron/services/tabular';

// All fixtures are built here at run time, with exceljs and plain bytes.

const rosterColumns: TableColumn[] = [
  { key: 'name', label: '姓名', required: true },
  { key: 'idNumber', label: '身份证号', aliases: ['公民身份号码', '证件号码'], required: true },
  { key: 'phone', label: '联系电话(手机)', aliases: ['手机号'] },
  { key: 'entryDate', label: '进场日期' },
  { key: 'employer', label: '用人单位' },
  { key: 'remark', label: '备注' },
];

type Cell = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt: string };

async function xlsx(rows: (Cell[] | null)[], sheetName = '花名册'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  rows.forEach((cells, r) => {
    if (!cells) return; // a row left blank
    cells.forEach((c, i) => {
      const cell = ws.getCell(r + 1, i + 1);
      if (c !== null && typeof c === 'object' && 'numFmt' in c) {
        cell.value = c.value;
        cell.numFmt = c.numFmt;
      } else {
        cell.value = c;
      }
    });
  });
  return Buffer.from((await wb.xlsx.writeBuffer()) as unknown as Uint8Array);
}

async function expectError(p: Promise<unknown>, code: TableFileErrorCode): Promise<TableFileError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TableFileError);
    const err = e as TableFileError;
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/[\u4e00-\u9fff]/); // a Chinese sentence for the user
    return err;
  }
  throw new Error(`expected TableFileError ${code}`);
}

function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// GBK bytes of a few words, from the GB2312 code table (not produced by the code under test).
const GBK: Record<string, number[]> = {
  张三: [0xd5, 0xc5, 0xc8, 0xfd],
  身份证号: [0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5],
  姓名: [0xd0, 0xd5, 0xc3, 0xfb],
};

/** Builds GBK bytes from ASCII text and the known words above. */
function gbk(parts: string[]): Buffer {
  return Buffer.concat(
    parts.map((p) => {
      const known = GBK[p];
      if (known) return Buffer.from(known);
      if (!/^[\x00-\x7f]*$/.test(p)) throw new Error(`no GBK bytes for ${p}`);
      return Buffer.from(p, 'latin1');
    }),
  );
}

describe('readTable: xlsx', () => {
  it('matches headers by label or alias, ignoring *, spaces and bracket width; ignores extra columns', async () => {
    const bytes = await xlsx([
      ['姓名*', ' 证件号码 ', '联系电话（手机）', '多余的列', '用 人 单 位*'],
      ['张三', '11010119800101001X', '13800138000', 'ignored', '上海建工'],
    ]);
    const { rows } = await readTable('名单.xlsx', bytes, rosterColumns);
    expect(rows).toEqual([
      {
        rowNumber: 2,
        values: {
          name: '张三',
          idNumber: '11010119800101001X',
          phone: '13800138000',
          entryDate: '',
          employer: '上海建工',
          remark: '',
        },
      },
    ]);
  });

  it('prefers the label over an alias, and the first of duplicate headers', async () => {
    const bytes = await xlsx([
      ['证件号码', '身份证号', '姓名', '姓名'],
      ['alias', 'label', 'first', 'second'],
    ]);
    const { rows } = await readTable('a.xlsx', bytes, rosterColumns);
    expect(rows[0]?.values.idNumber).toBe('label');
    expect(rows[0]?.values.name).toBe('first');
  });

  it('turns numbers, dates, rich text, formulas, hyperlinks, booleans and errors into text', async () => {
    const bytes = await xlsx([
      ['姓名', '身份证号', '进场日期', '备注', '用人单位', '手机号'],
      [{ richText: [{ text: '张' }, { text: '三', font: { bold: true } }] }, 110101198001010010, { value: 45306, numFmt: 'yyyy-mm-dd' }, true, { text: '上海建工', hyperlink: 'https://example.com' }, 13800138000],
      ['李四', { formula: 'CONCATENATE("3101","01199001011234")', result: '310101199001011234' }, { value: 45306.5, numFmt: 'yyyy-mm-dd hh:mm' }, false, { formula: '1+1', result: 2 }, 1.5],
      ['王五', '  310101199001011234\u3000', new Date(Date.UTC(2024, 2, 1, 8, 30, 5)), { error: '#N/A' }, { formula: 'A1' }, 0.1 + 0.2],
      ['赵六', 123456789012345678901234, new Date(Date.UTC(2023, 11, 31)), 36.6, -0, 1e-7],
    ]);
    const { rows } = await readTable('a.xlsx', bytes, rosterColumns);
    expect(rows.map((r) => r.values)).toEqual([
      // An ID number typed as a number keeps Excel's 15 digits, as a plain digit string.
      { name: '张三', idNumber: '110101198001010000', entryDate: '2024-01-15', remark: '是', employer: '上海建工', phone: '13800138000' },
      { name: '李四', idNumber: '310101199001011234', entryDate: '2024-01-15 12:00:00', remark: '否', employer: '2', phone: '1.5' },
      { name: '王五', idNumber: '310101199001011234', entryDate: '2024-03-01 08:30:05', remark: '#N/A', employer: '', phone: '0.3' },
      { name: '赵六', idNumber: '123456789012346000000000', entryDate: '2023-12-31', remark: '36.6', employer: '0', phone: '0.0000001' },
    ]);
  });

  it('reads dates as the wall-clock time Excel shows, whatever the time zone of the computer', async () => {
    const bytes = await xlsx([
      ['姓名', '身份证号', '进场日期'],
      ['张三', '1', { value: 45306.25, numFmt: 'yyyy-mm-dd hh:mm:ss' }],
      ['李四', '2', { value: 45306, numFmt: 'yyyy/m/d' }],
    ]);
    const saved = process.env.TZ;
    try {
      for (const tz of ['Asia/Shanghai', 'UTC', 'America/New_York']) {
        process.env.TZ = tz;
        const { rows } = await readTable('a.xlsx', bytes, rosterColumns);
        expect(rows.map((r) => r.values.entryDate)).toEqual(['2024-01-15 06:00:00', '2024-01-15']);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('skips blank rows and rows with only unmapped cells, keeping row numbers as Excel shows them', async () => {
    const bytes = await xlsx([
      ['姓名', '身份证号', '其他'],
      ['张三', '1'],
      null,
      ['李四', '2'],
      ['  ', '', '只有多余列'],
      null,
      null,
      ['王五', '3'],
    ]);
    const { rows } = await readTable('a.xlsx', bytes, rosterColumns);
    expect(rows.map((r) => [r.rowNumber, r.values.name])).toEqual([
      [2, '张三'],
      [4, '李四'],
      [8, '王五'],
    ]);
  });

  it('finds the header below a title row and blank rows', async () => {
    const bytes = await xlsx([null, ['XX 项目工人花名册(2024 年 1 月)'], ['姓名*', '身份证号*'], ['张三', '1']]);
    const { rows } = await readTable('a.xlsx', bytes, rosterColumns);
    expect(rows).toEqual([{ rowNumber: 4, values: expect.objectContaining({ name: '张三', idNumber: '1' }) }]);
  });

  it('reads the first worksheet, also for a file whose name says .csv', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名单').addRows([
      ['姓名', '身份证号'],
      ['张三', '1'],
    ]);
    wb.addWorksheet('说明').addRow(['填写说明']);
    const bytes = Buffer.from((await wb.xlsx.writeBuffer()) as unknown as Uint8Array);
    const { rows } = await readTable('export.csv', bytes, rosterColumns);
    expect(rows.map((r) => r.values.name)).toEqual(['张三']);
  });

  it('names the missing required columns', async () => {
    const bytes = await xlsx([['手机号', '备注'], ['13800138000', 'x']]);
    const err = await expectError(readTable('a.xlsx', bytes, rosterColumns), 'MISSING_COLUMNS');
    expect(err.message).toBe('缺少必需的列:姓名、身份证号');
  });

  it('reports only the required columns that are missing', async () => {
    const bytes = await xlsx([['公民身份号码'], ['1']]);
    const err = await expectError(readTable('a.xlsx', bytes, rosterColumns), 'MISSING_COLUMNS');
    expect(err.message).toContain('姓名');
    expect(err.message).not.toContain('身份证号');
  });

  it('refuses more rows than maxRows, counting only non-empty data rows', async () => {
    const data = Array.from({ length: 5 }, (_, i) => [`工人${i}`, String(i)]);
    const bytes = await xlsx([['姓名', '身份证号'], ...data, null, ['', '']]);
    expect((await readTable('a.xlsx', bytes, rosterColumns, { maxRows: 5 })).rows).toHaveLength(5);
    const err = await expectError(readTable('a.xlsx', bytes, rosterColumns, { maxRows: 4 }), 'TOO_MANY_ROWS');
    expect(err.message).toContain('4');
  });

  it('defaults maxRows to 20000', async () => {
    const lines = ['姓名,身份证号', ...Array.from({ length: 20001 }, (_, i) => `w${i},${i}`)];
    await expectError(readTable('a.csv', utf8(lines.join('\r\n')), rosterColumns), 'TOO_MANY_ROWS');
    const ok = await readTable('a.csv', utf8(lines.slice(0, 20001).join('\r\n')), rosterColumns);
    expect(ok.rows).toHaveLength(20000);
    expect(ok.rows.at(-1)?.rowNumber).toBe(20001);
  });

  it('reports an empty sheet and a header without data as EMPTY', async () => {
    await expectError(readTable('a.xlsx', await xlsx([]), rosterColumns), 'EMPTY');
    await expectError(readTable('a.xlsx', await xlsx([['姓名', '身份证号'], null, ['  ']]), rosterColumns), 'EMPTY');
  });
});

describe('readTable: csv', () => {
  const text = '姓名,身份证号,联系电话(手机)\r\n张三,11010119800101001X,13800138000\r\n李四,310101199001011234,\r\n';
  const expected = [
    { rowNumber: 2, values: { name: '张三', idNumber: '11010119800101001X', phone: '13800138000', entryDate: '', employer: '', remark: '' } },
    { rowNumber: 3, values: { name: '李四', idNumber: '310101199001011234', phone: '', entryDate: '', employer: '', remark: '' } },
  ];

  it('reads UTF-8 with a BOM', async () => {
    expect((await readTable('a.csv', Buffer.concat([BOM, utf8(text)]), rosterColumns)).rows).toEqual(expected);
  });

  it('reads UTF-8 without a BOM, with LF line ends', async () => {
    expect((await readTable('a.csv', utf8(text.replace(/\r\n/g, '\n')), rosterColumns)).rows).toEqual(expected);
  });

  it('reads GBK / GB18030 as saved by Chinese Excel', async () => {
    const bytes = gbk(['姓名', ',', '身份证号', '\r\n', '张三', ',110101198001010010\r\n']);
    expect(new TextDecoder('gb18030').decode(bytes)).toBe('姓名,身份证号\r\n张三,110101198001010010\r\n'); // the fixture itself
    const { rows } = await readTable('名单.csv', bytes, rosterColumns);
    expect(rows).toEqual([{ rowNumber: 2, values: expect.objectContaining({ name: '张三', idNumber: '110101198001010010' }) }]);
  });

  it('reads quoted fields with commas, quotes and line breaks; row numbers count records and blank lines', async () => {
    const csv = [
      '"姓名","身份证号","备注","用人单位"',
      '张三,1,"住址:上海市,浦东新区","上海""建工""集团"',
      '',
      '李四,2,"第一行',
      '第二行",',
      ',,,',
      '王五,3,  有空格  ,',
    ].join('\r\n');
    const { rows } = await readTable('a.csv', utf8(csv), rosterColumns);
    expect(rows.map((r) => [r.rowNumber, r.values.name, r.values.remark, r.values.employer])).toEqual([
      [2, '张三', '住址:上海市,浦东新区', '上海"建工"集团'],
      [4, '李四', '第一行\n第二行', ''],
      [6, '王五', '有空格', ''],
    ]);
  });

  it('accepts short and long records and a stray quote inside an unquoted field', async () => {
    const csv = '姓名,身份证号,备注\n张"三,1\n李四,2,x,extra,more\n';
    const { rows } = await readTable('a.csv', utf8(csv), rosterColumns);
    expect(rows.map((r) => r.values)).toEqual([
      expect.objectContaining({ name: '张"三', idNumber: '1', remark: '' }),
      expect.objectContaining({ name: '李四', idNumber: '2', remark: 'x' }),
    ]);
  });

  it('detects CSV by content even without the .csv extension', async () => {
    const { rows } = await readTable('导出数据', utf8(text), rosterColumns);
    expect(rows).toEqual(expected);
  });

  it('reads tab-separated UTF-16 ("Unicode text" from Excel)', async () => {
    const tsv = '姓名\t身份证号\r\n张三\t1\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
    const { rows } = await readTable('a.txt', bytes, rosterColumns);
    expect(rows).toEqual([{ rowNumber: 2, values: expect.objectContaining({ name: '张三', idNumber: '1' }) }]);
  });

  it('names the missing required columns', async () => {
    const err = await expectError(readTable('a.csv', utf8('名字,号码\n张三,1\n'), rosterColumns), 'MISSING_COLUMNS');
    expect(err.message).toBe('缺少必需的列:姓名、身份证号');
  });

  it('reports an empty file, blank lines only and a header only as EMPTY', async () => {
    await expectError(readTable('a.csv', Buffer.alloc(0), rosterColumns), 'EMPTY');
    await expectError(readTable('a.csv', Buffer.concat([BOM, utf8('\r\n \r\n,,\r\n')]), rosterColumns), 'EMPTY');
    await expectError(readTable('a.csv', utf8('姓名,身份证号\r\n'), rosterColumns), 'EMPTY');
  });

  it('reports text in neither UTF-8 nor GB18030 as ENCODING', async () => {
    // 0x81 must be followed by a GB18030 trail byte; a space is not one, and 0xFF is never valid.
    const bytes = Buffer.concat([utf8('姓名,身份证号\n'), Buffer.from([0x81, 0x20, 0xff, 0x2c, 0x31, 0x0a])]);
    await expectError(readTable('a.csv', bytes, rosterColumns), 'ENCODING');
  });

  it('refuses an unterminated quote as NOT_A_TABLE, not with a parser exception', async () => {
    await expectError(readTable('a.csv', utf8('姓名,身份证号\n"张三,1\n'), rosterColumns), 'NOT_A_TABLE');
  });
});

describe('readTable: files that are not tables', () => {
  function randomBytes(n: number, seed: number): Buffer {
    const out = Buffer.alloc(n);
    let x = seed >>> 0;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  }

  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200, 1)]);
  const pdf = utf8('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
  const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

  it.each([
    ['photo.png', png],
    ['photo.csv', png],
    ['scan.pdf', pdf],
    ['scan.csv', pdf],
    ['data.bin', randomBytes(4096, 42)],
    ['data.csv', randomBytes(4096, 7)],
    ['data.xlsx', randomBytes(4096, 99)],
  ])('%s → NOT_A_TABLE', async (name, bytes) => {
    const err = await expectError(readTable(name, bytes, rosterColumns), 'NOT_A_TABLE');
    expect(err.message).toContain('Excel');
  });

  it('tells the user to save an old .xls as .xlsx', async () => {
    const err = await expectError(readTable('名单.xls', xls, rosterColumns), 'NOT_A_TABLE');
    expect(err.message).toContain('.xlsx');
    expect(err.message).toContain('另存为');
  });

  it('refuses a truncated or corrupt zip without an unhandled exception', async () => {
    const good = await xlsx([['姓名', '身份证号'], ['张三', '1']]);
    await expectError(readTable('a.xlsx', good.subarray(0, Math.floor(good.length / 2)), rosterColumns), 'NOT_A_TABLE');
    await expectError(readTable('a.xlsx', good.subarray(0, 30), rosterColumns), 'NOT_A_TABLE');
    await expectError(readTable('a.xlsx', Buffer.from('PK\x03\x04 not really a zip', 'latin1'), rosterColumns), 'NOT_A_TABLE');
  });

  it('refuses an HTML page saved under a spreadsheet name', async () => {
    const html = utf8('<html><body><table><tr><td>姓名</td></tr></table></body></html>');
    await expectError(readTable('export.xls', html, rosterColumns), 'NOT_A_TABLE');
  });
});

describe('writeXlsx', () => {
  const idColumns: TableColumn[] = [
    { key: 'name', label: '姓名', required: true },
    { key: 'idNumber', label: '身份证号', required: true },
    { key: 'age', label: '年龄' },
    { key: 'remark', label: '备注' },
  ];

  function idNumber(i: number): string {
    // 18 characters, some ending in X, some with leading zeros after the area code.
    const body = `3101${String(i).padStart(6, '0')}${String(19700101 + (i % 28)).slice(0, 8)}`.slice(0, 17);
    return body + (i % 11 === 0 ? 'X' : String(i % 10));
  }

  it('round-trips 5,000 rows through readTable with 18-digit ID numbers exact', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      name: `工人${i}`,
      idNumber: idNumber(i),
      age: i % 7 === 0 ? null : 20 + (i % 40),
      remark: i % 3 === 0 ? '' : `备注,"${i}"\n第二行`,
    }));
    const bytes = await writeXlsx('人员名单', idColumns, rows);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const { rows: back } = await readTable('out.xlsx', bytes, idColumns);
    expect(back).toHaveLength(5000);
    back.forEach((r, i) => {
      const src = rows[i];
      expect(r.rowNumber).toBe(i + 2);
      expect(r.values).toEqual({
        name: src?.name,
        idNumber: src?.idNumber,
        age: src?.age === null || src?.age === undefined ? '' : String(src.age),
        remark: src?.remark,
      });
    });
    expect(back[0]?.values.idNumber).toHaveLength(18);
  });

  it('writes a bold, frozen header, column widths, text cells for strings and numbers as numbers', async () => {
    const bytes = await writeXlsx(
      '名单',
      [
        { key: 'idNumber', label: '身份证号', width: 22 },
        { key: 'age', label: '年龄' },
      ],
      [{ idNumber: '110101198001010010', age: 44 }],
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no worksheet');
    expect(ws.name).toBe('名单');
    expect(ws.getCell('A1').value).toBe('身份证号');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('B1').font?.bold).toBe(true);
    expect(ws.getColumn(1).width).toBe(22);
    expect(ws.getColumn(2).width).toBeGreaterThan(0);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('A2').value).toBe('110101198001010010');
    expect(ws.getCell('A2').numFmt).toBe('@');
    expect(ws.getCell('B2').value).toBe(44);
  });

  it('accepts sheet names Excel would refuse, and an empty table', async () => {
    const bytes = await writeXlsx('人员/名单[2024]:一月?*' + 'x'.repeat(40), idColumns, []);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0]?.name.length).toBeLessThanOrEqual(31);
    await expectError(readTable('out.xlsx', bytes, idColumns), 'EMPTY');
  });

  it('keeps strings that look like formulas as text', async () => {
    const bytes = await writeXlsx('S', idColumns, [{ name: '=1+1', idNumber: '1' }]);
    const { rows } = await readTable('out.xlsx', bytes, idColumns);
    expect(rows[0]?.values.name).toBe('=1+1');
  });
});

describe('writeCsv', () => {
  const cols = [
    { key: 'name', label: '姓名' },
    { key: 'idNumber', label: '身份证号' },
    { key: 'remark', label: '备注' },
    { key: 'n', label: '数量' },
  ];

  it('writes UTF-8 with a BOM, CRLF and RFC 4180 quoting', () => {
    const bytes = writeCsv(cols, [
      { name: '张三', idNumber: '11010119800101001X', remark: 'a,b "c"\nd', n: 3 },
      { name: '李四', idNumber: '310101199001011234', remark: null, n: 0.1 + 0.2 },
    ]);
    expect(bytes.subarray(0, 3)).toEqual(BOM);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      '姓名,身份证号,备注,数量\r\n张三,11010119800101001X,"a,b ""c""\nd",3\r\n李四,310101199001011234,,0.3\r\n',
    );
  });

  it('round-trips through readTable', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      name: i % 5 === 0 ? `"欧阳",${i}` : `工人${i}`,
      idNumber: `3101011990010${String(i).padStart(5, '0')}`,
      remark: i % 4 === 0 ? null : `第一行\r\n第二行,${i}`,
      n: i,
    }));
    const { rows: back } = await readTable('out.csv', writeCsv(cols, rows), cols);
    expect(back).toHaveLength(200);
    back.forEach((r, i) => {
      const src = rows[i];
      expect(r.rowNumber).toBe(i + 2);
      expect(r.values).toEqual({
        name: src?.name,
        idNumber: src?.idNumber,
        remark: src?.remark === null || src?.remark === undefined ? '' : src.remark.replace(/\r\n/g, '\n'),
        n: String(src?.n),
      });
    });
  });
});

describe('helpers', () => {
  it('normalizes headers', () => {
    expect(normalizeHeader(' 身份证号* ')).toBe('身份证号');
    expect(normalizeHeader('*姓 名')).toBe('姓名');
    expect(normalizeHeader('联系电话（手机）')).toBe(normalizeHeader('联系电话(手机)'));
    expect(normalizeHeader('【身份证号】＊')).toBe('身份证号');
    expect(normalizeHeader('ＩＤ\u3000Number')).toBe('idnumber');
  });

  it('formats numbers without exponents, to 15 significant digits', () => {
    expect(plainNumber(110101198001010010)).toBe('110101198001010000');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(-0)).toBe('0');
    expect(plainNumber(-12.5)).toBe('-12.5');
    expect(plainNumber(Number.NaN)).toBe('');
  });
});
