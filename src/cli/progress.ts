import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors, type Problem } from '../domain/problem.js';
import { CITY_INDICATORS, CITY_INDICATORS_SOURCE } from '../domain/soil/planData.js';
import { computeSoilProgress, type SoilResult } from '../domain/soil/compute.js';
import { fmt } from '../domain/soil/num.js';
import { SHIPPED_AREAS_FILE, SHIPPED_TARGETS_FILE, shippedAreas, shippedTargets } from '../domain/soil/shipped.js';
import { toCsv } from '../io/csvWrite.js';
import { loadSoil } from '../io/soilLoad.js';
import { writeOutputs } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { SOIL_CSV_HEADER, buildSoilWorkbook, soilCsvRows, soilReportTitle } from '../report/soilWorkbook.js';
import { addCommonOptions, parseYear, type CommonOptions } from './common.js';
import { EXIT, UsageError, runState, type ExitCode } from './exitCodes.js';
import { makeTerminal, printProblems, type Terminal } from './terminal.js';
import { printFiles, recordFiles, recordRun } from './outcome.js';

/**
 * `ecocomp progress --year Y`: the soil-conservation target progress report (soil.md S1–S6).
 * Reads `<data>/soil/` (or --soil), writes `<out>/<Y>/soil-progress-Y.xlsx` and `.csv`.
 * Exit 1 with nothing written when a file cannot be read (errors); data problems that still
 * allow a report (unknown, doubled or missing districts, rates outside 0–100, contradictions,
 * falls) are warnings listed on the report's 数据问题 sheet; the plan tables' own inconsistencies
 * are notes on 规划表说明. Exit 3 when no district has reported for the year yet (nothing
 * written), or when the city rate cannot be computed (a district missing or doubtful; the report
 * is written).
 */
interface ProgressOptions extends CommonOptions {
  year?: string;
  soil?: string;
}

export function registerProgress(program: Command): void {
  addCommonOptions(
    program
      .command('progress')
      .description('水土保持率目标进度：各区县、三大分区和全市对照规划目标（写出 soil-progress-年度.xlsx 和 .csv）')
      .option('--year <年份>', '报告年度，例如 2025')
      .option('--soil <目录>', '水土保持数据目录（默认为 --data 下的 soil）'),
  ).action(async (opts: ProgressOptions) => {
    runState.code = await runProgress(opts);
  });
}

const shown = (p: string): string => p.split(path.sep).join('/');

async function runProgress(opts: ProgressOptions): Promise<ExitCode> {
  const year = parseYear(opts.year);
  const t = makeTerminal(opts);
  const soilDir = opts.soil ?? path.join(opts.data, 'soil');
  const data = await loadSoil(soilDir, shown(soilDir), year);
  recordRun('progress', data.problems);
  if (hasErrors(data.problems)) return fail(t, data.problems);

  const targets = data.targets?.rows ?? shippedTargets();
  if (targets.length === 0) {
    t.err(`错误：目标表 ${data.targets?.file ?? ''} 中没有可用的区县目标，未写出任何文件`);
    return EXIT.INVALID_INPUT;
  }
  const baseYear = Math.max(...targets.map((r) => r.baseYear));
  if (year <= baseYear) throw new UsageError(`--year 应晚于基期年 ${baseYear}（收到 ${year}）`);
  if (!data.assessments.some((r) => r.year === year)) {
    if (data.problems.length) printProblems(t, data.problems, { toStderr: true, limit: 10 });
    t.err(`数据尚不完整：${shown(soilDir)} 中还没有任何区县 ${year} 年的考核数据，未写出任何文件`);
    return EXIT.INCOMPLETE;
  }

  const result = computeSoilProgress({ year, targets, areas: shippedAreas(), assessments: data.assessments, indicators: CITY_INDICATORS });
  const problems = [...data.problems, ...result.problems];
  const hasAreaColumn = data.targets !== undefined && targets.every((r) => r.areaKm2 !== undefined);
  const targetsLabel = data.targets ? `目标表 ${data.targets.file}` : `${SHIPPED_TARGETS_FILE}（随工具提供）`;
  const areasLabel = hasAreaColumn ? `目标表 ${data.targets!.file} 的总面积` : `${SHIPPED_AREAS_FILE}（2020年，随工具提供）`;
  const model = buildSoilWorkbook(
    { ...result, problems },
    {
      targetsLabel,
      areasLabel,
      isSample: data.isSample,
      inputs: data.inputs,
      parameters: [
        ['--year', String(year)],
        ['水土保持数据目录', shown(soilDir)],
        ['区县目标', targetsLabel],
        ['加权面积', areasLabel],
        ['全市指标', `${CITY_INDICATORS_SOURCE}（随工具提供）`],
        ['舍入', '水土保持率、面积保留 2 位小数，进度保留 1 位小数，四舍五入；状态按未舍入的值判定'],
      ],
    },
  );
  const dir = path.join(opts.out, String(year));
  const xlsxPath = path.join(dir, `soil-progress-${year}.xlsx`);
  const csvPath = path.join(dir, `soil-progress-${year}.csv`);
  const written = await writeOutputs(
    [
      { path: xlsxPath, bytes: await renderWorkbook(model) },
      { path: csvPath, bytes: toCsv(SOIL_CSV_HEADER, soilCsvRows(result)) },
    ],
    { force: opts.force },
  );

  recordRun('progress', problems, { year, cityRate: result.city.value === undefined ? '' : fmt(result.city.value, 2) });
  recordFiles(written);
  summary(t, result, problems, data.isSample);
  printFiles(t, written, '');
  if (result.city.value === undefined) {
    // A scheduler retries later: the report is written, but the city rate is not there yet.
    t.err(`数据尚不完整：缺 ${result.city.missing.join('、')} 的 ${year} 年数据，全市水土保持率未计算（报告已写出，补齐后重新运行）`);
    return EXIT.INCOMPLETE;
  }
  return EXIT.OK;
}

