// The layout every printed report shares: A4 pages with a running header (the report, the project
// and its date) and a footer "第 N 页 共 M 页", sections, label/value grids, paragraphs, signature
// lines, and tables that break across pages, repeat their header row on every page and never cut
// a row in two. Site offices file these sheets on paper: a row split over two pages is a person
// half lost.
//
// A report is laid out twice by the same code. The first pass only measures, to learn how many
// pages there are; the second draws, with "共 M 页" known from the first page on. pdfkit's other
// way to number pages (bufferPages) keeps every page's drawing operators in memory, one small
// array each, until the end: for a 5,000-person roster that made garbage collection take most of
// the time. Drawn in one go, each page is written out and freed as soon as the next one starts.
//
// A layout is first recorded (recordLayout: its calls as data), then drawn from the record
// (drawPdf), so that the drawing can happen in the report worker process (render.ts, jobs.ts).
import type PDFKit from 'pdfkit';
import { loadPDFKit } from '../lazy-modules';
import { formatYuan } from '../../common/money';
import { ApiError } from '../../common/errors';
import { fontBytes } from './font';
import { fontRuns, markMissing, missingGlyphs } from './glyphs';

export interface ReportHeading {
  /** The report's name, printed as the title and in every page header. */
  title: string;
  projectName: string;
  contractNo: string;
  /** What the header's date is, and the date: 打印日期, 日报日期. */
  dateLabel: string;
  date: string;
  /** Site time the file was made (YYYY-MM-DD HH:mm:ss), printed in the footer. */
  generatedAt: string;
  landscape?: boolean;
  /** A3 for a poster (the 维权信息告示牌); A4 otherwise. */
  size?: 'A4' | 'A3';
  /** A poster has no running header and footer. */
  plain?: boolean;
}

export type Align = 'left' | 'center' | 'right';

export interface ReportColumn {
  label: string;
  /** Share of the page width, relative to the other columns. */
  weight: number;
  align?: Align;
}

export interface CellStyle {
  color?: string;
  bold?: boolean;
  /** Background of the row. */
  fill?: string;
}

export interface ReportRow {
  cells: string[];
  style?: CellStyle;
  /** Amounts in 分 of the columns TableOptions.pageTotals adds up, in the order it names them. */
  sums?: number[];
}

/** 本页小计 at the foot of every page of a table and 合计 after its last row, of amounts in 分. */
export interface PageTotals {
  /** The column the labels go in. */
  labelColumn: number;
  /** The columns added up (each row's `sums`, in this order), printed as 1,234.56. */
  columns: number[];
  pageLabel: string;
  totalLabel: string;
}

export interface TableOptions {
  /** false for a grid without a header row (label/value blocks). */
  header?: boolean;
  fontSize?: number;
  /** Columns drawn as labels: shaded and bold. */
  shadeColumns?: boolean[];
  /** What an empty table says. */
  empty?: string;
  /**
   * Columns whose equal cells in consecutive rows are one cell, as in the standard's forms (the
   * 保证项目 / 一般项目 column of a JGJ 59 table): the text is drawn once across the rows, in the
   * middle, and again on a new page when the block breaks across pages.
   */
  mergeColumns?: number[];
  pageTotals?: PageTotals;
}

const FONT = 'cjk';
const FONT_BOLD = 'cjk-bold';
const FALLBACK = { [FONT]: 'cjk-fallback', [FONT_BOLD]: 'cjk-fallback-bold' } as const;
const MARGIN = { top: 58, bottom: 50, left: 36, right: 36 };
const PAD = 2.5;
const BORDER = '#8c8c8c';
const HEADER_FILL = '#eef1f5';
const TEXT = '#1f1f1f';
const MUTED = '#666666';
/** Rows are laid out in slices between which the event loop runs, so other calls are answered meanwhile. */
const ROWS_PER_SLICE = 200;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A row's measurements: per cell its width when it is one line (placed directly) or null when it wraps, its own height, and the row's height. */
interface Measured {
  oneLine: (number | null)[];
  own: number[];
  height: number;
}

