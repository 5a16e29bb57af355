import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { problem, type Loc, type Problem } from '../domain/problem.js';
import {
  NON_MONETARY_MODES,
  SOURCES,
  type Agreement,
  type Dataset,
  type Exemption,
  type Mode,
  type Payment,
  type QualityRecord,
  type River,
  type Section,
  type SectionKind,
  type Signature,
  type Status,
  type Target,
} from '../domain/types.js';
import { wanToYuan } from '../domain/money.js';
import { encodingLabel } from './decode.js';
import { type Parsed, classField, dateField, decimalField, enumField, monthField, partyField, paymentPartyField, textField, yearField } from './fields.js';
import { describeInput, displayPath } from './inputFiles.js';
import type { InputFile } from '../domain/inputs.js';
import { headerFor, listTableFiles, readTable, refusedSpreadsheetProblems, type RawRow, type RawTable, type RowTaker } from './readTable.js';
import { isCanonicalQuality, shapeQuality, shapeTargets } from './officeShapes.js';
import { SectionNames } from '../domain/sectionNames.js';
import { RECORD_CHECKS, checkRecordStatus, checkSectionParties } from '../domain/recordChecks.js';
import { field, memo, optionalField, parseRows, rowParser, rowSchema, type RowParser, type SchemaOutput } from './schemas.js';
import * as T from './tableSpecs.js';
import type { TableSpec } from './headers.js';
import { concentrationColumnsOf, qualityClassFromCells, qualityClassFromRow, qualityColumns, type Concentrations } from './qualityConcentrations.js';
import { CONCENTRATION_COLUMNS } from '../domain/gb3838/columns.js';
import type { PlainBytes } from './plainCsvBytes.js';
import { PlainFields } from './plainFields.js';

/**
 * The loader (load stage): finds the data.md files in a data folder, reads each (CSV in any
 * accepted encoding, or xlsx), converts rows through zod schemas into typed rows, and returns
 * every problem it found with its location. It never throws for bad input.
 */
export interface LoadResult {
  dataset: Dataset;
  problems: Problem[];
  inputs: InputFile[];
}

interface TableFile {
  key: keyof typeof TABLES;
  names: string[];
  optional: boolean;
}

const TABLES = {
  rivers: T.RIVERS,
  sections: T.SECTIONS,
  targets: T.TARGETS,
  agreements: T.AGREEMENTS,
  signatures: T.SIGNATURES,
  exemptions: T.EXEMPTIONS,
  payments: T.PAYMENTS,
} as const;

const FILES: TableFile[] = [
  { key: 'rivers', names: ['rivers', '河流'], optional: false },
  { key: 'sections', names: ['sections', '断面'], optional: false },
  { key: 'targets', names: ['targets', '断面考核目标', '考核目标'], optional: false },
  { key: 'agreements', names: ['agreements', '补偿协议'], optional: false },
  { key: 'signatures', names: ['signatures', '协议签署'], optional: false },
  { key: 'exemptions', names: ['exemptions', '免责认定'], optional: true },
  { key: 'payments', names: ['payments', '资金拨付'], optional: true },
];

const QUALITY_DIRS = ['quality', '月度水质'];

export interface LoadOptions {
  /** The year a 1月…12月 quality matrix is for when its title and file name do not say (--year). */
  year?: number | undefined;
  /**
   * false: every line of every quality file is read as a row (split into cells, then the row
   * schema), none straight from its bytes (plainFields.ts) — the reference the byte-level
   * reader is tested against. Default true.
   */
  readBytes?: boolean | undefined;
}

