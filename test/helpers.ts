import type { WaterClass } from '../src/domain/classes.js';
import { Money } from '../src/domain/money.js';
import type { PairwiseScheme } from '../src/domain/scheme.js';
import type { SchemeSet } from '../src/io/schemeLoad.js';
import { loadSchemeSync } from '../src/io/schemeCheck.js';
import type { Agreement, Dataset, Exemption, QualityRecord, Section, Signature, Target } from '../src/domain/types.js';

/** The shipped 2023 scheme (schemes/2023-chongqing.json), as every command reads it by default. */
export const scheme2023 = loadSchemeSync().scheme as PairwiseScheme;
export const defaultSchemes: SchemeSet = { city: scheme2023, others: [], inputs: [loadSchemeSync().input!] };

/** Small in-memory datasets for domain tests. */
export const loc = (row = 2, file = 'test.csv') => ({ file, row });

export function section(id: string, km: string, kind: Section['kind'], up?: string, down?: string, extra: Partial<Section> = {}): Section {
  return { id, name: id, riverId: 'R', km, kind, compensation: up !== undefined, upstream: up, downstream: down, loc: loc(), ...extra };
}

export function target(sectionId: string, cls: WaterClass, year = 2025): Target {
  return { sectionId, year, cls, loc: loc() };
}

export function agreement(id: string, from: string, to: string, extra: Partial<Agreement> = {}): Agreement {
  return { id, riverId: 'R', from, to, amountOne: new Money('1000000'), amountTwo: new Money('2000000'), mode: '资金', loc: loc(), ...extra };
}

export function sig(agreementId: string, district: string, signedDate = '2023-03-01'): Signature {
  return { agreementId, district, signedDate, loc: loc() };
}

export function rec(
  sectionId: string,
  month: string,
  cls: WaterClass | undefined,
  source: QualityRecord['source'],
  extra: Partial<QualityRecord> = {},
): QualityRecord {
  return { sectionId, month, cls, statedCls: cls, source, status: '正常', note: '', loc: loc(), ...extra };
}

export function exemption(sectionId: string, month: string): Exemption {
  return { sectionId, month, approvalRef: '渝财环免〔2025〕1号', reason: '洪水', loc: loc() };
}

export function dataset(d: Partial<Dataset>): Dataset {
  return {
    rivers: [{ id: 'R', name: '测试河', origin: '跨省流入', end: '长江', basinKm2: '100', loc: loc() }],
    sections: [],
    targets: [],
    agreements: [],
    signatures: [],
    quality: [],
    exemptions: [],
    payments: [],
    ...d,
  };
}

export const yuanOf = (m: Money): string => m.toFixed(2);