function fail(t: Terminal, problems: readonly Problem[]): ExitCode {
  printProblems(t, problems, { toStderr: true });
  t.err('输入有错误，未写出任何文件。');
  return EXIT.INVALID_INPUT;
}

function colourStatus(t: Terminal, s: string): string {
  return s === '已达标' ? t.c.green(s) : s === '滞后' ? t.c.yellow(s) : s === '倒退' ? t.c.red(s) : s;
}

function summary(t: Terminal, r: SoilResult, problems: readonly Problem[], isSample: boolean): void {
  const { c } = t;
  const count = (s: string): number => r.districts.filter((d) => d.status === s).length;
  t.out(c.bold(soilReportTitle(r.year, isSample)));
  const parts = [
    `已达标 ${c.green(String(count('已达标')))}`,
    `进度正常 ${c.cyan(String(count('进度正常')))}`,
    `滞后 ${c.yellow(String(count('滞后')))}`,
    `倒退 ${c.red(String(count('倒退')))}`,
  ];
  const unknown = count('缺报') + count('待核实');
  if (unknown) parts.push(`缺报或待核实 ${unknown}`);
  t.out(`区县 ${r.districts.length} 个：${parts.join('，')}`);
  const city = r.city;
  const published = r.indicators.find((i) => i.attribute === '约束性' && i.unit === '%')?.published;
  const plan = `基期 ${fmt(city.path.base, 2)}% → ${city.path.targetYear}年目标 ${fmt(city.path.target, 2)}%${published ? `（规划公布 ${published.base.toString()}% → ${published.target.toString()}%）` : ''}`;
  if (city.value === undefined) {
    t.out(`全市水土保持率：缺 ${city.missing.join('、')} 的数据，未计算；${plan}`);
  } else {
    t.out(`全市水土保持率 ${fmt(city.value, 2)}%（按土地面积加权）；${plan}；进度 ${fmt(city.progress!, 1)}%，${colourStatus(t, city.status)}`);
  }
  for (const a of r.regions) {
    t.out(
      `  ${a.name} ${a.value === undefined ? '—' : `${fmt(a.value, 2)}%`}（${fmt(a.path.base, 2)}% → 目标 ${fmt(a.path.target, 2)}%${a.progress ? `，进度 ${fmt(a.progress, 1)}%` : ''}，${a.status}）`,
    );
  }
  if (problems.length) printProblems(t, problems, { limit: 5 });
  else t.out('报送数据未发现问题');
  if (r.referenceNotes.length) {
    t.out(c.dim(`另：随工具提供的规划表自身有 ${r.referenceNotes.length} 处印刷不一致（照原样使用，不是报送数据的问题），见工作簿「规划表说明」`));
  }
}