export async function loadDataset(dataDir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const problems: Problem[] = [];
  const inputs: InputFile[] = [];
  const rejected = { rivers: new Set<string>(), sections: new Set<string>(), agreements: new Set<string>(), quality: new Set<string>() };
  const dataset: Dataset = { rivers: [], sections: [], targets: [], agreements: [], signatures: [], quality: [], exemptions: [], payments: [], rejected };

  const dirStat = statOrUndefined(dataDir);
  if (!dirStat?.isDirectory()) {
    problems.push(problem('error', 'E_DATA_DIR', `数据目录不存在：${dataDir}`, { file: displayPath(path.resolve(dataDir)) }));
    return { dataset, problems, inputs };
  }
  const entries = readdirSync(dataDir);
  append(problems, await refusedSpreadsheetProblems(dataDir, displayPath(path.resolve(dataDir))));

  // The tables are small: read at once. Their problems and inputs are kept in file order.
  const tables: Partial<Record<keyof typeof TABLES, RawTable>> = {};
  const reads = FILES.map((f): Promise<Read> | Problem | undefined => {
    const spec = TABLES[f.key];
    const found = entries.filter((e) => f.names.some((n) => e.toLowerCase() === `${n}.csv` || e.toLowerCase() === `${n}.xlsx`));
    if (found.length === 0) {
      return f.optional
        ? undefined
        : problem('error', 'E_FILE_MISSING', `数据目录中缺少${spec.title}文件（${f.names[0]}.csv 或 ${f.names[0]}.xlsx）`, {
            file: displayPath(path.resolve(dataDir, `${f.names[0]}.csv`)),
          });
    }
    if (found.length > 1) {
      return problem('error', 'E_FILE_AMBIGUOUS', `${spec.title}有多个文件：${found.join('、')}；请只保留一个`, { file: displayPath(path.resolve(dataDir)) });
    }
    return readOne(path.resolve(dataDir, found[0]!), spec, f.key);
  });
  for (const [i, r] of reads.entries()) {
    if (r === undefined) continue;
    if (!(r instanceof Promise)) {
      problems.push(r);
      continue;
    }
    const { table, problems: ps, input } = await r;
    append(problems, ps);
    if (input) inputs.push(input);
    if (table) tables[FILES[i]!.key] = table;
  }

  // Everything but the quality files is parsed now (into `parsing`, reported after the reading
  // problems of the quality files as before), so that each quality file can be parsed as soon as
  // it is read and its rows let go: a national folder's raw rows are never all held at once.
  const parsing: Problem[] = [];
  if (tables.rivers) dataset.rivers = parseRivers(tables.rivers, parsing, rejected.rivers);
  if (tables.sections) dataset.sections = parseSections(tables.sections, parsing, rejected.sections);
  const names = new SectionNames(dataset.sections, dataset.rivers);
  const shape = (t: RawTable, how: typeof shapeQuality, into: Problem[]): RawTable | undefined => {
    const r = how(t, { names, year: options.year });
    append(into, r.problems);
    if (r.notes.length) {
      const input = inputs.find((f) => f.path === t.file);
      if (input) input.notes = [...(input.notes ?? []), ...r.notes];
    }
    return r.table;
  };
  const targets = tables.targets && shape(tables.targets, shapeTargets, parsing);
  if (targets) dataset.targets = parseTargets(targets, parsing);
  if (tables.agreements) dataset.agreements = parseAgreements(tables.agreements, parsing, rejected.agreements);
  if (tables.signatures) dataset.signatures = parseSignatures(tables.signatures, parsing);
  if (tables.exemptions) dataset.exemptions = parseExemptions(tables.exemptions, parsing);
  if (tables.payments) dataset.payments = parsePayments(tables.payments, parsing);

  const qualityParsing: Problem[] = [];
  const qualityDir = entries.find((e) => QUALITY_DIRS.includes(e));
  if (!qualityDir) {
    problems.push(problem('error', 'E_FILE_MISSING', '数据目录中缺少 quality/ 月度水质文件夹', { file: displayPath(path.resolve(dataDir, 'quality')) }));
  } else {
    const qdir = path.resolve(dataDir, qualityDir);
    const files = await listTableFiles(qdir);
    append(problems, await refusedSpreadsheetProblems(qdir, displayPath(qdir)));
    if (files.length === 0) problems.push(problem('error', 'E_FILE_MISSING', 'quality/ 文件夹中没有 .csv 或 .xlsx 文件', { file: displayPath(qdir) }));
    const spec = { ...T.QUALITY, columns: qualityColumns() };
    const ids = new Map<string, string>();
    for (const name of files) {
      // A file already in the canonical columns goes row by row straight into records (its rows
      // are never all held); any other is read whole, shaped, then parsed.
      let streamed: QualityParser | undefined;
      const take: RowTaker = (t, bytes) => {
        if (!isCanonicalQuality(t)) return undefined;
        // Dropped, records and all, when readTable does not say `taken` (the bytes were not plain after all).
        streamed = qualityParser(t, qualityParsing, rejected.quality, ids, true, bytes);
        return { row: streamed.add, line: streamed.line };
      };
      const { table, problems: ps, input, taken } = await readOne(path.join(qdir, name), spec, 'quality', take, options.readBytes !== false);
      append(problems, ps);
      if (input) inputs.push(input);
      if (taken && streamed) {
        append(dataset.quality, streamed.finish());
        continue;
      }
      const shaped = table && shape(table, shapeQuality, qualityParsing);
      if (shaped) {
        const parser = qualityParser(shaped, qualityParsing, rejected.quality, ids);
        for (const row of shaped.rows) parser.add(row);
        append(dataset.quality, parser.finish());
      }
    }
  }
  append(problems, parsing);
  append(problems, qualityParsing);
  for (const check of RECORD_CHECKS) append(problems, check(dataset));
  return { dataset, problems, inputs };
}

