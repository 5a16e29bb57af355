import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, main } from '../src/cli/main.js';
import { wrapText, displayWidth } from '../src/cli/terminal.js';
import { applyPlan } from '../src/cli/apply.js';
import { EXIT, Steps, noFiles, type Line } from '../src/pipeline/plan.js';
import { monthRuns, problemLines } from '../src/report/problemList.js';
import { fmtAmount } from '../src/report/terminalText.js';
import { Money } from '../src/domain/money.js';
import { problem } from '../src/domain/problem.js';

/** The terminal side of every command: messages, grouping, --json, help (issues 10 and 14). */
let stdout: string[];
let stderr: string[];
beforeEach(() => {
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (stdout.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (stderr.push(String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const tmp = (name: string) => mkdtempSync(path.join(tmpdir(), `ecocomp-${name}-`));
function dataCopy(edit?: (dir: string) => void): string {
  const d = tmp('data');
  cpSync('fixtures/data', d, { recursive: true });
  edit?.(d);
  return d;
}
/** Drops rows of the 市级通报 quality file whose section and month match. */
const dropQuality = (d: string, keep: (line: string) => boolean) => {
  const f = path.join(d, 'quality', '2025-市级通报.csv');
  writeFileSync(f, readFileSync(f, 'utf8').split('\r\n').filter(keep).join('\r\n'));
};

describe('amounts on the terminal', () => {
  it('thousands separators and 万元', () => {
    expect(fmtAmount(new Money('30500000'))).toBe('30,500,000.00 元（3,050.00 万元）');
    expect(fmtAmount(new Money('-1234.5'))).toBe('-1,234.50 元（-0.12 万元）');
    expect(fmtAmount(new Money('999'))).toBe('999.00 元（0.10 万元）');
  });
  it('settle prints its totals that way (30,500,000.00 元 of compensation, R9 balance)', async () => {
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', tmp('out'), '--no-color'])).toBe(0);
    const out = stdout.join('');
    expect(out).toContain('补偿划转 17 笔，合计 30,500,000.00 元（3,050.00 万元）');
    expect(out).toContain('流域补偿基金 4 笔，合计 15,000,000.00 元（1,500.00 万元）');
    expect(out).toContain('平衡校验（R9）：应付合计 = 应收合计 = 45,500,000.00 元（4,550.00 万元）');
    expect(out).toContain('收扣合计 34,100,000.00 元（3,410.00 万元），含罚息 3,100,000.00 元（310.00 万元）');
  });
});

describe('--deadline and --month (issue 10 "Parameters that make no sense")', () => {
  it('a deadline on or before the last day of the settled year is a usage error naming the option', async () => {
    for (const d of ['2025-12-31', '2025-06-30']) {
      stderr.length = 0;
      expect(await main(['settle', '--year', '2025', '--deadline', d, '--data', 'fixtures/data', '--out', tmp('out')])).toBe(2);
      expect(stderr.join('')).toBe(`错误：--deadline ${d} 不在清算年度之后：清缴截止日应晚于 2025-12-31（通常为次年，例如 2026-03-31）\n`);
    }
  });
  it('more than two years after the year is a warning, and the run goes on', async () => {
    expect(await main(['settle', '--year', '2025', '--deadline', '2028-01-01', '--data', 'fixtures/data', '--out', tmp('out'), '-q'])).toBe(0);
    expect(stderr.join('')).toContain('注意：--deadline 2028-01-01 比清算年度 2025 年末晚两年以上');
    stderr.length = 0;
    expect(await main(['settle', '--year', '2025', '--deadline', '2027-12-31', '--data', 'fixtures/data', '--out', tmp('out'), '-q'])).toBe(0);
    expect(stderr.join('')).toBe('');
  });
  it('--month 2025-3 and 2025年3月 are read like 2025-03', async () => {
    for (const m of ['2025-3', '2025年3月', '2025-03']) {
      const o = tmp('m');
      expect(await main(['monthly', '--month', m, '--data', 'fixtures/data', '--out', o, '-q'])).toBe(0);
      expect(readFileSync(path.join(o, '2025', 'ledger-2025-03.csv'), 'utf8').split('\r\n')).toHaveLength(1 + 49 + 1);
    }
    expect(await main(['validate', '--month', '2025年3月', '--data', 'fixtures/data', '--out', tmp('v'), '-q'])).toBe(0);
    expect(await main(['monthly', '--month', '2025-13', '--data', 'fixtures/data'])).toBe(2);
    expect(stderr.join('')).toContain('--month 月份应在 01–12 之间');
  });
});

describe('validate describes the data as it is now', () => {
  it('twice after editing the data: the report is replaced without --force, and the exit code follows the data', async () => {
    const d = dataCopy((dir) => dropQuality(dir, (l) => !l.startsWith('LJH02,2025/05')));
    const o = tmp('val');
    expect(await main(['validate', '--year', '2025', '--data', d, '--out', o, '-q'])).toBe(1);
    expect(readFileSync(path.join(o, 'validation.csv'), 'utf8')).toContain('E_MONTH_MISSING');
    cpSync('fixtures/data/quality', path.join(d, 'quality'), { recursive: true });
    expect(await main(['validate', '--year', '2025', '--data', d, '--out', o, '-q'])).toBe(0);
    expect(readFileSync(path.join(o, 'validation.csv'), 'utf8')).not.toContain('E_MONTH_MISSING');
    dropQuality(d, (l) => !l.startsWith('LJH02,2025/05'));
    expect(await main(['validate', '--year', '2025', '--data', d, '--out', o, '-q'])).toBe(1);
    expect(readFileSync(path.join(o, 'validation.csv'), 'utf8')).toContain('E_MONTH_MISSING');
  });
});

describe('problem lists a person can read', () => {
  it('one section missing over consecutive months is one line, pointing at the quality folder', async () => {
    const d = dataCopy((dir) => dropQuality(dir, (l) => !l.startsWith('LJH02,')));
    const o = tmp('val');
    expect(await main(['validate', '--year', '2025', '--data', d, '--out', o, '--no-color'])).toBe(1);
    const lines = stdout
      .join('')
      .split('\n')
      .filter((l) => l.includes('E_MONTH_MISSING'));
    expect(lines).toEqual([
      `  错误 E_MONTH_MISSING ${path.join(d, 'quality')}/ 「断面编码」列 值「LJH02」：补偿断面 LJH02（茨坝）2025-01 至 2025-12 没有可用的监测结果：请在该文件夹的水质文件中补上该断面的国家通报或市级通报结果，或注明断流/未监测 [R4]`,
    ]);
    // The files keep every row.
    expect(
      readFileSync(path.join(o, 'validation.csv'), 'utf8')
        .split('\r\n')
        .filter((l) => l.includes('E_MONTH_MISSING')),
    ).toHaveLength(12);
  });
  it('a year with no quality data at all is one line saying which years the data holds', async () => {
    expect(await main(['validate', '--year', '2026', '--data', 'fixtures/data', '--out', tmp('val'), '--no-color'])).toBe(1);
    const out = stdout.join('');
    expect(out).toMatch(/检查结果：612 个错误，\d+ 个警告/);
    expect(out.split('\n').filter((l) => l.includes('E_MONTH_MISSING'))).toEqual([
      '  错误 E_MONTH_MISSING fixtures/data/quality/：2026 年没有任何水质数据（612 个补偿断面月缺结果）；数据中只有 2025 年的水质数据。请核对年份，或把 2026 年的水质文件放进该文件夹 [R4]',
    ]);
  });
  it('runs of months; problems that differ in more than the month stay apart', () => {
    expect(monthRuns(['2026-03', '2026-01', '2026-02', '2026-05', '2025-12'])).toBe('2025-12 至 2026-03、2026-05');
    const plain = (l: Line): string => (typeof l === 'string' ? l : l.map((x) => (typeof x === 'string' ? x : x.text)).join(''));
    const p = (m: string, value = 'A01') => problem('error', 'E_MONTH_MISSING', `断面 ${value} ${m} 缺数`, { file: 'q/', value });
    expect(problemLines([p('2025-02'), p('2025-01'), p('2025-03', 'B01'), p('2025-04')]).map(plain)).toEqual([
      '错误 E_MONTH_MISSING q/ 值「A01」：断面 A01 2025-01 至 2025-02、2025-04 缺数',
      '错误 E_MONTH_MISSING q/ 值「B01」：断面 B01 2025-03 缺数',
    ]);
  });
  it('at most 50 lines on the terminal, then a count and where the full list is; --all lists every line', async () => {
    const many = Array.from({ length: 60 }, (_, i) => problem('warning', 'W_ROW_SHORT', `第 ${i + 1} 个问题`, { file: 'a.csv', row: i + 2 }));
    const plan = noFiles('validate', EXIT.OK, new Steps().problems('out', many, { fullList: 'out/validation.csv / validation.xlsx' }), many);
    expect(await applyPlan(plan, { color: false })).toBe(EXIT.OK);
    const lines = stdout.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[51]).toBe('  ……另有 10 行未列出（共 60 条问题）；完整清单见 out/validation.csv / validation.xlsx，或加 --all 在终端列出全部');
    stdout.length = 0;
    await applyPlan(plan, { color: false, all: true });
    expect(stdout.join('').trimEnd().split('\n')).toHaveLength(61);
  });
});

describe('monthly on the terminal', () => {
  it('-q prints nothing on exit 3 either: the exit code is the message', async () => {
    const d = dataCopy((dir) => rmSync(path.join(dir, 'quality', '2025-国家通报.xlsx')));
    expect(await main(['monthly', '--month', '2025-03', '--data', d, '--out', tmp('m'), '-q'])).toBe(3);
    expect(stdout.join('') + stderr.join('')).toBe('');
    expect(await main(['monthly', '--month', '2025-03', '--data', d, '--out', tmp('m')])).toBe(3);
    expect(stderr.join('')).toContain('2025-03 数据尚未齐全');
  });
  it("without -q the summary gives the month's amounts and the warning count", async () => {
    expect(await main(['monthly', '--month', '2025-03', '--data', 'fixtures/data', '--out', tmp('m'), '--no-color'])).toBe(0);
    const out = stdout.join('');
    // March: BNH 两河口 Ⅲ (江津→璧山 1,000,000), LXH 普顺 Ⅳ (梁平→垫江 1,000,000) and the YLH head Ⅳ
    // (市级财政→渝北 1,000,000, R7); 长寿区 pays the fund for 大洪河 (R8).
    expect(out).toContain('补偿断面 49 个已结算，当月补偿金额（轧差前）合计 3,000,000.00 元（300.00 万元）');
    expect(out).toContain('流域补偿基金 1 笔，合计 1,000,000.00 元（100.00 万元）');
    expect(out).toContain('警告 4 条，见工作簿「数据问题」表');
  });
});

describe('--json', () => {
  it('settle: one JSON object on stdout with the outcome, nothing else', async () => {
    const o = tmp('json');
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', o, '--json'])).toBe(0);
    const text = stdout.join('');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    const j = JSON.parse(text) as Record<string, unknown>;
    expect(j).toMatchObject({
      command: 'settle',
      exitCode: 0,
      outcome: '完成',
      totals: {
        year: 2025,
        compensationTransfers: 17,
        compensationYuan: '30500000.00',
        fundYuan: '15000000.00',
        totalPaidYuan: '45500000.00',
        totalReceivedYuan: '45500000.00',
        unpaidYuan: '31000000.00',
        penaltyYuan: '3100000.00',
        forcedYuan: '34100000.00',
      },
    });
    expect((j.files as { written: string[] }).written.map((f) => path.basename(f))).toEqual([
      'settlement-2025.xlsx',
      'settlement-2025.html',
      'ledger-2025.csv',
      'fund-2025.csv',
      'transfers-2025.csv',
      'positions-2025.csv',
      'enforcement-2025.csv',
      'revisions-2025.csv',
    ]);
    expect((j.problems as { errors: number; byCode: Record<string, number> }).errors).toBe(0);
    expect((j.problems as { byCode: Record<string, number> }).byCode.W_RECORD_CONFLICT).toBe(1);
    // A rerun: the same files, unchanged.
    stdout.length = 0;
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', o, '--json'])).toBe(0);
    expect((JSON.parse(stdout.join('')) as { files: { written: string[]; unchanged: string[] } }).files).toMatchObject({
      written: [],
      unchanged: expect.arrayContaining([expect.stringContaining('ledger-2025.csv')]),
    });
  });
  it('failures too: invalid input, a conflicting output (5), a usage error (2)', async () => {
    expect(await main(['validate', '--year', '2025', '--data', 'fixtures/invalid/benchmark-tie', '--out', tmp('j'), '--json'])).toBe(1);
    const v = JSON.parse(stdout.join('')) as { exitCode: number; problems: { errors: number; byCode: Record<string, number> } };
    expect(v.exitCode).toBe(1);
    expect(v.problems.byCode.E_BENCHMARK_TIE).toBe(1);
    const o = tmp('j');
    await main(['monthly', '--month', '2025-03', '--data', 'fixtures/data', '--out', o, '-q']);
    writeFileSync(path.join(o, '2025', 'ledger-2025-03.csv'), 'edited');
    stdout.length = 0;
    expect(await main(['monthly', '--month', '2025-03', '--data', 'fixtures/data', '--out', o, '--json'])).toBe(5);
    expect(JSON.parse(stdout.join(''))).toMatchObject({ exitCode: 5, error: expect.stringContaining('--force') });
    stdout.length = 0;
    expect(await main(['settle', '--json', '--data', 'fixtures/data'])).toBe(2);
    expect(JSON.parse(stdout.join(''))).toMatchObject({ command: 'settle', exitCode: 2, error: '必须给出选项 --year <年份>' });
  });
});

const commands = (await buildProgram()).commands.map((c) => c.name());

describe('commands are loaded when used', () => {
  it('a run of one command registers only it; help, unknown words and no command register all', async () => {
    expect((await buildProgram(['settle', '--year', '2025'])).commands.map((c) => c.name())).toEqual(['settle']);
    expect(commands).toEqual(['validate', 'settle', 'monthly', 'progress', 'classify', 'scheme', 'compare', 'history', 'init']);
    for (const argv of [[], ['help', 'settle'], ['--help'], ['setle'], ['-v']])
      expect((await buildProgram(argv)).commands.map((c) => c.name())).toEqual(commands);
  });
});

describe('help and errors in a Chinese terminal', () => {
  // In-process (stdout is not a terminal here, so commander wraps at 80 columns as in a pipe).
  const run = async (args: string[]) => {
    stdout.length = 0;
    stderr.length = 0;
    const status = await main(args);
    return { status, stdout: stdout.join(''), stderr: stderr.join('') };
  };

  it('every help is wrapped at 80 columns (not a terminal), descriptions aligned by display width, with examples', async () => {
    expect(process.stdout.isTTY).toBeFalsy();
    for (const args of [['--help'], ...commands.map((c) => [c, '--help'])]) {
      const r = await run(args);
      expect(r.status).toBe(0);
      const lines = r.stdout.split('\n');
      for (const l of lines) expect(displayWidth(l), `${args.join(' ')}: ${l}`).toBeLessThanOrEqual(80);
      // Items under 选项/命令 start their description at one display column (CJK counts two).
      const sections = new Set(['选项：', '命令：', '参数：']);
      let inList = false;
      const items = lines.filter((l) => {
        if (sections.has(l)) return !(inList = true);
        if (l === '') inList = false;
        return inList && /^ {2}\S/.test(l) && / {2,}\S/.test(l.slice(2));
      });
      expect(items.length).toBeGreaterThan(1);
      const columns = new Set(
        items.map((l) => displayWidth(l.slice(0, l.search(/(?<=\S) {2,}\S/) + 1)) + (l.slice(l.search(/(?<=\S) {2,}\S/) + 1).match(/^ +/)?.[0].length ?? 0)),
      );
      expect(columns.size, args.join(' ')).toBe(1);
      expect(r.stdout).toContain('示例：');
    }
  });
  it('ecocomp --help: the command list and the exit-code table, as pinned here', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toContain(
      [
        '退出码：',
        '  0   完成',
        '  1   输入数据有错误，或输出文件无法写出（被 Excel/WPS 占用、另一次运行正在写同',
        '      一目录等）；未改动结果文件（validate 仍写出检查报告）',
        '  2   用法错误（未知命令或选项、取值不对）',
        '  3   数据尚未齐全，可稍后重试（monthly 当月缺结果；progress 当年无任何区县数',
        '      据，或全市水土保持率未算出）',
        '  4   内部错误（如收支不平衡），属程序缺陷，未写出文件',
        '  5   输出文件已存在且内容不同，未加 --force，未改动任何文件',
      ].join('\n'),
    );
    expect(r.stdout).toContain(
      ['  settle [选项]              年度清算：按月核算、按年清缴，写出', '                             out/年份/settlement-年份.xlsx 及'].join('\n'),
    );
  });
  it('CJK text wraps between characters, never before closing punctuation or inside a path', () => {
    expect(wrapText('检查输入数据（表结构、引用），输出 out/年份/validation.xlsx', 16)).toBe(
      '检查输入数据（表\n结构、引用），输\n出\nout/年份/validation.xlsx',
    );
  });
  it('-v and --version print the version; help for an unknown command is an error', async () => {
    expect((await run(['-v'])).stdout).toBe('0.1.0\n');
    expect((await run(['--version'])).stdout).toBe('0.1.0\n');
    const r = await run(['help', 'setle']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`错误：未知命令 setle：没有这个命令的帮助（可用命令：${commands.join('、')}）\n`);
  });
  it('every error line ends with a newline and names the argument it is about', async () => {
    const cases: [string[], string][] = [
      [['settle', '--year', '2025', '--bogus'], '错误：未知选项 --bogus\n'],
      [['settle', 'extra', '--year', '2025'], '错误：多余的参数「extra」：settle 命令不接受它（选项以 -- 开头，例如 --year 2025）\n'],
      [['settle', '--year'], '错误：选项 --year <年份> 缺少取值\n'],
      [['settle'], '错误：必须给出选项 --year <年份>\n'],
      [['settle', '--year', '25'], '错误：--year 应为四位年份，例如 2025（收到「25」）\n'],
      [['frobnicate'], '错误：未知命令 frobnicate\n'],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(message);
    }
  });
});
