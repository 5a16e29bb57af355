import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Money } from '../src/domain/money.js';
import { renderWorkbook } from '../src/io/xlsxWrite.js';
import { writeOutputs } from '../src/io/writeOutputs.js';
import { classifyJob } from '../src/pipeline/classify.js';
import { historyJob } from '../src/pipeline/history.js';
import { monthlyJob } from '../src/pipeline/monthly.js';
import type { Plan } from '../src/pipeline/plan.js';
import { progressJob } from '../src/pipeline/progress.js';
import { settleJob } from '../src/pipeline/settle.js';
import { validateJob } from '../src/pipeline/validate.js';
import { compareJob } from '../src/pipeline/compare.js';
import type { CellModel, SheetModel, WorkbookModel } from '../src/report/model.js';

// The direct writer (io/xlsxDirect.ts, issue 13) against exceljs, the reference it replaces on
// the hot path: the same bytes, workbook for workbook (outputs.md: same inputs and options →
// byte-identical files, whichever writer). The fixture workbooks carry the R1–R10 settlement,
// the W1–W4 classification and the S1–S6 progress documents.

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ecocomp-xlsx-direct-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** The xlsx files of a plan, rendered once by the direct writer and once by exceljs. */
async function bothWays(job: () => Promise<Plan>): Promise<{ direct: Map<string, Buffer>; exceljs: Map<string, Buffer> }> {
  const xlsx = (p: Plan) => new Map(p.files.filter((f) => f.path.endsWith('.xlsx')).map((f) => [f.path, Buffer.from(f.bytes)]));
  const direct = xlsx(await job());
  process.env.ECOCOMP_XLSX_WRITER = 'exceljs';
  try {
    return { direct, exceljs: xlsx(await job()) };
  } finally {
    delete process.env.ECOCOMP_XLSX_WRITER;
  }
}

function expectSame(r: { direct: Map<string, Buffer>; exceljs: Map<string, Buffer> }, atLeast = 1): void {
  expect([...r.direct.keys()]).toEqual([...r.exceljs.keys()]);
  expect(r.direct.size).toBeGreaterThanOrEqual(atLeast);
  for (const [file, bytes] of r.direct) expect(bytes.equals(r.exceljs.get(file)!), file).toBe(true);
}

describe('every fixture workbook', () => {
  const out = path.join(TMP, 'out');
  it('settle (R9 clearing, R10 enforcement and penalty, revisions, printed labels) and monthly (R1 month by month)', async () => {
    expectSame(
      await bothWays(() =>
        settleJob({
          data: 'fixtures/data',
          out,
          year: 2025,
          deadline: '2026-03-31',
          issued: 'fixtures/issued/2025',
          org: '示例单位 & 财政局',
          date: '2026-01-15',
        }),
      ),
    );
    expectSame(await bothWays(() => settleJob({ data: 'fixtures/office', out, year: 2025 })));
    for (const month of [1, 7, 12]) expectSame(await bothWays(() => monthlyJob({ data: 'fixtures/data', out, year: 2025, month })));
  });

  it('settle with cross-province and pooled schemes (schemes.md)', async () => {
    const scheme = ['youshui-湘渝-示例', 'chishui-云贵川-示例', 'quantity-示例'].map((s) => `fixtures/schemes/${s}.json`);
    expectSame(await bothWays(() => settleJob({ data: 'fixtures/schemes/data', out, year: 2025, deadline: '2026-03-31', scheme })), 3);
  });

  it('validate, progress (S1–S6, data bars), classify (W1–W4, monthly and --each), history and compare', async () => {
    expectSame(await bothWays(() => validateJob({ data: 'fixtures/data', out, year: 2025 })));
    expectSame(await bothWays(() => validateJob({ data: 'fixtures/invalid/impossible-value', out, year: 2025 })));
    expectSame(await bothWays(() => progressJob({ data: 'fixtures/data', out, year: 2025 })));
    expectSame(await bothWays(() => classifyJob({ files: ['fixtures/classify/sample-monthly-2025Q1.csv'], data: 'fixtures/data', out, waterbody: 'river' })));
    expectSame(
      await bothWays(() =>
        classifyJob({
          files: ['fixtures/classify/2026-02-国家地表水自动监测-示例数据.csv'],
          data: 'fixtures/data',
          out,
          waterbody: 'river',
          each: true,
          year: 2026,
        }),
      ),
    );
    expectSame(await bothWays(() => historyJob({ data: 'fixtures/history', out, from: 2023, to: 2025 })));
    const a = path.join(TMP, 'a');
    const b = path.join(TMP, 'b');
    await writeOutputs((await settleJob({ data: 'fixtures/data', out: a, year: 2025 })).files, { force: true });
    await writeOutputs((await settleJob({ data: 'fixtures/data', out: b, year: 2025, scheme: ['fixtures/schemes/cq-2025-09调整-示例.json'] })).files, {
      force: true,
    });
    expectSame(await bothWays(() => compareJob({ a: path.join(a, '2025'), b: path.join(b, '2025'), out })));
  });
});

