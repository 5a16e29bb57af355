import type { ColumnSpec } from '../../io/headers.js';
import { ALL_ITEMS, ITEMS, type ItemKey } from './limits.js';

/**
 * The optional concentration columns of a quality table (data.md "quality"), one per item,
 * keyed by the item key. Headers match after NFKC, trimming and dropping a bracketed unit, so
 * `氨氮(mg/L)` and `NH3-N` both find 氨氮.
 */
export const CONCENTRATION_COLUMNS: readonly (ColumnSpec & { key: ItemKey })[] = ALL_ITEMS.map((key) => ({
  key,
  header: ITEMS[key].header,
  aliases: ITEMS[key].aliases,
}));

/** The canonical header of an item's column, for messages. */
export function itemHeader(item: ItemKey): string {
  return ITEMS[item].header;
}
