import type { PrintLabels } from './model.js';

/** Who made a document and when: 编制单位 (data folder or --org) and 制表日期 (--date only, never the clock). */
export interface DocumentLabels {
  org?: string | undefined;
  date?: string | undefined;
}

/** Left to be filled in by hand when not given. */
const BLANK_ORG = '＿＿＿＿＿＿＿＿＿＿';
const BLANK_DATE = '＿＿＿＿年＿＿月＿＿日';

const orgText = (l: DocumentLabels): string => `编制单位：${l.org ?? BLANK_ORG}`;
const dateText = (l: DocumentLabels): string => `制表日期：${l.date ?? BLANK_DATE}`;

/** The line under each title: 编制单位, the period, 制表日期, then the data label (withUnits adds the units before it). */
export const headLine = (l: DocumentLabels, period: string, dataLabel: string): string => `${orgText(l)}　${period}　${dateText(l)}${LABEL_MARK}${dataLabel}`;

/** Where the units go in a head line: before the data label. */
export const LABEL_MARK = '　｜　';

/** Page header (编制单位 left, the period right) and footer (制表日期 left) of every printed page. */
export function printLabels(l: DocumentLabels, period: string): PrintLabels {
  return { headerLeft: orgText(l), headerRight: period, footerLeft: dateText(l) };
}