describe('random workbooks', () => {
  const text = fc.oneof(
    fc.constantFrom('', 'N0001', 'R1–R5 与 W2', 'Ⅲ', 'a&b <c> "d" \'e\'', 'x\u0001y\u007fz\tw\r\nv', '𠀀𠀁', '很长的说明文字'.repeat(9)),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
  );
  const formats = ['text', 'int', 'yuan', 'wan', 'dec1', 'dec2', 'dec3', 'pct', 'pct1', 'date'] as const;
  const fills = ['classI', 'classII', 'classIII', 'classIV', 'classV', 'classVI', 'good', 'warn', 'bad', 'info', 'total'] as const;
  const cell: fc.Arbitrary<CellModel> = fc.oneof(
    text,
    fc.integer({ min: -1e7, max: 1e7 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
    fc.constant(null),
    fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((n) => new Money(`${n / 1000n}.${String(n < 0n ? -n % 1000n : n % 1000n).padStart(3, '0')}`)),
    fc.record(
      {
        v: fc.oneof(text, fc.integer(), fc.constant(null)),
        fill: fc.constantFrom(...fills),
        bold: fc.boolean(),
        format: fc.constantFrom(...formats),
        span: fc.integer({ min: 1, max: 4 }),
      },
      { requiredKeys: ['v'] },
    ),
  );
  const sheet = fc.record({
    name: fc.constantFrom('甲', "乙's & <表>", '丙'),
    widths: fc.array(fc.constantFrom(6, 9, 9, 12, 12, 16.5, 40), { maxLength: 6 }),
    formats: fc.array(fc.option(fc.constantFrom(...formats), { nil: undefined }), { maxLength: 6 }),
    wrap: fc.array(fc.boolean(), { maxLength: 6 }),
    rows: fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 20 }),
    totals: fc.option(fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 2 }), { nil: undefined }),
    footer: fc.option(fc.array(fc.array(fc.constantFrom('', '经办人：', '审核人：'), { maxLength: 4 }), { maxLength: 3 }), { nil: undefined }),
    title: fc.option(text, { nil: undefined }),
    notes: fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }),
    dataBar: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    orientation: fc.option(fc.constantFrom('landscape', 'portrait'), { nil: undefined }),
    noFilter: fc.option(fc.boolean(), { nil: undefined }),
  });
  const workbook = fc.record({
    sheets: fc.uniqueArray(sheet, { selector: (s) => s.name, minLength: 1, maxLength: 3 }),
    print: fc.option(fc.record({ headerLeft: text, headerRight: text, footerLeft: fc.option(text, { nil: undefined }) }), { nil: undefined }),
    title: text,
    day: fc.integer({ min: 0, max: 20000 }),
  });
  const modelOf = (w: typeof workbook extends fc.Arbitrary<infer T> ? T : never): WorkbookModel => ({
    date: new Date(Date.UTC(2000, 0, 1) + w.day * 86_400_000),
    title: w.title,
    ...(w.print ? { print: w.print } : {}),
    sheets: w.sheets.map(
      (s): SheetModel => ({
        name: s.name,
        title: s.title,
        notes: s.notes,
        columns: s.widths.map((width, i) => ({ header: `列${i} & <${i}>`, width, format: s.formats[i], wrap: s.wrap[i] })),
        rows: s.rows,
        totals: s.totals,
        footer: s.footer,
        dataBarColumn: s.dataBar,
        orientation: s.orientation,
        noFilter: s.noFilter,
      }),
    ),
  });

  it('give the bytes exceljs gives', async () => {
    await fc.assert(
      fc.asyncProperty(workbook, async (w) => {
        const model = modelOf(w);
        const direct = await renderWorkbook(model);
        expect(direct.equals(await renderWorkbook(model, { writer: 'exceljs' }))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('long sheets, deflated while they are built, and split at the row limit', async () => {
    const long = (name: string, n: number, extra: Partial<SheetModel> = {}): SheetModel => ({
      name,
      title: `${name}明细`,
      columns: [
        { header: '断面', width: 10 },
        { header: '金额', width: 12, format: 'yuan' },
        { header: '说明', width: 30 },
      ],
      rows: Array.from({ length: n }, (_, i) => [`S${i + 1}`, new Money(String(i * 37)), `第 ${i} 行 ${'文字'.repeat(i % 11)}`]),
      ...extra,
    });
    const model: WorkbookModel = {
      date: new Date(Date.UTC(2026, 2, 31)),
      title: 't',
      sheets: [long('甲', 9000), long('进度', 4000, { dataBarColumn: 1 }), long('乙', 100), long('丙', 7000)],
    };
    const direct = await renderWorkbook(model, { deflateBacklog: 0 });
    expect(direct.equals(await renderWorkbook(model))).toBe(true);
    expect(direct.equals(await renderWorkbook(model, { writer: 'exceljs' }))).toBe(true);
    const split = await renderWorkbook(model, { maxRows: 2500 });
    expect(split.equals(await renderWorkbook(model, { maxRows: 2500, writer: 'exceljs' }))).toBe(true);
  });
});
