import { statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { resolveDistrict } from '../domain/districts.js';
import { problem, type Problem } from '../domain/problem.js';
import { type Dec, parseDecimal, parseYearText } from '../domain/soil/num.js';
import type { AssessmentRow, TargetRow } from '../domain/soil/types.js';
import type { TableSpec } from './headers.js';
import { describeInput } from './inputFiles.js';
import type { InputFile } from '../domain/inputs.js';
import { encodingLabel } from './decode.js';
import { listTableFiles, readTable, refusedSpreadsheetProblems, type RawRow, type RawTable } from './readTable.js';
import { EMPTY, parseRows } from './schemas.js';

/**
 * Reads `<data>/soil/` (data.md, soil): every .csv and .xlsx there, in name order. A file whose
 * header has 目标值 (target_rate) is a targets table and replaces the plan's shipped 附表2; every
 * other file is an assessment table (one row per district per year, any number of years per
 * file). Lock files (`~$…`) and hidden files are skipped.
 *
 * Errors (the run stops, nothing is written): a file that cannot be read or decoded, a missing
 * required column, a cell that is not a number or year, more than one targets file, no files.
 * Warnings (rows on the report's data-problems sheet, S6): an unknown district (with the nearest
 * known name), a district twice in the targets table. Rows for years after the report year are
 * not read beyond their year.
 */
export const SOIL_SPEC: TableSpec = {
  title: '水土保持',
  sheetNames: ['水土保持', '水土保持率', '考核', '目标'],
  columns: [
    { key: 'district', header: '区县', aliases: ['区县名称', '行政区', '区(县)'] },
    { key: 'region', header: '分区', aliases: ['区域'] },
    { key: 'base_year', header: '基期年' },
    { key: 'base_rate', header: '基期值', unit: '%' },
    { key: 'target_year', header: '目标年' },
    { key: 'target_rate', header: '目标值', unit: '%' },
    { key: 'year', header: '年度', aliases: ['年份'] },
    { key: 'rate', header: '水土保持率', aliases: ['水土保持率现状值'], unit: '%' },
    { key: 'area_km2', header: '总面积', aliases: ['土地面积', '国土面积'], unit: 'km²' },
    { key: 'erosion_km2', header: '水土流失面积', aliases: ['水土流失合计'], unit: 'km²' },
    { key: 'treated_km2', header: '新增治理面积', aliases: ['新增水土流失治理面积'], unit: 'km²' },
    { key: 'key_treated_km2', header: '重点治理面积', aliases: ['水土流失重点治理面积'], unit: 'km²' },
    { key: 'eco_clean_count', header: '生态清洁小流域', aliases: ['生态清洁小流域数量', '新建生态清洁小流域'], unit: '条' },
    { key: 'note', header: '备注', aliases: ['remark'] },
  ],
};

const TARGET_KEYS = ['district', 'region', 'base_year', 'base_rate', 'target_year', 'target_rate'] as const;

export interface SoilData {
  /** The targets file, when the folder has one (else the shipped plan applies). */
  targets?: { file: string; rows: TargetRow[] } | undefined;
  assessments: AssessmentRow[];
  problems: Problem[];
  inputs: InputFile[];
  /** Any file name or 备注 says 示例数据. */
  isSample: boolean;
}

type Cell<T> = z.ZodType<T, string>;

function cell<T>(parse: (text: string) => T | undefined, message: string, optional: true): Cell<T | undefined>;
function cell<T>(parse: (text: string) => T | undefined, message: string, optional: false): Cell<T>;
function cell<T>(parse: (text: string) => T | undefined, message: string, optional: boolean): Cell<T | undefined> {
  return z.string().transform((text, ctx) => {
    if (text.trim() === '') {
      if (optional) return undefined;
      ctx.addIssue({ code: 'custom', message: EMPTY });
      return z.NEVER;
    }
    const v = parse(text);
    if (v === undefined) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return v;
  });
}

const nonNegative = (t: string): Dec | undefined => {
  const d = parseDecimal(t);
  return d?.gte(0) ? d : undefined;
};
const count = (t: string): Dec | undefined => {
  const d = parseDecimal(t);
  return d?.gte(0) && d.isInteger() ? d : undefined;
};
const text = z.string().transform((t) => t.trim());

const ASSESSMENT_SCHEMA = z.object({
  district: cell((t) => t.trim() || undefined, EMPTY, false),
  year: cell(parseYearText, '年度应为四位年份，例如 2025', false),
  rate: cell(parseDecimal, '水土保持率应为数值（百分数，如 72.5）', true),
  area_km2: cell(parseDecimal, '总面积应为数值（km²）', true),
  erosion_km2: cell(parseDecimal, '水土流失面积应为数值（km²）', true),
  treated_km2: cell(nonNegative, '新增治理面积应为不小于 0 的数值（km²）', true),
  key_treated_km2: cell(nonNegative, '重点治理面积应为不小于 0 的数值（km²）', true),
  eco_clean_count: cell(count, '生态清洁小流域应为不小于 0 的整数（条）', true),
  note: text,
});

const TARGET_SCHEMA = z
  .object({
    district: cell((t) => t.trim() || undefined, EMPTY, false),
    region: cell((t) => t.trim() || undefined, EMPTY, false),
    base_year: cell(parseYearText, '基期年应为四位年份，例如 2020', false),
    base_rate: cell((t) => inRange(parseDecimal(t)), '基期值应为 0–100 的数值（%）', false),
    target_year: cell(parseYearText, '目标年应为四位年份，例如 2025', false),
    target_rate: cell((t) => inRange(parseDecimal(t)), '目标值应为 0–100 的数值（%）', false),
    area_km2: cell(
      (t) => {
        const d = parseDecimal(t);
        return d?.gt(0) ? d : undefined;
      },
      '总面积应为大于 0 的数值（km²）',
      true,
    ),
  })
  .superRefine((r, ctx) => {
    if (r.target_year <= r.base_year) ctx.addIssue({ code: 'custom', path: ['target_year'], message: `目标年应晚于基期年 ${r.base_year}` });
  });

function inRange(d: Dec | undefined): Dec | undefined {
  return d?.gte(0) && d.lte(100) ? d : undefined;
}

function unknownDistrict(written: string, file: string, row: number, column: string, ignored: string): Problem {
  const r = resolveDistrict(written);
  const hint = !r.ok && r.suggestion ? `，是否为「${r.suggestion}」？` : '';
  return problem('warning', 'W_SOIL_DISTRICT_UNKNOWN', `未知的区县「${written}」${hint}${ignored}`, { file, row, column, value: written, rule: 'S6' });
}

/**
 * Load the soil folder for a report year. `displayDir` is how the folder is shown in messages
 * (relative, as the user gave it).
 */
export async function loadSoil(dir: string, displayDir: string, year: number): Promise<SoilData> {
  const problems: Problem[] = [];
  const out: SoilData = { assessments: [], problems, inputs: [], isSample: false };
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    names = await listTableFiles(dir);
  } catch {
    problems.push(problem('error', 'E_SOIL_DIR_MISSING', `找不到水土保持数据目录：${displayDir}（应放各区县考核表，.xlsx 或 .csv）`, { file: displayDir }));
    return out;
  }
  problems.push(...(await refusedSpreadsheetProblems(dir, displayDir)));
  if (names.length === 0) {
    problems.push(problem('error', 'E_SOIL_NO_FILES', `水土保持数据目录 ${displayDir} 中没有 .xlsx 或 .csv 文件`, { file: displayDir }));
    return out;
  }
  for (const name of names) {
    const abs = path.join(dir, name);
    const shown = `${displayDir.replace(/[\\/]+$/, '')}/${name}`;
    if (name.includes('示例')) out.isSample = true;
    const { table, problems: readProblems } = await readTable(abs, SOIL_SPEC, shown);
    problems.push(...readProblems);
    if (!table) continue;
    const first = table.rows[0];
    const isTargets = table.rows.length > 0 && first!.has('target_rate');
    const enc = table.encoding ? encodingLabel(table.encoding) : undefined;
    out.inputs.push(await describeInput(abs, shown, isTargets ? '水土保持目标表' : '水土保持考核表', enc, table.layout));
    if (table.rows.length === 0) {
      problems.push(problem('warning', 'W_SOIL_FILE_EMPTY', `${shown} 只有表头，没有数据行`, { file: shown, row: 1, rule: 'S6' }));
      continue;
    }
    if (isTargets) {
      if (out.targets) {
        problems.push(problem('error', 'E_SOIL_TARGETS_TWICE', `水土保持目录中有两个目标表：${out.targets.file} 和 ${shown}；只能有一个`, { file: shown }));
        continue;
      }
      out.targets = { file: shown, rows: readTargets(table, first!, problems) };
    } else {
      out.assessments.push(...readAssessments(table, first!, year, problems, () => (out.isSample = true)));
    }
  }
  return out;
}

