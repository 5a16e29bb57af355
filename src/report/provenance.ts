import type { InputFile } from '../io/inputFiles.js';
import { RULES_VERSION, TOOL_VERSION } from '../version.js';
import type { SheetModel } from './model.js';

/** 来源 sheet: tool version, rules version, parameters, each input file with its SHA-256. */
export function provenanceSheet(inputs: readonly InputFile[], parameters: readonly [string, string][]): SheetModel {
  const rows: (string | number)[][] = [
    ['工具', `ecocomp ${TOOL_VERSION}`, '', ''],
    ['规则版本', RULES_VERSION, '', ''],
    ...parameters.map(([k, v]) => [`参数 ${k}`, v, '', '']),
    ['', '', '', ''],
    ['输入文件', '用途', '字节数', 'SHA-256'],
    ...[...inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => [f.path, f.encoding ? `${f.role}（${f.encoding}）` : f.role, f.bytes, f.sha256]),
  ];
  return {
    name: '来源',
    title: '数据来源与运行参数',
    columns: [
      { header: '项目', width: 36 },
      { header: '内容', width: 40 },
      { header: '', width: 12, format: 'int' },
      { header: '', width: 70 },
    ],
    rows,
    noFilter: true,
  };
}
