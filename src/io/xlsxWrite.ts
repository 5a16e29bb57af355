import type { WorkbookModel } from '../report/model.js';

/**
 * Any WorkbookModel to xlsx bytes. Printable (A4, landscape unless the sheet says otherwise, fit
 * to width, header rows repeated), frozen header, autofilter; deterministic (the model's date is
 * the only time in it). Written by xlsxDirect.ts, the same bytes exceljs writes; exceljs
 * (xlsxExceljs.ts) when `writer` says so or ECOCOMP_XLSX_WRITER=exceljs — each loaded only when used.
 *
 * `deflateBacklog`: how far a sheet's deflate may fall behind (tests set 0).
 */
export async function renderWorkbook(
  model: WorkbookModel,
  options: { maxRows?: number; deflateBacklog?: number; writer?: 'direct' | 'exceljs' } = {},
): Promise<Buffer> {
  const writer = options.writer ?? (process.env.ECOCOMP_XLSX_WRITER === 'exceljs' ? 'exceljs' : 'direct');
  if (writer === 'direct') return (await import('./xlsxDirect.js')).renderWorkbookDirect(model, options);
  return (await import('./xlsxExceljs.js')).renderWorkbookExceljs(model, options);
}
