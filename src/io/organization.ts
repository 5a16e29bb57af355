import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * 编制单位 written in the data folder's DATA-LABEL.txt as a line `编制单位：…`. The settings file
 * (ecocomp.json, 编制单位) and --org come first: both arrive as the --org option.
 */
export async function readOrganization(dataDir: string): Promise<string | undefined> {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, 'DATA-LABEL.txt'), 'utf8');
  } catch {
    return undefined;
  }
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => /^\s*编制单位\s*[：:]\s*(.+?)\s*$/.exec(l)?.[1])
    .find(Boolean);
}