/** What a report's layout calls: the drawing methods of PdfReport, all of them plain data in, nothing out. */
export interface ReportWriter {
  title(text: string): void;
  note(text: string, align?: Align): void;
  section(text: string, keepWith?: number): void;
  paragraph(text: string, size?: number): void;
  gap(points?: number): void;
  fields(pairs: [string, string][], perRow?: number): Promise<void>;
  table(columns: ReportColumn[], rows: ReportRow[], options?: TableOptions): Promise<void>;
  signatures(signers: string[]): void;
  /** Starts the next page (a form of several sheets, one to a page). */
  pageBreak(): void;
  /** Photos side by side, each with its caption, kept whole on a page. */
  images(images: { dataBase64: string; caption: string }[], height?: number): void;
}

export type ReportLayout = (report: ReportWriter) => Promise<void> | void;

/** One call of a layout, as data: what a report process is sent to draw. */
export type ReportOp = { [M in keyof ReportWriter]: { method: M; args: Parameters<ReportWriter[M]> } }[keyof ReportWriter];

const recordedMethods: (keyof ReportWriter)[] = ['title', 'note', 'section', 'paragraph', 'gap', 'fields', 'table', 'signatures', 'pageBreak', 'images'];

/** Runs a layout against a recorder: its calls, in order, to be drawn elsewhere. */
export async function recordLayout(layout: ReportLayout): Promise<ReportOp[]> {
  const ops: ReportOp[] = [];
  const recorder = Object.fromEntries(recordedMethods.map((method) => [method, (...args: unknown[]) => {
    ops.push({ method, args } as ReportOp);
  }])) as unknown as ReportWriter;
  await layout(recorder);
  return ops;
}

/** How far a drawing got: table rows laid out and drawn, of twice the rows (two passes). */
export type DrawProgress = (done: number, total: number) => void;

/** What to do with a character no font has: refuse the report and name it (the default), or print □. */
export type MissingGlyphs = 'refuse' | 'mark';

/**
 * Lays the recorded report out (measuring), then draws it with its page count known, and returns the PDF.
 * A character no font can draw is never printed as a blank (glyphs.ts).
 */
export async function drawPdf(heading: ReportHeading, ops: ReportOp[], missing: MissingGlyphs = 'refuse', onProgress?: DrawProgress): Promise<Buffer> {
  const lacking = missingGlyphs([heading, ops]);
  if (lacking.length > 0) {
    if (missing === 'refuse') {
      const list = lacking.slice(0, 10).map((g) => `“${g.char}”(${g.codePoint},见“${g.in}”)`).join('、');
      throw new ApiError('VALIDATION', `以下字符没有可用的字体,打印出来会是空白:${list}${lacking.length > 10 ? ` 等 ${lacking.length} 个` : ''}。请核对这些字;如仍要打印,缺字处将印为 □,请手工补写`,
        [{ path: 'missingGlyphs', message: lacking.map((g) => g.char).join('') }]);
    }
    heading = markMissing(heading);
    ops = markMissing(ops);
  }
  const rows = ops.reduce((n, op) => n + (op.method === 'table' ? op.args[1].length : 0), 0);
  const report = new PdfReport(heading, await loadPDFKit(), onProgress ? (done) => onProgress(done, 2 * rows) : undefined);
  const replay = async () => {
    for (const op of ops) await (report[op.method] as (...args: unknown[]) => unknown)(...op.args);
  };
  await replay();
  report.startDrawing();
  await replay();
  return report.finish();
}

