// exceljs and pdfkit take most of a second to load: they are loaded on first use, not when the app
// starts (web mode answers its first request sooner, the window opens sooner).
import type ExcelJS from 'exceljs';
import type PDFKit from 'pdfkit';

export async function loadExcelJS(): Promise<typeof ExcelJS> {
  const mod = (await import('exceljs')) as unknown as { default?: typeof ExcelJS } & typeof ExcelJS;
  return mod.default ?? mod;
}

export async function loadPDFKit(): Promise<typeof PDFKit> {
  const mod = (await import('pdfkit')) as unknown as { default?: typeof PDFKit } & typeof PDFKit;
  return mod.default ?? mod;
}
