/**
 * Water-quality classing by GB 3838-2002 (gb3838.md W1–W4): the limits table, item and section
 * classes, monthly averaging, 水质状况, 超标倍数 and 主要污染指标. Pure: no I/O.
 */
export * from './limits.js';
export * from './values.js';
export * from './classing.js';
export * from './average.js';
export * from './columns.js';
export { Conc, meanHalfEven } from './decimal.js';
export * from './aggregate.js';
export * from './reading.js';
export * from './scaledSums.js';
export { referenceEvaluation } from './reference.js';