interface Read {
  table?: RawTable | undefined;
  problems: Problem[];
  input?: InputFile | undefined;
  /** The rows went to the row taker (readTable). */
  taken?: true | undefined;
}

async function readOne(abs: string, spec: TableSpec, role: string, take?: RowTaker, readBytes?: boolean): Promise<Read> {
  const shown = displayPath(abs);
  const { table, problems, bytes, taken } = await readTable(abs, spec, shown, take, readBytes);
  let input: InputFile | undefined;
  try {
    input = await describeInput(
      abs,
      shown,
      `${spec.title}（${role}）`,
      table?.encoding ? encodingLabel(table.encoding) : table?.sheet ? `工作表 ${table.sheet}` : undefined,
      table?.layout,
      bytes,
    );
  } catch {
    // Unreadable files were already reported by readTable.
  }
  return { table, problems, input, taken };
}

/** Pushes every item of `more` (push(...more) overflows the stack on a long list). */
function append<T>(to: T[], more: readonly T[]): void {
  for (const x of more) to.push(x);
}

const text = (what: string) => field((s) => textField(s, what, true));
const optText = () => field((s) => ({ ok: true, value: s.trim() }));
const yesNo = (s: string) =>
  enumField(s, ['是', '否'] as const, '补偿断面', { y: '是', yes: '是', n: '否', no: '否', true: '是', false: '否', '1': '是', '0': '否' });

// Parsers of the columns whose texts repeat (months, classes, sources, districts, dates), each
// remembering its results (schemas.ts memo): shared across every file of a run.
const month = memo(monthField);
const cls = memo(classField);
const date = memo(dateField);
const year = memo(yearField);
const party = memo(partyField);
const paymentParty = memo(paymentPartyField);

const RIVERS = rowSchema({
  river_id: text('河流编码'),
  river_name: text('河流名称'),
  origin: field((s) => enumField(s, ['市内发源', '跨省流入'] as const, '来水')),
  end: text('去向'),
  basin_km2: field((s) => decimalField(s, { gt: '0', what: '流域面积' })),
});

const SECTIONS = rowSchema({
  section_id: text('断面编码'),
  section_name: text('断面名称'),
  river_id: text('河流编码'),
  river_km: field((s) => decimalField(s, { min: '0', what: '里程' })),
  kind: memo((s) => enumField<SectionKind>(s, ['国控', '市控', '非考核'], '断面类型', { 国考: '国控', 市考: '市控', 非考核断面: '非考核' })),
  compensation: memo(yesNo),
  upstream_party: optionalField(party),
  downstream_party: optionalField(party),
  benchmark_section: optText(),
});

