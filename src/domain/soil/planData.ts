/**
 * The plan's tables, shipped with the tool as reference data and copied exactly as printed,
 * including the plan's own inconsistencies (丰都区/垫江区 in 附表2 where the official names are
 * 丰都县/垫江县; 綦江区 2020 base 78.66 in 附表2 against 77.15 from 附表1's areas; 万盛经开区
 * 79.70 against 85.56). The report lists those on its data-problems sheet (S6); nothing here is
 * corrected. A targets file in the data folder replaces PLAN_TARGETS (data.md, soil).
 */

export interface PlanTargetRow {
  /** 序号 in 附表2; the reference CSV row is 序号 + 1. */
  no: number;
  region: string;
  /** As printed. */
  district: string;
  base2020: string;
  target2025: string;
}

export interface PlanAreaRow {
  /** 序号 in 附表1. */
  no: number;
  /** As printed. */
  district: string;
  /** 总面积 (km²). */
  totalKm2: string;
  /** 微度 (km²): the conserved land. */
  slightKm2: string;
  /** 水土流失合计 (km²): every grade from 轻度 up (S1). */
  erosionKm2: string;
}

export const PLAN_BASE_YEAR = 2020;
export const PLAN_TARGET_YEAR = 2025;
/** 附表1 describes this year's land. */
export const PLAN_AREAS_YEAR = 2020;

/** 附表2 水土保持率 by district: 2020 现状值, 2025 目标值 (%). */
export const PLAN_TARGETS: readonly PlanTargetRow[] = [
  { no: 1, region: '主城都市区', district: '涪陵区', base2020: '60.7', target2025: '63.50' },
  { no: 2, region: '主城都市区', district: '渝中区', base2020: '100', target2025: '100' },
  { no: 3, region: '主城都市区', district: '大渡口区', base2020: '71.61', target2025: '74.50' },
  { no: 4, region: '主城都市区', district: '江北区', base2020: '66.04', target2025: '69.00' },
  { no: 5, region: '主城都市区', district: '沙坪坝区', base2020: '74.59', target2025: '78.00' },
  { no: 6, region: '主城都市区', district: '九龙坡区', base2020: '79.68', target2025: '82.50' },
  { no: 7, region: '主城都市区', district: '南岸区', base2020: '77.69', target2025: '80.50' },
  { no: 8, region: '主城都市区', district: '北碚区', base2020: '73.18', target2025: '76.00' },
  { no: 9, region: '主城都市区', district: '渝北区', base2020: '59.55', target2025: '62.50' },
  { no: 10, region: '主城都市区', district: '巴南区', base2020: '70.85', target2025: '73.50' },
  { no: 11, region: '主城都市区', district: '长寿区', base2020: '74.7', target2025: '77.50' },
  { no: 12, region: '主城都市区', district: '江津区', base2020: '83.2', target2025: '86.00' },
  { no: 13, region: '主城都市区', district: '合川区', base2020: '69.75', target2025: '72.50' },
  { no: 14, region: '主城都市区', district: '永川区', base2020: '82.29', target2025: '85.00' },
  { no: 15, region: '主城都市区', district: '南川区', base2020: '76.51', target2025: '79.00' },
  { no: 16, region: '主城都市区', district: '綦江区', base2020: '78.66', target2025: '81.50' },
  { no: 17, region: '主城都市区', district: '大足区', base2020: '73.74', target2025: '76.50' },
  { no: 18, region: '主城都市区', district: '璧山区', base2020: '77.91', target2025: '80.50' },
  { no: 19, region: '主城都市区', district: '铜梁区', base2020: '80.6', target2025: '82.50' },
  { no: 20, region: '主城都市区', district: '潼南区', base2020: '77.83', target2025: '80.50' },
  { no: 21, region: '主城都市区', district: '荣昌区', base2020: '84.52', target2025: '87.00' },
  { no: 22, region: '主城都市区', district: '万盛经开区', base2020: '79.70', target2025: '81.50' },
  { no: 23, region: '渝东北三峡库区城镇群', district: '万州区', base2020: '59.05', target2025: '62.00' },
  { no: 24, region: '渝东北三峡库区城镇群', district: '开州区', base2020: '54.21', target2025: '57.50' },
  { no: 25, region: '渝东北三峡库区城镇群', district: '梁平区', base2020: '72.31', target2025: '75.00' },
  { no: 26, region: '渝东北三峡库区城镇群', district: '城口县', base2020: '80.3', target2025: '83.00' },
  { no: 27, region: '渝东北三峡库区城镇群', district: '丰都区', base2020: '59.24', target2025: '62.50' },
  { no: 28, region: '渝东北三峡库区城镇群', district: '垫江区', base2020: '69.58', target2025: '72.50' },
  { no: 29, region: '渝东北三峡库区城镇群', district: '忠县', base2020: '76.97', target2025: '79.50' },
  { no: 30, region: '渝东北三峡库区城镇群', district: '云阳县', base2020: '53.03', target2025: '56.00' },
  { no: 31, region: '渝东北三峡库区城镇群', district: '奉节县', base2020: '56.72', target2025: '60.00' },
  { no: 32, region: '渝东北三峡库区城镇群', district: '巫山县', base2020: '60.17', target2025: '62.50' },
  { no: 33, region: '渝东北三峡库区城镇群', district: '巫溪县', base2020: '71.59', target2025: '74.50' },
  { no: 34, region: '渝东南武陵山区城镇群', district: '黔江区', base2020: '65.97', target2025: '68.50' },
  { no: 35, region: '渝东南武陵山区城镇群', district: '武隆区', base2020: '71.23', target2025: '74.00' },
  { no: 36, region: '渝东南武陵山区城镇群', district: '石柱土家族自治县', base2020: '84.1', target2025: '87.00' },
  { no: 37, region: '渝东南武陵山区城镇群', district: '秀山土家族苗族自治县', base2020: '63.05', target2025: '65.50' },
  { no: 38, region: '渝东南武陵山区城镇群', district: '酉阳土家族苗族自治县', base2020: '71.04', target2025: '73.50' },
  { no: 39, region: '渝东南武陵山区城镇群', district: '彭水苗族土家族自治县', base2020: '74.16', target2025: '76.50' },
];

