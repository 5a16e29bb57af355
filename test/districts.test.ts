import { describe, expect, it } from 'vitest';
import { DISTRICTS, MUNICIPAL, resolveDistrict, resolveParty } from '../src/domain/districts.js';

describe('districts (data.md "Districts")', () => {
  it('has the 38 districts and counties plus 万盛经开区', () => {
    expect(DISTRICTS).toHaveLength(39);
    expect(new Set(DISTRICTS.map((d) => d.name)).size).toBe(39);
  });
  it.each([
    ['石柱县', '石柱土家族自治县'],
    ['秀山', '秀山土家族苗族自治县'],
    ['酉阳县', '酉阳土家族苗族自治县'],
    ['彭水县', '彭水苗族土家族自治县'],
    ['丰都区', '丰都县'],
    ['垫江区', '垫江县'],
    ['万盛', '万盛经开区'],
    ['重庆市江津区', '江津区'],
    ['江津', '江津区'],
    ['开县', '开州区'],
    ['永川区', '永川区'],
  ])('%s → %s', (alias, official) => {
    const r = resolveParty(alias);
    expect(r.ok && r.name).toBe(official);
  });
  it('resolves the municipal budget and its variants', () => {
    for (const n of ['市级财政', '市财政局']) {
      const r = resolveParty(n);
      expect(r.ok && r.name).toBe(MUNICIPAL);
    }
    expect(resolveDistrict('市级财政').ok).toBe(false);
  });
  it('suggests the nearest known name for an unknown one', () => {
    const r = resolveParty('永州区');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestion).toBe('永川区');
    const far = resolveParty('北京市海淀区');
    expect(far.ok).toBe(false);
    if (!far.ok) expect(far.suggestion).toBeUndefined();
  });
});
