import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { problem, type Problem } from '../domain/problem.js';
import { displayPath } from './inputFiles.js';

/**
 * 编制单位 as the data folder states it: the settings file's key (`ecocomp.json`, {"编制单位": "…"})
 * or a line `编制单位：…` in DATA-LABEL.txt, in that order; `--org` wins over both (in the CLI).
 * A settings file that cannot be read as JSON is a warning, and the run goes on without it.
 */
export async function readOrganization(dataDir: string): Promise<{ org?: string; problems: Problem[] }> {
  const settings = path.join(dataDir, 'ecocomp.json');
  const text = await readText(settings);
  if (text !== undefined) {
    try {
      const v = (JSON.parse(text) as Record<string, unknown> | null)?.['编制单位'];
      if (typeof v === 'string' && v.trim()) return { org: v.trim(), problems: [] };
      if (v !== undefined) return { problems: [problem('warning', 'W_SETTINGS', '设置文件中的「编制单位」应为文字，已忽略', { file: displayPath(settings), column: '编制单位', value: String(v) })] };
    } catch {
      return { problems: [problem('warning', 'W_SETTINGS', '设置文件不是有效的 JSON，已忽略；编制单位可用 --org 给出', { file: displayPath(settings) })] };
    }
  }
  const label = await readText(path.join(dataDir, 'DATA-LABEL.txt'));
  const line = label?.split(/\r?\n/).map((l) => /^\s*编制单位\s*[：:]\s*(.+?)\s*$/.exec(l)?.[1]).find(Boolean);
  return line ? { org: line, problems: [] } : { problems: [] };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
