import type { ColumnSpec } from '../columnSpec.js';
import { ALL_ITEMS, ITEMS, type ItemKey } from './limits.js';

/**
 * The optional concentration columns of a quality table (data.md "quality"), one per item,
 * keyed by the item key. Headers match after NFKC, trimming and setting aside a bracketed unit, so
 * `氨氮(mg/L)` and `NH3-N` both find 氨氮; a value in μg/L is converted to mg/L (io/units.ts).
 */
export const CONCENTRATION_COLUMNS: readonly (ColumnSpec & { key: ItemKey })[] = ALL_ITEMS.map((key) => ({
  key,
  header: ITEMS[key].header,
  aliases: ITEMS[key].aliases,
  unit: ITEMS[key].unit,
}));

/** The canonical header of an item's column, for messages. */
export function itemHeader(item: ItemKey): string {
  return ITEMS[item].header;
}
