import path from 'node:path';
import { hasErrors } from '../domain/problem.js';
import { computeSoilProgress } from '../domain/soil/compute.js';
import { fmt } from '../domain/soil/num.js';
import { CITY_INDICATORS, CITY_INDICATORS_SOURCE } from '../domain/soil/planData.js';
import { SHIPPED_AREAS_FILE, SHIPPED_TARGETS_FILE, shippedAreas, shippedTargets } from '../domain/soil/shipped.js';
import { toCsv } from '../io/csvWrite.js';
import { loadSoil } from '../io/soilLoad.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { referenceNote, soilSummary } from '../report/soilSummary.js';
import { SOIL_CSV_HEADER, soilWorkbook, soilCsvRows } from '../report/soilWorkbook.js';
import { EXIT, Steps, UsageError, noFiles, type Plan } from './plan.js';

export interface ProgressOptions {
  data: string;
  out: string;
  year: number;
  /** The soil folder; default `<data>/soil`. */
  soil?: string | undefined;
}

const shown = (p: string): string => p.split(path.sep).join('/');

/**
 * `progress --year Y`: the soil-conservation target progress report (soil.md S1–S6).
 * Reads `<data>/soil/` (or --soil), writes `<out>/<Y>/soil-progress-Y.xlsx` and `.csv`.
 * Exit 1 with nothing written when a file cannot be read (errors); data problems that still
 * allow a report (unknown, doubled or missing districts, rates outside 0–100, contradictions,
 * falls) are warnings listed on the report's 数据问题 sheet; the plan tables' own inconsistencies
 * are notes on 规划表说明. Exit 3 when no district has reported for the year yet (nothing
 * written), or when the city rate cannot be computed (a district missing or doubtful; the report
 * is written).
 */
export async function progressJob(opts: ProgressOptions): Promise<Plan> {
  const { year } = opts;
  const soilDir = opts.soil ?? path.join(opts.data, 'soil');
  const data = await loadSoil(soilDir, shown(soilDir), year);
  const steps = new Steps();
  if (hasErrors(data.problems)) {
    steps.problems('err', data.problems).err('输入有错误，未写出任何文件。');
    return noFiles('progress', EXIT.INVALID_INPUT, steps, data.problems);
  }
  const targets = data.targets?.rows ?? shippedTargets();
  if (targets.length === 0) {
    steps.err(`错误：目标表 ${data.targets?.file ?? ''} 中没有可用的区县目标，未写出任何文件`);
    return noFiles('progress', EXIT.INVALID_INPUT, steps, data.problems);
  }
  const baseYear = Math.max(...targets.map((r) => r.baseYear));
  if (year <= baseYear) throw new UsageError(`--year 应晚于基期年 ${baseYear}（收到 ${year}）`);
  if (!data.assessments.some((r) => r.year === year)) {
    if (data.problems.length) steps.problems('err', data.problems, { limit: 10 });
    steps.err(`数据尚不完整：${shown(soilDir)} 中还没有任何区县 ${year} 年的考核数据，未写出任何文件`);
    return noFiles('progress', EXIT.INCOMPLETE, steps, data.problems);
  }

  const result = computeSoilProgress({ year, targets, areas: shippedAreas(), assessments: data.assessments, indicators: CITY_INDICATORS });
  const problems = [...data.problems, ...result.problems];
  const hasAreaColumn = data.targets !== undefined && targets.every((r) => r.areaKm2 !== undefined);
  const targetsLabel = data.targets ? `目标表 ${data.targets.file}` : `${SHIPPED_TARGETS_FILE}（随工具提供）`;
  const areasLabel = hasAreaColumn ? `目标表 ${data.targets!.file} 的总面积` : `${SHIPPED_AREAS_FILE}（2020年，随工具提供）`;
  const model = soilWorkbook(
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
  const files = [
    { path: path.join(dir, `soil-progress-${year}.xlsx`), bytes: await renderWorkbook(model) },
    { path: path.join(dir, `soil-progress-${year}.csv`), bytes: toCsv(SOIL_CSV_HEADER, soilCsvRows(result)) },
  ];
  steps.write();
  for (const line of soilSummary(result, data.isSample)) steps.out(line);
  if (problems.length) steps.problems('out', problems, { limit: 5 });
  else steps.out('报送数据未发现问题');
  const note = referenceNote(result);
  if (note) steps.out(note);
  steps.files('');
  let exit: Plan['exit'] = EXIT.OK;
  if (result.city.value === undefined) {
    // A scheduler retries later: the report is written, but the city rate is not there yet.
    steps.err(`数据尚不完整：缺 ${result.city.missing.join('、')} 的 ${year} 年数据，全市水土保持率未计算（报告已写出，补齐后重新运行）`);
    exit = EXIT.INCOMPLETE;
  }
  const totals = { year, cityRate: result.city.value === undefined ? '' : fmt(result.city.value, 2) };
  return { command: 'progress', exit, files, steps: steps.list, problems, totals };
}
