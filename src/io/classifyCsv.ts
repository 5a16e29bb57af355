import { CLASSIFY_COLUMNS, type QualityAggregator } from '../domain/gb3838/index.js';
import { streamCsvBatches, type StreamOptions } from './readTable.js';

/**
 * classify's general reading loop for a CSV file (csv-parse, a string per cell): every row into
 * `agg`. It takes every file; the byte-level reader (plainCsvClassify.ts) takes the common plain
 * ones first. False when the header cannot be used (`agg` has said why); read errors are thrown.
 */
export async function aggregateCsv(
  agg: QualityAggregator,
  file: string,
  display: string,
  onRows: (n: number) => void,
  options: StreamOptions = {},
): Promise<boolean> {
  let started = false;
  for await (const batch of streamCsvBatches(file, CLASSIFY_COLUMNS, '水质文件', display, options)) {
    for (const r of batch) {
      if (!started) {
        started = true;
        if (!agg.beginFile(display, (k) => r.has(k))) return false;
      }
      agg.addRow(r);
    }
    onRows(batch.length);
  }
  return true;
}