const headerRowOf = (table: RawTable): number => table.layout.headerRows[0]!;

function requireColumns(table: RawTable, first: RawRow, keys: readonly string[], problems: Problem[]): boolean {
  const missing = keys.filter((k) => !first.has(k)).map((k) => SOIL_SPEC.columns.find((c) => c.key === k)!);
  if (missing.length === 0) return true;
  const list = missing.map((c) => `「${c.header}」（也可写作 ${[c.key, ...(c.aliases ?? [])].join(' / ')}）`).join('、');
  problems.push(
    problem('error', 'E_COLUMN_MISSING', `${table.file} 缺少必需的列${list}（表头在第 ${headerRowOf(table)} 行）`, {
      file: table.file,
      row: headerRowOf(table),
      column: missing[0]!.header,
    }),
  );
  return false;
}

function readTargets(table: RawTable, first: RawRow, problems: Problem[]): TargetRow[] {
  if (!requireColumns(table, first, TARGET_KEYS, problems)) return [];
  const { rows: parsed, problems: cellProblems } = parseRows(table, TARGET_SCHEMA);
  problems.push(...cellProblems);
  const rows: TargetRow[] = [];
  const seen = new Map<string, number>();
  for (const { value: v, row } of parsed) {
    const r = resolveDistrict(v.district);
    if (!r.ok) {
      problems.push(unknownDistrict(v.district, table.file, row.row, table.headerOf('district'), '，该行目标未采用'));
      continue;
    }
    const earlier = seen.get(r.name);
    if (earlier !== undefined) {
      problems.push(
        problem('warning', 'W_SOIL_DISTRICT_DOUBLED', `目标表中 ${r.name} 出现两次（第${earlier}行和第${row.row}行），采用第${earlier}行`, {
          file: table.file,
          row: row.row,
          column: table.headerOf('district'),
          value: v.district,
          rule: 'S6',
        }),
      );
      continue;
    }
    seen.set(r.name, row.row);
    rows.push({
      district: r.name,
      written: v.district,
      region: v.region,
      baseYear: v.base_year,
      base: v.base_rate,
      targetYear: v.target_year,
      target: v.target_rate,
      areaKm2: v.area_km2,
      source: { file: table.file, row: row.row },
    });
  }
  return rows;
}

