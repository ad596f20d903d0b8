// The Chinese font of every PDF: Noto Sans SC (思源黑体) from the @embedpdf/fonts-sc npm package,
// so the app prints offline and on a PC without Chinese fonts installed. It has the rare characters
// of real names (喆 堃 玥 …), which the GB2312 fonts of many office PCs lack. pdfkit embeds only the
// glyphs a document uses (a subset), so a one-page form stays small although the font is 8 MB.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ApiError } from '../../common/errors';

export type FontWeight = 'regular' | 'bold' | 'fallback' | 'fallback-bold';

/** The main font, and Noto Sans TC for the Extension B characters it lacks (glyphs.ts). */
const FONT_FILES: Record<FontWeight, { pkg: string; file: string }> = {
  regular: { pkg: '@embedpdf/fonts-sc', file: 'NotoSansHans-Regular.otf' },
  bold: { pkg: '@embedpdf/fonts-sc', file: 'NotoSansHans-Bold.otf' },
  fallback: { pkg: '@embedpdf/fonts-tc', file: 'NotoSansHant-Regular.otf' },
  'fallback-bold': { pkg: '@embedpdf/fonts-tc', file: 'NotoSansHant-Bold.otf' },
};

/**
 * The package's `exports` map names only its index, so `<package>/package.json` cannot be
 * resolved; its main file (dist/index.cjs) can, and the fonts sit in ../fonts beside it. Resolving
 * through Node (not a path relative to this file) works from the sources, from the esbuild bundle
 * in dist/ (where the package stays external) and from a packaged app.
 */
export function fontDirectory(pkg = '@embedpdf/fonts-sc'): string {
  const requireHere = createRequire(__filename);
  const main = requireHere.resolve(pkg);
  return path.resolve(path.dirname(main), '..', 'fonts');
}

const cache = new Map<FontWeight, Buffer>();

/** The font file's bytes, read once: every document parses its own copy, the disk is read once. */
export function fontBytes(weight: FontWeight): Buffer {
  const cached = cache.get(weight);
  if (cached) return cached;
  let bytes: Buffer;
  try {
    const { pkg, file } = FONT_FILES[weight];
    bytes = fs.readFileSync(path.join(fontDirectory(pkg), file));
  } catch {
    throw new ApiError('INTERNAL', `缺少中文字体文件(${FONT_FILES[weight].pkg}),无法生成 PDF,请重新安装本程序`);
  }
  cache.set(weight, bytes);
  return bytes;
}
