import { readFileSync } from 'node:fs';
import path from 'node:path';
import { problem, type Problem } from '../domain/problem.js';
import { displayPath } from './inputFiles.js';

/**
 * The data folder's settings file, `ecocomp.json`: values an office sets once instead of on
 * every command line. Every key is optional; a command-line option always wins over it.
 *
 *   {
 *     "编制单位": "重庆市财政局",          page headers and the 编制单位 line of printed sheets
 *     "清缴截止日": "03-31",             settle's default --deadline: MM-DD of the year after, or YYYY-MM-DD
 *     "湖库断面": ["CQ-S012"],           sections classified with the lake limits (GB 3838 TP)
 *     "说明": "任意文字"                 a note for people; ignored
 *   }
 */
export const SETTINGS_FILE = 'ecocomp.json';

export interface Settings {
  /** 编制单位. */
  org?: string;
  /** 清缴截止日 as written: `MM-DD` (of the year after the settlement year) or `YYYY-MM-DD`. */
  deadline?: string;
  /** 湖库断面: section codes classified as lakes and reservoirs. */
  lakes?: string[];
}

export interface SettingsResult {
  settings: Settings;
  /** Located errors (file ecocomp.json, line, key); empty when the file is absent or valid. */
  problems: Problem[];
  /** The file as shown to the user, when it exists. */
  file?: string;
}

/** The deadline for settlement year Y: `MM-DD` is read as that day of Y + 1. */
export function deadlineFor(setting: string, year: number): string {
  return /^\d{4}-/.test(setting) ? setting : `${year + 1}-${setting}`;
}

/** Reads `<dataDir>/ecocomp.json`. A missing file is no settings; anything wrong is a located error. */
export async function readSettings(dataDir: string): Promise<SettingsResult> {
  const full = path.join(dataDir, SETTINGS_FILE);
  const file = displayPath(path.resolve(full));
  let raw: string;
  try {
    raw = readFileSync(full, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { settings: {}, problems: [] };
    return { settings: {}, file, problems: [settingsError(file, `设置文件无法读取（${code ?? '未知原因'}）`)] };
  }
  const { parseSettings } = await import('./settingsParse.js');
  return parseSettings(raw, file);
}

/** A located error of the settings file. */
export function settingsError(file: string, message: string, row?: number, column?: string, value?: string): Problem {
  return problem('error', 'E_SETTINGS', message, {
    file,
    ...(row !== undefined ? { row } : {}),
    ...(column ? { column } : {}),
    ...(value !== undefined ? { value } : {}),
    rule: '设置',
  });
}