export class PdfReport implements ReportWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;
  private drawing = false;
  /** Pages begun in the current pass. */
  private pages = 1;
  /** The page count the measuring pass found. */
  private totalPages = 0;
  /** Rows measured in the first pass are not measured again in the second. */
  private readonly measured = new WeakMap<ReportRow, Measured>();

  /** Table rows laid out so far, over both passes (for progress). */
  private rowsDone = 0;

  /** pdfkit is loaded on first use (lazy-modules.ts), so it comes in as an argument. */
  constructor(private readonly heading: ReportHeading, PDFDocument: typeof PDFKit, private readonly onRows?: (done: number) => void) {
    this.doc = new PDFDocument({
      size: heading.size ?? 'A4',
      layout: heading.landscape ? 'landscape' : 'portrait',
      margins: MARGIN,
      info: { Title: `${heading.title} - ${heading.projectName}`, Creator: '工地实名制 · 离线版', Producer: '工地实名制 · 离线版' },
      lang: 'zh-CN',
      displayTitle: true,
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    this.doc.registerFont(FONT, fontBytes('regular'));
    this.doc.registerFont(FONT_BOLD, fontBytes('bold'));
    this.doc.registerFont(FALLBACK[FONT], fontBytes('fallback'));
    this.doc.registerFont(FALLBACK[FONT_BOLD], fontBytes('fallback-bold'));
    this.doc.font(FONT).fontSize(10).fillColor(TEXT);
    this.doc.y = MARGIN.top;
  }

  /** Ends the measuring pass: the same layout now draws, from the top of page 1. */
  startDrawing(): void {
    this.totalPages = this.pages;
    this.drawing = true;
    this.pages = 1;
    this.decoratePage();
    this.doc.y = MARGIN.top;
  }

  async finish(): Promise<Buffer> {
    // Both passes run the same code over the same measurements; a difference is a bug here.
    if (this.pages !== this.totalPages) throw new Error(`report laid out on ${this.totalPages} pages but drawn on ${this.pages}`);
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }

  private get left(): number {
    return MARGIN.left;
  }

  private get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  /** The lowest y content may reach; the footer lives below it. */
  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Height of a page's body, the most a block can have. */
  private get bodyHeight(): number {
    return this.bottom - MARGIN.top;
  }

  private newPage(): void {
    this.pages++;
    if (this.drawing) {
      this.doc.addPage();
      this.decoratePage();
    }
    this.doc.y = MARGIN.top;
  }

  /** The running header and the footer with "第 N 页 共 M 页". */
  private decoratePage(): void {
    if (this.heading.plain) return;
    const doc = this.doc;
    const h = this.heading;
    const { width, height } = doc.page;
    const inner = width - MARGIN.left - MARGIN.right;
    // Text below the bottom margin would make pdfkit start a page of its own.
    doc.page.margins.bottom = 0;
    doc.font(FONT).fontSize(8.5).fillColor(MUTED);
    const right = `${h.dateLabel}:${h.date}`;
    const rightWidth = doc.widthOfString(right) + 4;
    doc.text(`${h.title} · ${h.projectName}(合同报送编号 ${h.contractNo})`, MARGIN.left, 30, {
      width: inner - rightWidth - 10, height: 12, ellipsis: true,
    });
    doc.text(right, width - MARGIN.right - rightWidth, 30, { lineBreak: false });
    doc.lineWidth(0.5).strokeColor('#b0b0b0').moveTo(MARGIN.left, 44).lineTo(width - MARGIN.right, 44).stroke();

    const footerY = height - MARGIN.bottom + 18;
    doc.fontSize(8);
    doc.text('工地实名制 · 离线版', MARGIN.left, footerY, { lineBreak: false });
    const made = `生成时间 ${h.generatedAt}`;
    doc.text(made, width - MARGIN.right - doc.widthOfString(made), footerY, { lineBreak: false });
    doc.fillColor(TEXT).fontSize(9);
    const pageNumber = `第 ${this.pages} 页 共 ${this.totalPages} 页`;
    doc.text(pageNumber, (width - doc.widthOfString(pageNumber)) / 2, footerY, { lineBreak: false });
    doc.page.margins.bottom = MARGIN.bottom;
    doc.font(FONT).fontSize(10);
  }

  /** Starts a new page unless `height` still fits on this one; true when it started one. */
  ensure(height: number): boolean {
    if (this.doc.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }

  gap(points = 6): void {
    this.doc.y += points;
  }

  /**
   * pdfkit's text, with the characters the main font lacks drawn in the fallback font: the text is
   * cut into runs and drawn as one continued paragraph, so wrapping and alignment hold across them.
   */
  private text(text: string, font: typeof FONT | typeof FONT_BOLD, x: number, y: number, options: PDFKit.Mixins.TextOptions): void {
    const doc = this.doc;
    const runs = fontRuns(text);
    if (runs.length === 1 && !runs[0]!.fallback) {
      doc.text(text, x, y, options);
      return;
    }
    runs.forEach((run, i) => {
      doc.font(run.fallback ? FALLBACK[font] : font);
      const continued = i < runs.length - 1;
      if (i === 0) doc.text(run.text, x, y, { ...options, continued });
      else doc.text(run.text, { ...options, continued });
    });
    doc.font(font);
  }

  /** A block of text that is never split: moved to the next page when it does not fit, clipped only if taller than a page. */
  private block(text: string, font: string, size: number, color: string, align: Align, indent = 0): void {
    const doc = this.doc;
    doc.font(font).fontSize(size);
    const width = this.width - indent;
    const height = Math.min(doc.heightOfString(text, { width, lineGap: 2 }), this.bodyHeight);
    this.ensure(height);
    const y = doc.y;
    if (this.drawing) {
      doc.fillColor(color);
      this.text(text, font === FONT_BOLD ? FONT_BOLD : FONT, this.left + indent, y, { width, align, lineGap: 2, height: height + 1, ellipsis: true });
      doc.fillColor(TEXT);
    }
    doc.y = y + height;
  }

  title(text: string): void {
    this.block(text, FONT_BOLD, 17, TEXT, 'center');
    this.gap(4);
  }

  /** A line of small text under the title: filters, totals. */
  note(text: string, align: Align = 'left'): void {
    this.block(text, FONT, 9, MUTED, align);
    this.gap(3);
  }

  /** A section heading, kept on the page with at least `keepWith` points of what follows. */
  section(text: string, keepWith = 40): void {
    this.gap(6);
    this.ensure(20 + keepWith);
    const y = this.doc.y;
    if (this.drawing) {
      this.doc.rect(this.left, y, 3, 14).fill('#3a6ea5');
      this.doc.font(FONT_BOLD).fontSize(11).fillColor(TEXT);
      this.text(text, FONT_BOLD, this.left + 8, y + 1.5, { lineBreak: false });
    }
    this.doc.y = y + 19;
  }

  /** Running text; each line of it (as typed) stays whole on a page. */
  paragraph(text: string, size = 10): void {
    for (const line of text.split('\n')) this.block(line === '' ? ' ' : line, FONT, size, TEXT, 'left');
    this.gap(2);
  }

  /**
   * Label/value pairs as a bordered grid, `perRow` pairs to a line, the labels shaded: the
   * printed form's 个人信息 and similar blocks.
   */
  async fields(pairs: [string, string][], perRow = 2): Promise<void> {
    const columns: ReportColumn[] = [];
    for (let i = 0; i < perRow; i++) columns.push({ label: '', weight: 1 }, { label: '', weight: perRow === 1 ? 4 : 2 });
    const rows: ReportRow[] = [];
    for (let i = 0; i < pairs.length; i += perRow) {
      const cells: string[] = [];
      for (let j = 0; j < perRow; j++) cells.push(pairs[i + j]?.[0] ?? '', pairs[i + j]?.[1] ?? '');
      rows.push({ cells });
    }
    await this.table(columns, rows, { header: false, fontSize: 9.5, shadeColumns: columns.map((_, i) => i % 2 === 0) });
  }

  /**
   * A table that flows over as many pages as it needs. Before a row that does not fit, a new page
   * starts and the header row is drawn again; a row is never split. A row taller than a whole page
   * (which no real record is) is clipped with an ellipsis rather than left to break the layout.
   * Few operators per row: colours set only when they change, one-line cells placed directly
   * instead of through the line wrapper, and the grid stroked once per page.
   */
  async table(columns: ReportColumn[], rows: ReportRow[], options: TableOptions = {}): Promise<void> {
    const doc = this.doc;
    const fontSize = options.fontSize ?? 9;
    const showHeader = options.header ?? true;
    const total = columns.reduce((sum, c) => sum + c.weight, 0);
    const widths = columns.map((c) => (c.weight / total) * this.width);
    const edges = widths.reduce<number[]>((xs, w) => [...xs, (xs[xs.length - 1] ?? this.left) + w], [this.left]);
    doc.font(FONT).fontSize(fontSize);
    // Noto Sans CJK's line gap is half an em, all of it below the text: tables use less of it, and
    // put the text in the middle of what is left, so that a row is compact and its text centred.
    const lineGap = -0.2 * fontSize;
    const lineHeight = doc.currentLineHeight(true) + lineGap;
    const nudge = (lineHeight - doc.currentLineHeight(false)) / 2;
    let fontNow = '';
    let colorNow = '';
    const useFont = (bold: boolean): void => {
      const name = bold ? FONT_BOLD : FONT;
      if (name !== fontNow) doc.font(name).fontSize(fontSize);
      fontNow = name;
    };
    const useColor = (color: string): void => {
      if (color !== colorNow) doc.fillColor(color);
      colorNow = color;
    };
    const isBold = (style: CellStyle, i: number) => style.bold === true || options.shadeColumns?.[i] === true;

    const measure = (cells: string[], bold: (i: number) => boolean, cellWidths = widths): Measured => {
      const oneLine: (number | null)[] = [];
      const own: number[] = [];
      cells.forEach((text, i) => {
        useFont(bold(i));
        const inner = (cellWidths[i] ?? 0) - 2 * PAD;
        const w = text.includes('\n') ? Infinity : doc.widthOfString(text);
        // Most cells are one short line: measuring the width is much cheaper than wrapping.
        if (w <= inner) {
          oneLine.push(w);
          own.push(lineHeight);
        } else {
          oneLine.push(null);
          own.push(doc.heightOfString(text, { width: inner, lineGap }));
        }
      });
      return { oneLine, own, height: Math.max(lineHeight, ...own) + 2 * PAD };
    };
    const mergedColumns = options.mergeColumns ?? [];
    const measureRow = (row: ReportRow): Measured => {
      let m = this.measured.get(row);
      if (!m) {
        m = measure(row.cells, (i) => isBold(row.style ?? {}, i));
        // A merged cell spreads over its rows: it does not make its first row taller.
        if (mergedColumns.length > 0) m = { ...m, height: Math.max(lineHeight, ...m.own.filter((_, i) => !mergedColumns.includes(i))) + 2 * PAD };
        this.measured.set(row, m);
      }
      return m;
    };

    // The grid of the rows on the current page, stroked once the page's rows are drawn. A rule
    // below a row leaves out the merged columns that carry on into the next row, except the
    // page's last rule, which closes the table there.
    let gridTop = doc.y;
    const rules: { y: number; skip: number[] }[] = [];
    const strokeGrid = (cellEdges = edges): void => {
      if (!this.drawing || rules.length === 0) {
        rules.length = 0;
        return;
      }
      const bottom = rules[rules.length - 1]!.y;
      doc.lineWidth(0.5).strokeColor(BORDER);
      doc.moveTo(this.left, gridTop).lineTo(this.left + this.width, gridTop);
      rules.forEach(({ y, skip }, i) => {
        if (skip.length === 0 || i === rules.length - 1) {
          doc.moveTo(this.left, y).lineTo(this.left + this.width, y);
          return;
        }
        for (let c = 0; c < cellEdges.length - 1; c++) if (!skip.includes(c)) doc.moveTo(cellEdges[c]!, y).lineTo(cellEdges[c + 1]!, y);
      });
      for (const x of cellEdges) doc.moveTo(x, gridTop).lineTo(x, bottom);
      doc.stroke();
      rules.length = 0;
    };

    const merged = mergedColumns;
    /** Whether row r's cell in column c is the same cell as the one above it. */
    const continues = (r: number, c: number): boolean => r > 0 && r < rows.length && rows[r]!.cells[c] !== '' && rows[r]!.cells[c] === rows[r - 1]!.cells[c];

    const aligns = columns.map((c) => c.align ?? 'left');
    /**
     * `spans`: for a merged column, the height the cell's text is centred in (its block on this
     * page), or 0 where the cell carries on from the row above and draws nothing.
     */
    const drawRow = (cells: string[], height: number, style: CellStyle, isHeader: boolean, m: Measured, cellEdges = edges, cellAligns = aligns, spans: Map<number, number> = new Map(), skip: number[] = []): void => {
      const y = doc.y;
      rules.push({ y: y + height, skip });
      if (!this.drawing) return;
      if (style.fill) doc.rect(this.left, y, this.width, height).fill(style.fill);
      cells.forEach((_, i) => {
        if (!isHeader && !style.fill && options.shadeColumns?.[i]) doc.rect(cellEdges[i]!, y, cellEdges[i + 1]! - cellEdges[i]!, height).fill(HEADER_FILL);
      });
      colorNow = '';
      cells.forEach((text, i) => {
        if (text === '' || spans.get(i) === 0) return;
        useFont(isHeader || isBold(style, i));
        useColor(isHeader ? TEXT : style.color ?? TEXT);
        const x = cellEdges[i]! + PAD;
        const inner = cellEdges[i + 1]! - cellEdges[i]! - 2 * PAD;
        const cellHeight = spans.get(i) ?? height;
        const own = Math.min(m.own[i]!, cellHeight - 2 * PAD);
        // Short cells sit in the middle of a tall row (or of their merged block), as in a spreadsheet.
        const top = y + PAD + Math.max(0, (cellHeight - 2 * PAD - own) / 2) + nudge;
        const align = isHeader ? 'center' : cellAligns[i] ?? 'left';
        const single = m.oneLine[i];
        if (single !== null && single !== undefined) {
          const dx = align === 'center' ? (inner - single) / 2 : align === 'right' ? inner - single : 0;
          this.text(text, fontNow === FONT_BOLD ? FONT_BOLD : FONT, x + dx, top, { lineBreak: false });
        } else {
          // The height keeps pdfkit from breaking the page inside a cell; only a row clipped to a
          // page's height loses text, to the ellipsis. pdfkit decides whether one more line fits
          // (and where the ellipsis goes) with the font's full line height, ignoring the negative
          // gap, so it is given twice that gap, and a point against rounding, beyond the cell.
          this.text(text, fontNow === FONT_BOLD ? FONT_BOLD : FONT, x, top, { width: inner, align, lineGap, height: y + cellHeight - PAD + nudge - top - 2 * lineGap + 1, ellipsis: true });
        }
      });
      // Drawing text moves pdfkit's cursor; the layout's cursor is the row's top, as in the measuring pass.
      doc.y = y;
    };

    const headerCells = columns.map((c) => c.label);
    const headerMeasure = showHeader ? measure(headerCells, () => true) : null;
    const headerHeight = headerMeasure?.height ?? 0;
    const tallest = this.bodyHeight - headerHeight;

    const startSegment = (): void => {
      gridTop = doc.y;
      if (!headerMeasure) return;
      drawRow(headerCells, headerHeight, { fill: HEADER_FILL }, true, headerMeasure);
      doc.y += headerHeight;
    };

    if (rows.length === 0) {
      // One cell across the table saying why it is empty.
      const cells = [options.empty ?? '(无)'];
      const across = [this.left, this.left + this.width];
      const m = measure(cells, () => false, [this.width]);
      this.ensure(headerHeight + m.height);
      startSegment();
      strokeGrid();
      gridTop = doc.y;
      drawRow(cells, m.height, { color: MUTED }, false, m, across, ['center']);
      doc.y += m.height;
      strokeGrid(across);
      doc.font(FONT).fontSize(10).fillColor(TEXT);
      return;
    }

    // 本页小计 (and 合计 after the last row): room is kept for them under the rows of every page.
    const totals = options.pageTotals;
    const totalRow = (label: string, from: number, to: number): ReportRow => {
      const cells = columns.map(() => '');
      cells[totals!.labelColumn] = label;
      totals!.columns.forEach((c, k) => {
        let sum = 0;
        for (let i = from; i < to; i++) sum += rows[i]!.sums?.[k] ?? 0;
        cells[c] = formatYuan(sum);
      });
      return { cells, style: { bold: true, fill: '#f3f4f6' } };
    };
    const totalHeight = totals ? measure(totalRow(totals.pageLabel, 0, 0).cells, () => true).height : 0;
    const drawTotal = (row: ReportRow): void => {
      const m = measure(row.cells, () => true);
      drawRow(row.cells, m.height, row.style!, false, m, edges, aligns);
      doc.y += m.height;
    };
    const heightOf = (r: number) => Math.min(measureRow(rows[r]!).height, tallest);
    let segmentStart = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const m = measureRow(row);
      const height = heightOf(r);
      const reserve = totals ? totalHeight * (r === rows.length - 1 ? 2 : 1) : 0;
      if (r === 0) {
        // The header never stands alone at the foot of a page.
        this.ensure(headerHeight + height + reserve);
        startSegment();
      } else if (doc.y + height + reserve > this.bottom) {
        if (totals) drawTotal(totalRow(totals.pageLabel, segmentStart, r));
        strokeGrid();
        this.newPage();
        startSegment();
        segmentStart = r;
      }
      // A merged block starts here, or carries on from above; it reaches as far down as its rows
      // fit on this page (the same test that breaks the page).
      const spans = new Map<number, number>();
      for (const c of merged) {
        if (continues(r, c) && r !== segmentStart) {
          spans.set(c, 0);
          continue;
        }
        let span = height;
        for (let k = r + 1, y = doc.y + height; continues(k, c) && y + heightOf(k) <= this.bottom; y += heightOf(k), k++) span += heightOf(k);
        spans.set(c, span);
      }
      const skip = merged.filter((c) => continues(r + 1, c));
      drawRow(row.cells, height, row.style ?? {}, false, m, edges, aligns, spans, skip);
      doc.y += height;
      this.rowsDone++;
      if (r % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) {
        this.onRows?.(this.rowsDone);
        await nextTurn();
      }
    }
    if (totals) {
      drawTotal(totalRow(totals.pageLabel, segmentStart, rows.length));
      drawTotal(totalRow(totals.totalLabel, 0, rows.length));
    }
    this.onRows?.(this.rowsDone);
    strokeGrid();
    doc.font(FONT).fontSize(10).fillColor(TEXT);
  }

  pageBreak(): void {
    if (this.doc.y > MARGIN.top) this.newPage();
  }

  images(images: { dataBase64: string; caption: string }[], height = 150): void {
    const doc = this.doc;
    const perRow = 3;
    const gap = 10;
    const width = (this.width - gap * (perRow - 1)) / perRow;
    for (let i = 0; i < images.length; i += perRow) {
      this.ensure(height + 16);
      const y = doc.y;
      images.slice(i, i + perRow).forEach((image, j) => {
        const x = this.left + j * (width + gap);
        if (!this.drawing) return;
        try {
          doc.image(Buffer.from(image.dataBase64, 'base64'), x, y, { fit: [width, height], align: 'center', valign: 'center' });
        } catch {
          doc.font(FONT).fontSize(9).fillColor(MUTED).text('(图片无法显示)', x, y + height / 2, { width, align: 'center', lineBreak: false });
        }
        doc.rect(x, y, width, height).lineWidth(0.5).strokeColor(BORDER).stroke();
        doc.font(FONT).fontSize(8.5).fillColor(MUTED);
        this.text(image.caption, FONT, x, y + height + 2, { width, align: 'center', height: 12, ellipsis: true });
        doc.fillColor(TEXT);
      });
      doc.y = y + height + 16;
    }
  }

  /** Lines to sign and date by hand: one per signer. */
  signatures(signers: string[]): void {
    const doc = this.doc;
    this.gap(16);
    this.ensure(signers.length * 30);
    doc.font(FONT).fontSize(10.5).fillColor(TEXT);
    for (const signer of signers) {
      const y = doc.y;
      if (this.drawing) {
        this.text(`${signer}:`, FONT, this.left, y, { lineBreak: false });
        doc.lineWidth(0.6).strokeColor(TEXT).moveTo(this.left + 150, y + 13).lineTo(this.left + 320, y + 13).stroke();
        doc.text('日期:', this.left + 335, y, { lineBreak: false });
        doc.moveTo(this.left + 370, y + 13).lineTo(this.left + 480, y + 13).stroke();
      }
      doc.y = y + 30;
    }
  }
}
