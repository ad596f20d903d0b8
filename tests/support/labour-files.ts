// Reading back what the labour exports wrote: workbooks as rows of cell text (the app's own reader),
// PDFs as text (poppler's pdftotext, through the reports' support).
import { xlsxCells } from '../../electron/services/tabular';
export { pdfText } from '../services/reports-support';

export async function readXlsxRows(bytes: Buffer): Promise<string[][]> {
  return (await xlsxCells(bytes)).map((r) => r.cells);
}
