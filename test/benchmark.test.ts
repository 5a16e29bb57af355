import { describe, expect, it } from 'vitest';
import { indexForBenchmarks, resolveBenchmark } from '../src/domain/benchmark.js';
import { section, target } from './helpers.js';

describe('R2 benchmark', () => {
  const a = section('A', '10', '国控');
  const b = section('B', '50', '市控');
  const ix = (extra: ReturnType<typeof section>[] = [], targets = [target('A', 2), target('B', 3)]) => indexForBenchmarks([a, b, ...extra], targets);

  it('an assessment section uses its own target for the year', () => {
    const r = resolveBenchmark(b, 2025, ix());
    expect(r.benchmark?.cls).toBe(3);
    expect(r.benchmark?.via).toBe('B');
  });
  it('a non-assessment section uses the nearest assessment section by river_km', () => {
    const n = section('N', '25', '非考核', '甲', '乙');
    expect(resolveBenchmark(n, 2025, ix([n])).benchmark).toMatchObject({ cls: 2, via: 'A' });
    const m = section('M', '31', '非考核', '甲', '乙');
    expect(resolveBenchmark(m, 2025, ix([m])).benchmark).toMatchObject({ cls: 3, via: 'B' });
  });
  it('upstream and downstream both count (a section below every assessment section)', () => {
    const n = section('N', '90', '非考核', '甲', '乙');
    expect(resolveBenchmark(n, 2025, ix([n])).benchmark?.via).toBe('B');
  });
  it('equidistant without a named section is an error, never a guess (Reading)', () => {
    const n = section('N', '30', '非考核', '甲', '乙');
    const r = resolveBenchmark(n, 2025, ix([n]));
    expect(r.benchmark).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'E_BENCHMARK_TIE', rule: 'R2', severity: 'error' });
  });
  it('distances compare exactly (decimal km)', () => {
    // 30.3 − 10.1 = 20.2 and 50.5 − 30.3 = 20.2 in decimals; binary floats disagree.
    const a2 = section('A', '10.1', '国控');
    const b2 = section('B', '50.5', '市控');
    const n = section('N', '30.3', '非考核', '甲', '乙');
    const r = resolveBenchmark(n, 2025, indexForBenchmarks([a2, b2, n], [target('A', 2), target('B', 3)]));
    expect(r.problems[0]?.code).toBe('E_BENCHMARK_TIE');
  });
  it('an explicitly named benchmark section wins, even over a nearer one', () => {
    const n = section('N', '30', '非考核', '甲', '乙', { benchmarkSection: 'B' });
    expect(resolveBenchmark(n, 2025, ix([n])).benchmark).toMatchObject({ cls: 3, via: 'B' });
    const m = section('M', '12', '非考核', '甲', '乙', { benchmarkSection: 'B' });
    expect(resolveBenchmark(m, 2025, ix([m])).benchmark?.via).toBe('B');
  });
  it('a named benchmark must exist and be an assessment section', () => {
    const n = section('N', '30', '非考核', '甲', '乙', { benchmarkSection: 'X' });
    expect(resolveBenchmark(n, 2025, ix([n])).problems[0]?.code).toBe('E_BENCHMARK_UNKNOWN');
    const o = section('O', '40', '非考核');
    const m = section('M', '30', '非考核', '甲', '乙', { benchmarkSection: 'O' });
    expect(resolveBenchmark(m, 2025, ix([o, m])).problems[0]?.code).toBe('E_BENCHMARK_KIND');
  });
  it('a missing target for the year is an error naming section and year', () => {
    const r = resolveBenchmark(b, 2026, ix());
    expect(r.problems[0]).toMatchObject({ code: 'E_TARGET_MISSING', rule: 'R2' });
    expect(r.problems[0]?.message).toContain('B');
    expect(r.problems[0]?.message).toContain('2026');
    const n = section('N', '45', '非考核', '甲', '乙');
    const viaNearest = resolveBenchmark(n, 2025, ix([n], [target('A', 2)]));
    expect(viaNearest.problems[0]?.code).toBe('E_TARGET_MISSING');
  });
  it('a river without any assessment section cannot resolve', () => {
    const n = section('N', '45', '非考核', '甲', '乙');
    expect(resolveBenchmark(n, 2025, indexForBenchmarks([n], [])).problems[0]?.code).toBe('E_BENCHMARK_NONE');
  });
});
