import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const TABLES = ['agreements.csv', 'exemptions.csv', 'payments.csv', 'quality/水质-2025.csv', 'rivers.csv', 'sections.csv', 'signatures.csv', 'targets.csv'];

describe('ecocomp init <folder>', () => {
  it('writes every table as a template with one example row marked 示例, the soil folder and 说明.txt', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'ecocomp-init-')), '数据');
    expect(await main(['init', dir, '--no-color'])).toBe(0);
    expect(err).toBe('');
    expect(out).toContain(`已新建数据目录 ${dir}\n`);
    expect(out).toContain(`填好后运行：ecocomp validate --data ${dir}\n`);
    expect((await readdir(dir)).sort()).toEqual([
      'agreements.csv',
      'ecocomp.json',
      'exemptions.csv',
      'payments.csv',
      'quality',
      'rivers.csv',
      'sections.csv',
      'signatures.csv',
      'soil',
      'targets.csv',
      '说明.txt',
    ]);
    expect(await readFile(path.join(dir, 'rivers.csv'), 'utf8')).toBe(
      '\ufeff河流编码,河流名称,来水,去向,流域面积,说明\r\nR01,示例河,市内发源,长江,1200,示例（填入实际数据后删除本行）\r\n',
    );
    expect(await readFile(path.join(dir, 'sections.csv'), 'utf8')).toBe(
      '\ufeff断面编码,断面名称,河流编码,里程,断面类型,补偿断面,上游主体,下游主体,基准断面,说明\r\nS01,示例河出境断面,R01,35.2,市控,是,璧山区,江津区,,示例（填入实际数据后删除本行）\r\n',
    );
    expect((await readFile(path.join(dir, 'soil', '水土保持考核表.csv'), 'utf8')).split('\r\n')[0]).toBe(
      '\ufeff区县,年度,水土保持率,总面积,水土流失面积,新增治理面积,重点治理面积,生态清洁小流域,备注,说明',
    );
    const readme = await readFile(path.join(dir, '说明.txt'), 'utf8');
    expect(readme).toContain('rivers.csv        河流');
    expect(readme).toContain('soil/             水土保持考核表');
  });

  it('validate on the fresh folder: every example row is skipped with a message naming it, no errors', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'ecocomp-init-'));
    const dir = path.join(root, 'data');
    await main(['init', dir, '-q']);
    out = '';
    expect(await main(['validate', '--data', dir, '--out', path.join(root, 'out'), '--no-color'])).toBe(0);
    expect(out).toContain('检查结果：0 个错误，8 个警告\n');
    for (const t of TABLES) {
      expect(out).toContain(
        `警告 W_EXAMPLE_ROW ${dir}/${t} 第2行 「说明」列 值「示例（填入实际数据后删除本行）」：模板的示例行，检查和计算时跳过；填入实际数据后请删除本行\n`,
      );
    }
    // Replacing the 示例 mark by nothing turns the example into data that is read.
    const rivers = path.join(dir, 'rivers.csv');
    await writeFile(rivers, (await readFile(rivers, 'utf8')).replace('示例（填入实际数据后删除本行）', ''));
    out = '';
    await main(['validate', '--data', dir, '--out', path.join(root, 'out2'), '--no-color']);
    expect(out).not.toContain(`${dir}/rivers.csv 第2行 「说明」列`);
  });

  it('refuses to overwrite: a second init exits 2 and changes nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ecocomp-init-'));
    await writeFile(path.join(dir, 'rivers.csv'), '河流编码\r\nR9\r\n');
    expect(await main(['init', dir, '--no-color'])).toBe(2);
    expect(err).toBe(`错误：${dir} 中已有以下文件，为免覆盖，未写出任何文件：rivers.csv\n`);
    expect(await readdir(dir)).toEqual(['rivers.csv']);
    expect(await readFile(path.join(dir, 'rivers.csv'), 'utf8')).toBe('河流编码\r\nR9\r\n');
  });
});
