/**
 * Chongqing's 38 districts and counties, 万盛经开区 and the municipal budget, with the short
 * forms people write (data.md "Districts"). Every name read from input goes through
 * resolveParty(), so one district never appears under two spellings in an output.
 */

export const MUNICIPAL = '市级财政';
/** The river compensation fund (R8); a party in positions, never in input. */
export const FUND = '流域补偿基金';

type Region = '主城都市区' | '渝东北三峡库区城镇群' | '渝东南武陵山区城镇群';

export interface District {
  name: string;
  region: Region;
  aliases: string[];
}

const Z: Region = '主城都市区';
const N: Region = '渝东北三峡库区城镇群';
const S: Region = '渝东南武陵山区城镇群';

/** Official names in the plan's order (十四五水土保持规划 附表2), with accepted variants. */
export const DISTRICTS: readonly District[] = [
  { name: '涪陵区', region: Z, aliases: ['涪陵'] },
  { name: '渝中区', region: Z, aliases: ['渝中'] },
  { name: '大渡口区', region: Z, aliases: ['大渡口'] },
  { name: '江北区', region: Z, aliases: ['江北'] },
  { name: '沙坪坝区', region: Z, aliases: ['沙坪坝', '沙区'] },
  { name: '九龙坡区', region: Z, aliases: ['九龙坡'] },
  { name: '南岸区', region: Z, aliases: ['南岸'] },
  { name: '北碚区', region: Z, aliases: ['北碚'] },
  { name: '渝北区', region: Z, aliases: ['渝北'] },
  { name: '巴南区', region: Z, aliases: ['巴南'] },
  { name: '长寿区', region: Z, aliases: ['长寿'] },
  { name: '江津区', region: Z, aliases: ['江津'] },
  { name: '合川区', region: Z, aliases: ['合川'] },
  { name: '永川区', region: Z, aliases: ['永川'] },
  { name: '南川区', region: Z, aliases: ['南川'] },
  { name: '綦江区', region: Z, aliases: ['綦江'] },
  { name: '大足区', region: Z, aliases: ['大足'] },
  { name: '璧山区', region: Z, aliases: ['璧山', '壁山区', '壁山'] },
  { name: '铜梁区', region: Z, aliases: ['铜梁'] },
  { name: '潼南区', region: Z, aliases: ['潼南'] },
  { name: '荣昌区', region: Z, aliases: ['荣昌'] },
  { name: '万盛经开区', region: Z, aliases: ['万盛', '万盛区', '万盛经济技术开发区'] },
  { name: '万州区', region: N, aliases: ['万州'] },
  { name: '开州区', region: N, aliases: ['开州', '开县'] },
  { name: '梁平区', region: N, aliases: ['梁平', '梁平县'] },
  { name: '城口县', region: N, aliases: ['城口'] },
  { name: '丰都县', region: N, aliases: ['丰都', '丰都区'] },
  { name: '垫江县', region: N, aliases: ['垫江', '垫江区'] },
  { name: '忠县', region: N, aliases: ['忠州'] },
  { name: '云阳县', region: N, aliases: ['云阳'] },
  { name: '奉节县', region: N, aliases: ['奉节'] },
  { name: '巫山县', region: N, aliases: ['巫山'] },
  { name: '巫溪县', region: N, aliases: ['巫溪'] },
  { name: '黔江区', region: S, aliases: ['黔江'] },
  { name: '武隆区', region: S, aliases: ['武隆', '武隆县'] },
  { name: '石柱土家族自治县', region: S, aliases: ['石柱县', '石柱'] },
  { name: '秀山土家族苗族自治县', region: S, aliases: ['秀山县', '秀山'] },
  { name: '酉阳土家族苗族自治县', region: S, aliases: ['酉阳县', '酉阳'] },
  { name: '彭水苗族土家族自治县', region: S, aliases: ['彭水县', '彭水'] },
];

const MUNICIPAL_ALIASES = ['市财政', '市财政局', '市级财政局', '重庆市财政局', '市本级'];

export type PartyResolution = { ok: true; name: string; isAlias: boolean } | { ok: false; suggestion: string | undefined };

const lookup = new Map<string, string>();
for (const d of DISTRICTS) {
  lookup.set(d.name, d.name);
  for (const a of d.aliases) lookup.set(a, d.name);
}
lookup.set(MUNICIPAL, MUNICIPAL);
for (const a of MUNICIPAL_ALIASES) lookup.set(a, MUNICIPAL);

function clean(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^重庆市/, '');
}

/** Resolve a district name (or 市级财政) to its official name. */
export function resolveParty(text: string): PartyResolution {
  const raw = text.normalize('NFKC').replace(/\s+/g, '');
  const direct = lookup.get(raw) ?? lookup.get(clean(text));
  if (direct !== undefined) return { ok: true, name: direct, isAlias: direct !== raw };
  return { ok: false, suggestion: nearestName(clean(text)) };
}

/** Resolve a district only (市级财政 is not a district). */
export function resolveDistrict(text: string): PartyResolution {
  const r = resolveParty(text);
  if (r.ok && r.name === MUNICIPAL) return { ok: false, suggestion: undefined };
  return r;
}

/** Nearest known name by edit distance; undefined when nothing is close. */
function nearestName(text: string): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const [alias, official] of lookup) {
    const dist = editDistance(text, alias);
    if (dist < bestDist) {
      bestDist = dist;
      best = official;
    }
  }
  const limit = Math.max(1, Math.ceil(text.length / 2));
  return bestDist <= limit ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** Sort parties in a stable, readable order: districts in plan order, then 市级财政, then the fund. */
const ORDER = new Map(DISTRICTS.map((d, i) => [d.name, i]));

function partyOrder(name: string): number {
  const i = ORDER.get(name);
  if (i !== undefined) return i;
  if (name === MUNICIPAL) return 1000;
  if (name === FUND) return 1001;
  return 2000;
}

export function compareParties(a: string, b: string): number {
  return partyOrder(a) - partyOrder(b) || (a < b ? -1 : a > b ? 1 : 0);
}