/** 附表1 land area and erosion area by district, 2020 (km²). */
export const PLAN_AREAS: readonly PlanAreaRow[] = [
  { no: 1, district: '涪陵区', totalKm2: '2941', slightKm2: '1785.15', erosionKm2: '1155.85' },
  { no: 2, district: '渝中区', totalKm2: '23', slightKm2: '23', erosionKm2: '0' },
  { no: 3, district: '大渡口区', totalKm2: '103', slightKm2: '73.76', erosionKm2: '29.24' },
  { no: 4, district: '江北区', totalKm2: '221', slightKm2: '145.95', erosionKm2: '75.05' },
  { no: 5, district: '沙坪坝区', totalKm2: '396', slightKm2: '295.39', erosionKm2: '100.61' },
  { no: 6, district: '九龙坡区', totalKm2: '431', slightKm2: '343.4', erosionKm2: '87.6' },
  { no: 7, district: '南岸区', totalKm2: '262', slightKm2: '203.54', erosionKm2: '58.46' },
  { no: 8, district: '北碚区', totalKm2: '751', slightKm2: '549.56', erosionKm2: '201.44' },
  { no: 9, district: '渝北区', totalKm2: '1457', slightKm2: '867.62', erosionKm2: '589.38' },
  { no: 10, district: '巴南区', totalKm2: '1823', slightKm2: '1291.6', erosionKm2: '531.4' },
  { no: 11, district: '长寿区', totalKm2: '1421', slightKm2: '1061.55', erosionKm2: '359.45' },
  { no: 12, district: '江津区', totalKm2: '3216', slightKm2: '2675.86', erosionKm2: '540.14' },
  { no: 13, district: '合川区', totalKm2: '2343', slightKm2: '1634.21', erosionKm2: '708.79' },
  { no: 14, district: '永川区', totalKm2: '1579', slightKm2: '1299.37', erosionKm2: '279.63' },
  { no: 15, district: '南川区', totalKm2: '2589', slightKm2: '1980.83', erosionKm2: '608.17' },
  { no: 16, district: '綦江区', totalKm2: '2184', slightKm2: '1684.99', erosionKm2: '499.01' },
  { no: 17, district: '大足区', totalKm2: '1434', slightKm2: '1057.49', erosionKm2: '376.51' },
  { no: 18, district: '璧山区', totalKm2: '915', slightKm2: '712.9', erosionKm2: '202.1' },
  { no: 19, district: '铜梁区', totalKm2: '1341', slightKm2: '1080.78', erosionKm2: '260.22' },
  { no: 20, district: '潼南区', totalKm2: '1585', slightKm2: '1233.68', erosionKm2: '351.32' },
  { no: 21, district: '荣昌区', totalKm2: '1077', slightKm2: '910.23', erosionKm2: '166.77' },
  { no: 22, district: '万盛经开区', totalKm2: '563', slightKm2: '481.69', erosionKm2: '81.31' },
  { no: 23, district: '万州区', totalKm2: '3453', slightKm2: '2039.07', erosionKm2: '1413.93' },
  { no: 24, district: '开州区', totalKm2: '3964', slightKm2: '2149.03', erosionKm2: '1814.97' },
  { no: 25, district: '梁平区', totalKm2: '1888', slightKm2: '1365.13', erosionKm2: '522.87' },
  { no: 26, district: '城口县', totalKm2: '3289', slightKm2: '2641.2', erosionKm2: '647.80' },
  { no: 27, district: '丰都县', totalKm2: '2899', slightKm2: '1717.25', erosionKm2: '1181.75' },
  { no: 28, district: '垫江县', totalKm2: '1517', slightKm2: '1055.51', erosionKm2: '461.49' },
  { no: 29, district: '忠县', totalKm2: '2187', slightKm2: '1683.34', erosionKm2: '503.66' },
  { no: 30, district: '云阳县', totalKm2: '3636', slightKm2: '1928.29', erosionKm2: '1707.71' },
  { no: 31, district: '奉节县', totalKm2: '4098', slightKm2: '2324.33', erosionKm2: '1773.67' },
  { no: 32, district: '巫山县', totalKm2: '2955', slightKm2: '1778.12', erosionKm2: '1176.88' },
  { no: 33, district: '巫溪县', totalKm2: '4015', slightKm2: '2874.22', erosionKm2: '1140.78' },
  { no: 34, district: '黔江区', totalKm2: '2390', slightKm2: '1576.75', erosionKm2: '813.25' },
  { no: 35, district: '武隆区', totalKm2: '2892', slightKm2: '2059.94', erosionKm2: '832.06' },
  { no: 36, district: '石柱县', totalKm2: '3014', slightKm2: '2534.91', erosionKm2: '479.09' },
  { no: 37, district: '秀山县', totalKm2: '2453', slightKm2: '1546.59', erosionKm2: '906.41' },
  { no: 38, district: '酉阳县', totalKm2: '5168', slightKm2: '3671.41', erosionKm2: '1496.59' },
  { no: 39, district: '彭水县', totalKm2: '3897', slightKm2: '2889.90', erosionKm2: '1007.10' },
];
/** What a city-wide indicator measures (S5). */
type IndicatorKind = 'rate' | 'treated' | 'keyTreated' | 'ecoClean';
/** 约束性 binding, 预期性 expected, 展望 outlook, 参照 reference (the national target). */
type IndicatorAttribute = '约束性' | '预期性' | '展望' | '参照';

