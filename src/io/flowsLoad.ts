import path from 'node:path';
import type { Problem } from '../domain/problem.js';
import type { FlowRecord } from '../domain/types.js';
import { encodingLabel } from './decode.js';
import { decimalField, monthField, textField } from './fields.js';
import type { TableSpec } from './headers.js';
import { describeInput, displayPath } from './inputFiles.js';
import type { InputFile } from '../domain/inputs.js';
import { listDirOrEmpty, readTable } from './readTable.js';
import { field, parseRows, rowSchema } from './schemas.js';

/** flows.csv (schemes.md water quantity term): 断面编码, 月份, 月均流量 m³/s. Optional. */
const FLOWS: TableSpec = {
  title: '月均流量',
  sheetNames: ['月均流量', 'flows'],
  columns: [
    { key: 'section_id', header: '断面编码', required: true },
    { key: 'month', header: '月份', required: true },
    { key: 'flow', header: '月均流量', aliases: ['flow', 'flow_m3s'], required: true },
  ],
};

const NAMES = ['flows', '月均流量'];

export async function loadFlows(dataDir: string): Promise<{ flows: FlowRecord[]; problems: Problem[]; inputs: InputFile[] }> {
  const entries = listDirOrEmpty(dataDir);
  const found = entries.filter((e) => NAMES.some((n) => e.toLowerCase() === `${n}.csv` || e.toLowerCase() === `${n}.xlsx`));
  if (found.length !== 1) return { flows: [], problems: [], inputs: [] };
  const abs = path.resolve(dataDir, found[0]!);
  const shown = displayPath(abs);
  const { table, problems } = await readTable(abs, FLOWS, shown);
  const inputs = [await describeInput(abs, shown, `${FLOWS.title}（flows）`, table?.encoding ? encodingLabel(table.encoding) : undefined)];
  if (!table) return { flows: [], problems, inputs };
  const schema = rowSchema({
    section_id: field((s) => textField(s, '断面编码', true)),
    month: field(monthField),
    flow: field((s) => decimalField(s, { min: '0', what: '月均流量' })),
  });
  const r = parseRows(table, schema, { flow: { rule: '水量' } });
  const flows = r.rows.map(({ value: v, row }) => ({
    sectionId: v.section_id,
    month: v.month,
    flow: v.flow.toString(),
    loc: { file: table.file, row: row.row },
  }));
  return { flows, problems: [...problems, ...r.problems], inputs };
}