const TARGETS = rowSchema({ section_id: text('断面编码'), year, target_class: cls });

const AGREEMENTS = rowSchema({
  agreement_id: text('协议编号'),
  river_id: text('河流编码'),
  effective_from: date,
  effective_to: date,
  amount_one: field((s) => decimalField(s, { min: '0', what: '一类标准' })),
  amount_two: field((s) => decimalField(s, { min: '0', what: '两类标准' })),
  mode: memo((s) => enumField<Mode>(s, ['资金', ...NON_MONETARY_MODES], '补偿方式', { 现金: '资金', 货币: '资金' })),
  substitute_value: optionalField((s) => decimalField(s, { min: '0', what: '替代价值' })),
  filed_date: optionalField(date),
});

const SIGNATURES = rowSchema({ agreement_id: text('协议编号'), district: party, signed_date: date });

const QUALITY = rowSchema({
  section_id: text('断面编码'),
  month,
  class: optionalField(cls),
  source: memo((s) => enumField(s, SOURCES, '数据来源')),
  status: memo((s): Parsed<Status> => (s.trim() === '' ? { ok: true, value: '正常' } : enumField<Status>(s, ['正常', '断流', '未监测'], '状态'))),
  note: optText(),
});

const EXEMPTIONS = rowSchema({ section_id: text('断面编码'), month, approval_ref: text('批准文号'), reason: text('原因') });

const PAYMENTS = rowSchema({
  year,
  river_id: text('河流编码'),
  payer: paymentParty,
  payee: paymentParty,
  amount: field((s) => decimalField(s, { gt: '0', what: '金额' })),
  paid_date: date,
});

function parseRivers(t: RawTable, problems: Problem[], rejected: Set<string>): River[] {
  const r = parseRows(t, RIVERS, { origin: { rule: 'R7' } });
  problems.push(...r.problems);
  for (const row of r.rejected) rejected.add(row.get('river_id'));
  return r.rows.map(({ value: v, row }) => ({
    id: v.river_id,
    name: v.river_name,
    origin: v.origin,
    end: v.end,
    basinKm2: v.basin_km2.toString(),
    loc: { file: t.file, row: row.row },
  }));
}

function parseSections(t: RawTable, problems: Problem[], rejected: Set<string>): Section[] {
  const r = parseRows(t, SECTIONS, { upstream_party: { code: 'E_DISTRICT' }, downstream_party: { code: 'E_DISTRICT' } });
  problems.push(...r.problems);
  for (const row of r.rejected) rejected.add(row.get('section_id'));
  const out: Section[] = [];
  for (const { value: v, row } of r.rows) {
    const loc = { file: t.file, row: row.row };
    const s: Section = {
      id: v.section_id,
      name: v.section_name,
      riverId: v.river_id,
      km: v.river_km.toString(),
      kind: v.kind,
      compensation: v.compensation === '是',
      upstream: v.upstream_party,
      downstream: v.downstream_party,
      benchmarkSection: v.benchmark_section || undefined,
      loc,
    };
    problems.push(...checkSectionParties(s, (key) => t.headerOf(key)));
    out.push(s);
  }
  return out;
}

function parseTargets(t: RawTable, problems: Problem[]): Target[] {
  const r = parseRows(t, TARGETS, { target_class: { code: 'E_CLASS', rule: 'R2' } });
  problems.push(...r.problems);
  return r.rows.map(({ value: v, row }) => ({ sectionId: v.section_id, year: v.year, cls: v.target_class, loc: locOf(t, row) }));
}

