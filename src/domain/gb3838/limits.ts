/**
 * GB 3838-2002《地表水环境质量标准》表1 as data (gb3838.md W1), with the decimals each monthly mean
 * is rounded to before comparing (W3).
 *
 * Sources: GB 3838-2002 表1 (基本项目标准限值); 《地表水环境质量评价办法（试行）》(环办〔2011〕22号);
 * 《地表水环境质量监测数据统计技术规定（试行）》(环办监测函〔2020〕82号) for the decimals;
 * GB/T 8170 for rounding. Limits in mg/L, pH unitless. This is the only place the table lives.
 */

export type Waterbody = 'river' | 'lake';

/** How a value meets a limit (W2): at most the limit, at least the limit (DO), or inside 6–9 (pH). */
type LimitKind = 'max' | 'min' | 'range';

/** Short ASCII keys for the items, in the order of 表1. */
const COUNTED_ITEMS = [
  'ph',
  'do',
  'codmn',
  'cod',
  'bod5',
  'nh3n',
  'tp',
  'cu',
  'zn',
  'f',
  'se',
  'as',
  'hg',
  'cd',
  'cr6',
  'pb',
  'cn',
  'phenol',
  'oil',
  'las',
  'sulfide',
] as const;

/** Reference items: reported, never counted in a section's class (W1). */
const REFERENCE_ITEMS = ['temp', 'tn', 'fcoli'] as const;

export type CountedItem = (typeof COUNTED_ITEMS)[number];
type ReferenceItem = (typeof REFERENCE_ITEMS)[number];
export type ItemKey = CountedItem | ReferenceItem;

export const ALL_ITEMS: readonly ItemKey[] = [...COUNTED_ITEMS, ...REFERENCE_ITEMS];

export interface ItemDef {
  key: ItemKey;
  /** Chinese name as written in 主要污染指标 and messages. */
  name: string;
  /** Canonical column header. */
  header: string;
  /** Header spellings also accepted (matched after NFKC, trimming and dropping a bracketed unit). */
  aliases: readonly string[];
  unit: string;
  /** Decimals the mean is rounded to (W3). */
  decimals: number;
  kind: LimitKind;
  /** Limits for Ⅰ…Ⅴ as decimal strings; empty for pH and reference items. */
  limits: readonly [string, string, string, string, string] | null;
  /** 总磷 in lakes and reservoirs (W1). */
  lakeLimits?: readonly [string, string, string, string, string];
  /** Cyanide and the heavy metals Hg, Cd, Cr6, Pb, As: listed first in 主要污染指标 (W4). */
  priority: boolean;
  reference: boolean;
}

const d = (
  key: ItemKey,
  name: string,
  header: string,
  aliases: readonly string[],
  decimals: number,
  kind: LimitKind,
  limits: ItemDef['limits'],
  priority = false,
  unit = 'mg/L',
): ItemDef => ({
  key,
  name,
  header,
  aliases,
  unit,
  decimals,
  kind,
  limits,
  priority,
  reference: false,
});

/**
 * W1 limits and W3 decimals. pH is 6–9 for every class (outside → 劣Ⅴ); 溶解氧 is a lower bound.
 * **Reading** for the reference items, which W3 gives no decimals for: 水温 1, 总氮 2,
 * 粪大肠菌群 0 (they are only reported).
 */
