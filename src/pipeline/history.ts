import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from '../domain/problem.js';
import type { SchemeSet } from '../io/schemeLoad.js';
import { dedupe, runSettlement, type Settlement } from './period.js';

interface HistoryYear {
  year: number;
  dataDir: string;
  settlement: Settlement;
}

export type HistoryOutcome = { ok: true; years: HistoryYear[] } | { ok: false; problems: Problem[]; failedYears: number[] };

/**
 * 历年: each year settled on its own (R1–R10), from `<data>/<year>/` when that folder exists
 * (one folder per year), else from `<data>` itself (several years in one folder). `deadlineDay`
 * (MM-DD) is the clearing deadline in the year after each settled year (R10).
 */
export async function runHistory(dataDir: string, from: number, to: number, deadlineDay?: string, schemes?: SchemeSet): Promise<HistoryOutcome> {
  const years: HistoryYear[] = [];
  const problems: Problem[] = [];
  const failedYears: number[] = [];
  for (let y = from; y <= to; y++) {
    const dir = (await isDir(path.join(dataDir, String(y)))) ? path.join(dataDir, String(y)) : dataDir;
    const r = await runSettlement(dir, y, deadlineDay ? `${y + 1}-${deadlineDay}` : undefined, undefined, schemes);
    if (!r.ok) {
      failedYears.push(y);
      problems.push(...r.problems);
    } else years.push({ year: y, dataDir: dir, settlement: r.settlement });
  }
  return failedYears.length ? { ok: false, problems: dedupe(problems), failedYears } : { ok: true, years };
}

async function isDir(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