function parseAgreements(t: RawTable, problems: Problem[], rejected: Set<string>): Agreement[] {
  const r = parseRows(t, AGREEMENTS, { mode: { rule: 'R8' }, amount_one: { rule: 'R8' }, amount_two: { rule: 'R8' } });
  problems.push(...r.problems);
  for (const row of r.rejected) rejected.add(row.get('agreement_id'));
  return r.rows.map(({ value: v, row }) => ({
    id: v.agreement_id,
    riverId: v.river_id,
    from: v.effective_from,
    to: v.effective_to,
    amountOne: wanToYuan(v.amount_one),
    amountTwo: wanToYuan(v.amount_two),
    mode: v.mode,
    substituteValue: v.substitute_value ? wanToYuan(v.substitute_value) : undefined,
    filedDate: v.filed_date,
    loc: { file: t.file, row: row.row },
  }));
}

function parseSignatures(t: RawTable, problems: Problem[]): Signature[] {
  const r = parseRows(t, SIGNATURES, { district: { code: 'E_DISTRICT', rule: 'R8' } });
  problems.push(...r.problems);
  return r.rows.map(({ value: v, row }) => ({
    agreementId: v.agreement_id,
    district: v.district,
    signedDate: v.signed_date,
    loc: { file: t.file, row: row.row },
  }));
}

interface QualityParser {
  add(row: RawRow): void;
  /** Given the file's bytes: the body line bytes.buf[a, b) taken as a record (true) or left to be read as a row (false). */
  line?: ((a: number, b: number, row: number) => boolean) | undefined;
  /** The records, once every row was added; the problems go to `problems` as parseRows then the records' own checks give them. */
  finish(): QualityRecord[];
}

/**
 * `ids`: one string per section id across the files (half a million records share a few
 * thousand). `sameColumns`: every row has the table's columns (a canonical plain CSV's rows, not
 * a shaped table's), so the concentration columns are looked up once.
 */
function qualityParser(
  t: RawTable,
  problems: Problem[],
  rejected: Set<string>,
  ids: Map<string, string>,
  sameColumns = false,
  bytes?: PlainBytes,
): QualityParser {
  const fields = rowParser(t, QUALITY, { class: { code: 'E_CLASS', rule: 'R3' }, source: { rule: 'R3' }, status: { rule: 'R4' } });
  const own: Problem[] = [];
  const out: QualityRecord[] = [];
  let concColumns: ReturnType<typeof concentrationColumnsOf> | undefined;
  const record = (v: QualityValues, loc: Loc, conc: Concentrations, classColumn: string, classText: string, noteColumn: string): void => {
    append(own, conc.problems);
    let sectionId = ids.get(v.section_id);
    if (sectionId === undefined) ids.set(v.section_id, (sectionId = v.section_id));
    const rec: QualityRecord = {
      sectionId,
      month: v.month,
      statedCls: v.class,
      computedCls: conc.computed,
      cls: v.class ?? conc.computed,
      concentrations: conc.values,
      source: v.source,
      status: v.status,
      note: v.note,
      loc,
    };
    const status = checkRecordStatus(rec, { hasConcentrations: conc.hasConcentrations, classColumn, classText, noteColumn });
    append(own, status.problems);
    rec.cls = status.cls;
    out.push(rec);
  };
  const add = (row: RawRow): void => {
    const v = fields.parse(row);
    if (v === undefined) return;
    const loc = locOf(t, row);
    if (sameColumns) concColumns ??= concentrationColumnsOf(row);
    const conc = qualityClassFromRow(row, t, v.class, concColumns);
    record(v, loc, conc, headerFor(t, row, 'class'), row.get('class'), headerFor(t, row, 'note'));
  };
  const finish = (): QualityRecord[] => {
    append(problems, fields.problems);
    for (const row of fields.rejected) {
      const m = monthField(row.get('month'));
      rejected.add(`${row.get('section_id')} ${m.ok ? m.value : row.get('month')}`);
    }
    append(problems, own);
    return out;
  };
  return { add, line: bytes && sameColumns ? plainQualityLines(t, bytes, record) : undefined, finish };
}

type QualityValues = NonNullable<ReturnType<RowParser<SchemaOutput<typeof QUALITY>>['parse']>>;