export const ITEMS: Readonly<Record<ItemKey, ItemDef>> = {
  ph: { ...d('ph', 'pH', 'pH', ['pH值', 'ph_value'], 0, 'range', null), unit: '无量纲' },
  do: d('do', '溶解氧', '溶解氧', ['DO'], 1, 'min', ['7.5', '6', '5', '3', '2']),
  codmn: d('codmn', '高锰酸盐指数', '高锰酸盐指数', ['CODMn', 'COD_Mn', 'IMn'], 1, 'max', ['2', '4', '6', '10', '15']),
  cod: d('cod', '化学需氧量', '化学需氧量', ['COD', 'CODCr', 'COD_Cr'], 1, 'max', ['15', '15', '20', '30', '40']),
  bod5: d('bod5', '五日生化需氧量', '五日生化需氧量', ['BOD5', 'BOD_5', 'BOD'], 1, 'max', ['3', '3', '4', '6', '10']),
  nh3n: d('nh3n', '氨氮', '氨氮', ['NH3-N', 'NH3N', 'NH3_N', 'ammonia'], 2, 'max', ['0.15', '0.5', '1.0', '1.5', '2.0']),
  tp: {
    ...d('tp', '总磷', '总磷', ['TP', 'total_phosphorus'], 3, 'max', ['0.02', '0.1', '0.2', '0.3', '0.4']),
    lakeLimits: ['0.01', '0.025', '0.05', '0.1', '0.2'],
  },
  cu: d('cu', '铜', '铜', ['Cu'], 3, 'max', ['0.01', '1.0', '1.0', '1.0', '1.0']),
  zn: d('zn', '锌', '锌', ['Zn'], 3, 'max', ['0.05', '1.0', '1.0', '2.0', '2.0']),
  f: d('f', '氟化物', '氟化物', ['F', 'fluoride'], 3, 'max', ['1.0', '1.0', '1.0', '1.5', '1.5']),
  se: d('se', '硒', '硒', ['Se'], 4, 'max', ['0.01', '0.01', '0.01', '0.02', '0.02']),
  as: d('as', '砷', '砷', ['As'], 4, 'max', ['0.05', '0.05', '0.05', '0.1', '0.1'], true),
  hg: d('hg', '汞', '汞', ['Hg'], 5, 'max', ['0.00005', '0.00005', '0.0001', '0.001', '0.001'], true),
  cd: d('cd', '镉', '镉', ['Cd'], 5, 'max', ['0.001', '0.005', '0.005', '0.005', '0.01'], true),
  cr6: d('cr6', '六价铬', '六价铬', ['Cr6', 'Cr6+', 'Cr(VI)', 'CrVI'], 3, 'max', ['0.01', '0.05', '0.05', '0.05', '0.1'], true),
  pb: d('pb', '铅', '铅', ['Pb'], 3, 'max', ['0.01', '0.01', '0.05', '0.05', '0.1'], true),
  cn: d('cn', '氰化物', '氰化物', ['CN', 'cyanide'], 3, 'max', ['0.005', '0.05', '0.2', '0.2', '0.2'], true),
  phenol: d('phenol', '挥发酚', '挥发酚', ['phenol', 'volatile_phenol'], 4, 'max', ['0.002', '0.002', '0.005', '0.01', '0.1']),
  oil: d('oil', '石油类', '石油类', ['oil', 'petroleum'], 2, 'max', ['0.05', '0.05', '0.05', '0.5', '1.0']),
  las: d('las', '阴离子表面活性剂', '阴离子表面活性剂', ['LAS', 'surfactant'], 2, 'max', ['0.2', '0.2', '0.2', '0.3', '0.3']),
  sulfide: d('sulfide', '硫化物', '硫化物', ['sulfide', 'sulphide', 'S2-'], 3, 'max', ['0.05', '0.1', '0.2', '0.5', '1.0']),
  temp: { ...d('temp', '水温', '水温', ['water_temp', 'temperature', 'WT'], 1, 'max', null, false, '℃'), reference: true },
  tn: { ...d('tn', '总氮', '总氮', ['TN', 'total_nitrogen'], 2, 'max', null), reference: true },
  fcoli: { ...d('fcoli', '粪大肠菌群', '粪大肠菌群', ['fecal_coliform', 'faecal_coliform', 'FC'], 0, 'max', null, false, '个/L'), reference: true },
};

/** pH limits for every class (W1). */
export const PH_RANGE = { min: '6', max: '9' } as const;

/**
 * Bounds beyond which a value is impossible, not merely bad (issue 6). DO: saturation in fresh
 * water is about 14.6 mg/L at 0 ℃; supersaturation in algal blooms stays below 20 mg/L, so a
 * value above 20 is taken as a data-entry error. 水温 outside −1…50 ℃ likewise.
 */
export const DO_MAX = '20';
export const PH_BOUNDS = { min: '0', max: '14' } as const;
export const TEMP_BOUNDS = { min: '-1', max: '50' } as const;

/** Limits for Ⅰ…Ⅴ of a counted item in this kind of water body, or null for pH. */
export function limitsFor(item: ItemKey, waterbody: Waterbody): readonly string[] | null {
  const def = ITEMS[item];
  if (item === 'tp' && waterbody === 'lake') return def.lakeLimits ?? def.limits;
  return def.limits;
}

export const isCounted = (item: ItemKey): item is CountedItem => !ITEMS[item].reference;
