// Test support for the PDFs, exports and the roster import: reading PDFs back with poppler
// (pdftotext, pdfinfo, pdffonts), rosters of people with rare-character names and valid ID
// numbers, and import files built with the app's own writers.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeCheckCharacter } from '../../electron/common/idnumber';
import type { GeneratedFile } from '../../electron/common/contract-reports';
import { writeCsv, writeXlsx } from '../../electron/services/tabular';
import type { TestApp } from '../support/app';
import { tool } from '../support/tools';

// ---- PDFs, read back with poppler-utils

function withTempFile<T>(bytes: Buffer, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-pdf-'));
  const file = path.join(dir, 'report.pdf');
  fs.writeFileSync(file, bytes);
  try {
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfBytes(file: GeneratedFile): Buffer {
  return Buffer.from(file.dataBase64, 'base64');
}

/** `pdftotext -layout`, one string per page (pdftotext ends every page with a form feed). */
export function pdfPages(bytes: Buffer): string[] {
  const text = withTempFile(bytes, (file) => execFileSync(tool('pdftotext'), ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  const pages = text.split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages;
}

export function pdfText(bytes: Buffer): string {
  return pdfPages(bytes).join('\n');
}

export function pdfPageCount(bytes: Buffer): number {
  const info = withTempFile(bytes, (file) => execFileSync(tool('pdfinfo'), [file], { encoding: 'utf8' }));
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
}

export interface PdfFont { name: string; embedded: boolean; subset: boolean; unicode: boolean }

/** pdffonts: name, type (several words), encoding, then emb sub uni and the object number. */
export function pdfFonts(bytes: Buffer): PdfFont[] {
  const out = withTempFile(bytes, (file) => execFileSync(tool('pdffonts'), [file], { encoding: 'utf8' }));
  return out.split('\n').slice(2).filter((l) => l.trim() !== '').map((line) => {
    const cols = line.trim().split(/\s+/);
    const n = cols.length;
    return { name: cols[0] ?? '', embedded: cols[n - 5] === 'yes', subset: cols[n - 4] === 'yes', unicode: cols[n - 3] === 'yes' };
  });
}

/** "第 N 页 共 M 页" of one page's text, or null. */
export function pageNumberOf(page: string): { n: number; of: number } | null {
  const m = /第\s*(\d+)\s*页\s*共\s*(\d+)\s*页/.exec(page);
  return m ? { n: Number(m[1]), of: Number(m[2]) } : null;
}

// ---- people

/** Given names with the characters GB2312 fonts lack (喆 堃 玥 犇 淼 昇 珺 甯), so a missing glyph shows. */
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN_1 = ['喆', '堃', '玥', '犇', '淼', '昇', '珺', '甯', '建', '秀'];
const GIVEN_2 = ['伟', '芳', '军', '洋', '敏', '静', '磊', '强', '丽', '涛', '华', '平'];

/** The nth of 2,400 distinct three-character names. */
export function rareName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]}${GIVEN_1[Math.floor(n / SURNAMES.length) % GIVEN_1.length]}${GIVEN_2[Math.floor(n / (SURNAMES.length * GIVEN_1.length)) % GIVEN_2.length]}`;
}

/** The nth of many distinct valid ID numbers (江苏 昆山, born in the 1980s). */
export function nthId(n: number): string {
  const born = new Date(Date.UTC(1980, 0, 1) + Math.floor(n / 900) * 86400000);
  const ymd = `${born.getUTCFullYear()}${String(born.getUTCMonth() + 1).padStart(2, '0')}${String(born.getUTCDate()).padStart(2, '0')}`;
  const first17 = `320583${ymd}${String(100 + (n % 900)).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

export function nthPhone(n: number): string {
  return `139${String(10000000 + n).padStart(8, '0')}`;
}

export interface RosterLine {
  身份证号: string;
  姓名: string;
  人员类别?: string;
  出发地省份: string;
  出发地城市: string;
  用人单位: string;
  手机号: string;
  预登记日期?: string;
}

export const ROSTER_LABELS = ['身份证号', '姓名', '人员类别', '出发地省份', '出发地城市', '用人单位', '手机号', '预登记日期'] as const;

export function rosterLines(count: number, employer: string | ((n: number) => string), first = 0): RosterLine[] {
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    return {
      身份证号: nthId(n),
      姓名: rareName(n),
      人员类别: n % 10 === 9 ? '现场管理人员' : '作业人员',
      出发地省份: n % 2 === 0 ? '江苏省' : '安徽',
      出发地城市: n % 2 === 0 ? '苏州市' : '阜阳',
      用人单位: typeof employer === 'string' ? employer : employer(n),
      手机号: nthPhone(n),
      预登记日期: '2020-02-1' + (n % 7),
    };
  });
}

export function rosterXlsx(lines: RosterLine[]): Promise<Buffer> {
  return writeXlsx('进场预登记名册', ROSTER_LABELS.map((l) => ({ key: l, label: l })), lines as unknown as Record<string, string>[]);
}

export function rosterCsv(lines: RosterLine[]): Buffer {
  return writeCsv(ROSTER_LABELS.map((l) => ({ key: l, label: l })), lines as unknown as Record<string, string>[]);
}

export async function importRoster(t: TestApp, token: string, bytes: Buffer, commit: boolean, fileName = '进场预登记名册.xlsx') {
  return t.call('persons.import', { fileName, dataBase64: bytes.toString('base64'), commit }, token);
}