function readAssessments(table: RawTable, first: RawRow, year: number, problems: Problem[], markSample: () => void): AssessmentRow[] {
  if (!requireColumns(table, first, ['district', 'year'], problems)) return [];
  if (!first.has('rate') && !(first.has('area_km2') && first.has('erosion_km2'))) {
    problems.push(
      problem('error', 'E_COLUMN_MISSING', `${table.file} 缺少「水土保持率」列；或应同时有「总面积」和「水土流失面积」两列`, {
        file: table.file,
        row: headerRowOf(table),
        column: '水土保持率',
      }),
    );
    return [];
  }
  // Rows for later years are not read beyond their year (a 2025 typo does not stop a 2023 report).
  const wanted = table.rows.filter((r) => {
    const y = parseYearText(r.get('year'));
    return y === undefined || y <= year;
  });
  const { rows: parsed, problems: cellProblems } = parseRows(table, ASSESSMENT_SCHEMA, {}, wanted);
  problems.push(...cellProblems);
  const rows: AssessmentRow[] = [];
  for (const { value: v, row } of parsed) {
    if (v.note.includes('示例数据')) markSample();
    const r = resolveDistrict(v.district);
    if (!r.ok) {
      problems.push(unknownDistrict(v.district, table.file, row.row, table.headerOf('district'), '，该行未计入'));
      continue;
    }
    rows.push({
      district: r.name,
      written: v.district,
      year: v.year,
      rate: v.rate,
      landKm2: v.area_km2,
      erosionKm2: v.erosion_km2,
      treatedKm2: v.treated_km2,
      keyTreatedKm2: v.key_treated_km2,
      ecoClean: v.eco_clean_count,
      file: table.file,
      row: row.row,
    });
  }
  return rows;
}
