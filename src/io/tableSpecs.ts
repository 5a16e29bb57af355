import type { TableSpec } from './headers.js';

/**
 * The tables of data.md: canonical Chinese headers, English aliases, required columns, and the
 * unit of every money and measure column (data.md "Units").
 */

// Magnitudes beyond which an amount is most likely in the wrong unit: a warning naming the row.
const MONTHLY_STANDARD = { max: '10000', what: '不超过 10,000 万元/月' };
export const RIVERS: TableSpec = {
  title: '河流',
  sheetNames: ['河流', 'rivers'],
  columns: [
    { key: 'river_id', header: '河流编码', required: true },
    { key: 'river_name', header: '河流名称', required: true },
    { key: 'origin', header: '来水', required: true },
    { key: 'end', header: '去向', required: true },
    { key: 'basin_km2', header: '流域面积', required: true, unit: 'km²' },
  ],
};

export const SECTIONS: TableSpec = {
  title: '断面',
  sheetNames: ['断面', 'sections'],
  columns: [
    { key: 'section_id', header: '断面编码', required: true },
    { key: 'section_name', header: '断面名称', required: true },
    { key: 'river_id', header: '河流编码', required: true },
    { key: 'river_km', header: '里程', required: true, unit: 'km' },
    { key: 'kind', header: '断面类型', required: true },
    { key: 'compensation', header: '补偿断面', required: true },
    { key: 'upstream_party', header: '上游主体' },
    { key: 'downstream_party', header: '下游主体' },
    { key: 'benchmark_section', header: '基准断面' },
  ],
};

export const TARGETS: TableSpec = {
  title: '断面考核目标',
  sheetNames: ['断面考核目标', '考核目标', 'targets'],
  columns: [
    { key: 'section_id', header: '断面编码', required: true },
    { key: 'year', header: '年度', required: true },
    { key: 'target_class', header: '目标类别', required: true },
  ],
};

export const AGREEMENTS: TableSpec = {
  title: '补偿协议',
  sheetNames: ['补偿协议', 'agreements'],
  columns: [
    { key: 'agreement_id', header: '协议编号', required: true },
    { key: 'river_id', header: '河流编码', required: true },
    { key: 'effective_from', header: '生效日期', required: true },
    { key: 'effective_to', header: '终止日期', required: true },
    { key: 'amount_one', header: '一类标准', required: true, unit: '万元/月', plausible: MONTHLY_STANDARD },
    { key: 'amount_two', header: '两类标准', required: true, unit: '万元/月', plausible: MONTHLY_STANDARD },
    { key: 'mode', header: '补偿方式', required: true },
    { key: 'substitute_value', header: '替代价值', unit: '万元/年' },
    { key: 'filed_date', header: '备案日期' },
  ],
};

export const SIGNATURES: TableSpec = {
  title: '协议签署',
  sheetNames: ['协议签署', 'signatures'],
  columns: [
    { key: 'agreement_id', header: '协议编号', required: true },
    { key: 'district', header: '区县', required: true },
    { key: 'signed_date', header: '签署日期', required: true },
  ],
};

export const QUALITY: TableSpec = {
  title: '月度水质',
  sheetNames: ['月度水质', 'quality'],
  columns: [
    { key: 'section_id', header: '断面编码', required: true },
    { key: 'month', header: '月份', required: true },
    { key: 'class', header: '水质类别' },
    { key: 'source', header: '数据来源', required: true },
    { key: 'status', header: '状态' },
    { key: 'note', header: '备注' },
  ],
};

export const EXEMPTIONS: TableSpec = {
  title: '免责认定',
  sheetNames: ['免责认定', 'exemptions'],
  columns: [
    { key: 'section_id', header: '断面编码', required: true },
    { key: 'month', header: '月份', required: true },
    { key: 'approval_ref', header: '批准文号', required: true },
    { key: 'reason', header: '原因', required: true },
  ],
};

export const PAYMENTS: TableSpec = {
  title: '资金拨付',
  sheetNames: ['资金拨付', 'payments'],
  columns: [
    { key: 'year', header: '年度', required: true },
    { key: 'river_id', header: '河流编码', required: true },
    { key: 'payer', header: '付款方', required: true },
    { key: 'payee', header: '收款方', required: true },
    { key: 'amount', header: '金额', required: true, unit: '元', plausible: { min: '1', max: '1000000000', what: '在 1 元至 10 亿元之间' } },
    { key: 'paid_date', header: '拨付日期', required: true },
  ],
};
