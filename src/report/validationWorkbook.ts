import type { Problem } from '../domain/problem.js';
import type { InputFile } from '../domain/inputs.js';
import type { WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';

/** validation.xlsx: the problems, then where the inputs came from. */
export function validationWorkbook(problems: readonly Problem[], inputs: readonly InputFile[], periodLabel: string, date: Date): WorkbookModel {
  return {
    date,
    title: `数据检查结果 ${periodLabel}`,
    sheets: [problemsSheet('检查结果', `数据检查结果（${periodLabel}）`, problems), provenanceSheet(inputs, [['检查期间', periodLabel]])],
  };
}