export interface CityIndicator {
  name: string;
  kind: IndicatorKind;
  /** As printed. */
  baseYear: number;
  base: string;
  targetYear: number;
  target: string;
  attribute: IndicatorAttribute;
  unit: string;
  /**
   * First year whose work counts towards a cumulative indicator. The 14th plan's base year is
   * 2020 and its work starts in 2021; the 2023–2027 watershed plan prints 2023 as its base year
   * and its work starts in 2023. The straight line (S3) runs from (periodStart − 1, base).
   */
  periodStart: number;
  source: string;
}

const PLAN = '十四五规划 专栏1';

/**
 * City-wide indicators (../shared/reference/city-soil-indicators.csv): the plan's 专栏1, its
 * 2035 outlook, the city's 2023–2027 eco-clean small-watershed plan and the national opinion.
 */
export const CITY_INDICATORS: readonly CityIndicator[] = [
  {
    name: '水土保持率',
    kind: 'rate',
    baseYear: 2020,
    base: '69.5',
    targetYear: 2025,
    target: '72.2',
    attribute: '约束性',
    unit: '%',
    periodStart: 2021,
    source: `${PLAN}（附表2 加权为 69.48 → 72.23）`,
  },
  {
    name: '新增水土流失治理面积（累计）',
    kind: 'treated',
    baseYear: 2020,
    base: '0',
    targetYear: 2025,
    target: '4000',
    attribute: '预期性',
    unit: 'km²',
    periodStart: 2021,
    source: `${PLAN}（4000 km² 以上）`,
  },
  {
    name: '水土流失重点治理面积（累计）',
    kind: 'keyTreated',
    baseYear: 2020,
    base: '0',
    targetYear: 2025,
    target: '1500',
    attribute: '预期性',
    unit: 'km²',
    periodStart: 2021,
    source: PLAN,
  },
  {
    name: '建设美丽乡村生态清洁小流域（累计）',
    kind: 'ecoClean',
    baseYear: 2020,
    base: '0',
    targetYear: 2025,
    target: '20',
    attribute: '预期性',
    unit: '条',
    periodStart: 2021,
    source: PLAN,
  },
  {
    name: '水土保持率（2035年展望）',
    kind: 'rate',
    baseYear: 2020,
    base: '69.48',
    targetYear: 2035,
    target: '77.5',
    attribute: '展望',
    unit: '%',
    periodStart: 2021,
    source: '十四五规划 2035年目标展望（不低于 77.5%）',
  },
  {
    name: '生态清洁小流域（2023—2027年累计）',
    kind: 'ecoClean',
    baseYear: 2023,
    base: '0',
    targetYear: 2027,
    target: '80',
    attribute: '预期性',
    unit: '条',
    periodStart: 2023,
    source: '重庆市生态清洁小流域建设实施规划（2023—2027年）',
  },
  {
    name: '全国水土保持率目标（2025年）',
    kind: 'rate',
    baseYear: 2020,
    base: '71.85',
    targetYear: 2025,
    target: '73',
    attribute: '参照',
    unit: '%',
    periodStart: 2021,
    source: '《关于加强新时代水土保持工作的意见》',
  },
  {
    name: '全国水土保持率目标（2035年）',
    kind: 'rate',
    baseYear: 2020,
    base: '71.85',
    targetYear: 2035,
    target: '75',
    attribute: '参照',
    unit: '%',
    periodStart: 2021,
    source: '《关于加强新时代水土保持工作的意见》',
  },
];

export const CITY_INDICATORS_SOURCE = '十四五规划专栏1、2035年展望、生态清洁小流域实施规划（2023—2027年）、《关于加强新时代水土保持工作的意见》';