/**
 * The quality parser's byte-level lines (issue 13): a plain canonical file's line read by
 * PlainFields into exactly the values, texts and concentrations its row would give, then made a
 * record the same way. A line PlainFields cannot take whole is read as a row (`add`), which
 * reports it; undefined when the table has a column rowParser would check for magnitude.
 */
function plainQualityLines(
  t: RawTable,
  bytes: PlainBytes,
  record: (v: QualityValues, loc: Loc, conc: Concentrations, classColumn: string, classText: string, noteColumn: string) => void,
): ((a: number, b: number, row: number) => boolean) | undefined {
  if (t.spec.columns.some((c) => c.plausible && t.columnOf(c.key) !== undefined)) return undefined;
  const conc = CONCENTRATION_COLUMNS.filter((c) => t.columnOf(c.key) !== undefined);
  const keys = QUALITY.fields.map(([k]) => k);
  const cells = new PlainFields(bytes, t, [...QUALITY.fields, ...conc.map((c) => [c.key, undefined] as const)], t.layout.headerCells.length);
  const iSection = keys.indexOf('section_id');
  const iMonth = keys.indexOf('month');
  const iClass = keys.indexOf('class');
  const iSource = keys.indexOf('source');
  const iStatus = keys.indexOf('status');
  const iNote = keys.indexOf('note');
  const classColumn = t.headerOf('class');
  const noteColumn = t.headerOf('note');
  const n = keys.length;
  const concCell = (k: number): string => cells.texts[n + k]!;
  return (a, b, row) => {
    if (!cells.read(a, b)) return false;
    const values = cells.values;
    const q: QualityValues = {
      section_id: values[iSection] as QualityValues['section_id'],
      month: values[iMonth] as QualityValues['month'],
      class: values[iClass] as QualityValues['class'],
      source: values[iSource] as QualityValues['source'],
      status: values[iStatus] as QualityValues['status'],
      note: values[iNote] as QualityValues['note'],
    };
    const classText = cells.texts[iClass]!;
    const found = qualityClassFromCells(conc, concCell, row, t, q.class, classText);
    record(q, { file: t.file, row }, found, classColumn, classText, noteColumn);
    return true;
  };
}

/** A record's place: its row, and the column of its cell where the row is a matrix's cell. */
function locOf(t: RawTable, row: RawRow): Loc {
  return row.cellColumn ? { file: t.file, row: row.row, column: row.cellColumn } : { file: t.file, row: row.row };
}

function parseExemptions(t: RawTable, problems: Problem[]): Exemption[] {
  const r = parseRows(t, EXEMPTIONS, { approval_ref: { rule: 'R5' } });
  problems.push(...r.problems);
  return r.rows.map(({ value: v, row }) => ({
    sectionId: v.section_id,
    month: v.month,
    approvalRef: v.approval_ref,
    reason: v.reason,
    loc: { file: t.file, row: row.row },
  }));
}

function parsePayments(t: RawTable, problems: Problem[]): Payment[] {
  const r = parseRows(t, PAYMENTS, { payer: { code: 'E_DISTRICT', rule: 'R10' }, payee: { code: 'E_DISTRICT', rule: 'R10' }, amount: { rule: 'R10' } });
  problems.push(...r.problems);
  return r.rows.map(({ value: v, row }) => ({
    year: v.year,
    riverId: v.river_id,
    payer: v.payer,
    payee: v.payee,
    amount: v.amount,
    paidDate: v.paid_date,
    loc: { file: t.file, row: row.row },
  }));
}

/**
 * The data folder may say what it is in `DATA-LABEL.txt` (first line), e.g. 示例数据; every
 * workbook shows it so a sample is never mistaken for an official registry.
 */
export async function readDataLabel(dataDir: string): Promise<string> {
  try {
    const text = readFileSync(path.join(dataDir, 'DATA-LABEL.txt'), 'utf8').replace(/^\uFEFF/, '');
    const first = text.split(/\r?\n/).find((l) => l.trim() !== '');
    if (first) return first.trim();
  } catch {
    // No label: fall through.
  }
  return `数据目录：${displayPath(path.resolve(dataDir))}`;
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
