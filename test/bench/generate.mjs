// Deterministic synthetic data for `npm run bench` (issue 5), in the data.md formats.
// Seeded PRNG (mulberry32), no Math.random, no clock: the same arguments always give the same
// bytes. Writes only where it is told (the bench passes a folder under os.tmpdir()).
//
// - generateCompensationData(dir, { sections, years, seed }): a data folder like
//   fixtures/data (rivers, sections, targets, agreements, signatures, quality/, exemptions,
//   payments) with `sections` compensation sections, three per river (R7 head/tail), targets for
//   every assessment section and year, monthly results for every section and month of `years`.
// - generateStationFile(file, { sections, year, perDay, seed }): one year of automatic-station
//   readings with concentrations (采样时间 every 24/perDay hours), for `classify`.
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { CONC } from '../fixtures/classConcentrations.mjs';

/** mulberry32: small, fast, good enough for synthetic data. Returns floats in [0, 1). */
export function makePrng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (xs) => xs[Math.floor(next() * xs.length)];
  return next;
}

const MUNICIPAL = '市级财政';
// The 38 districts and 万盛经开区 (official names, src/domain/districts.ts); a few short forms are
// written too, as clerks do.
const DISTRICTS = [
  '涪陵区',
  '渝中区',
  '大渡口区',
  '江北区',
  '沙坪坝区',
  '九龙坡区',
  '南岸区',
  '北碚区',
  '渝北区',
  '巴南区',
  '长寿区',
  '江津区',
  '合川区',
  '永川区',
  '南川区',
  '綦江区',
  '大足区',
  '璧山区',
  '铜梁区',
  '潼南区',
  '荣昌区',
  '万盛经开区',
  '万州区',
  '开州区',
  '梁平区',
  '城口县',
  '丰都县',
  '垫江县',
  '忠县',
  '云阳县',
  '奉节县',
  '巫山县',
  '巫溪县',
  '黔江区',
  '武隆区',
  '石柱土家族自治县',
  '秀山土家族苗族自治县',
  '酉阳土家族苗族自治县',
  '彭水苗族土家族自治县',
];
const SHORT = {
  石柱土家族自治县: '石柱县',
  秀山土家族苗族自治县: '秀山县',
  酉阳土家族苗族自治县: '酉阳县',
  彭水苗族土家族自治县: '彭水县',
  江津区: '江津',
  丰都县: '丰都',
};

const CLASS_TEXT = ['', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', '劣Ⅴ'];
const SPELLINGS = [
  (c) => `${CLASS_TEXT[c]}类`,
  (c) => CLASS_TEXT[c],
  (c) => (c === 6 ? '劣V' : ['', 'I', 'II', 'III', 'IV', 'V'][c]),
  (c) => (c === 6 ? '劣五类' : ['', '一类', '二类', '三类', '四类', '五类'][c]),
  (c) => (c === 6 ? '劣5' : String(c)),
];

/** RFC 4180 field: quoted only when needed. */
const q = (v) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (cells) => cells.map(q).join(',') + '\r\n';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Buffered writer: strings are collected and written in ~1 MiB chunks. */
function writer(file, { encoding = 'utf8', bom = false } = {}) {
  const fd = openSync(file, 'w');
  let parts = [];
  let size = 0;
  let bytes = 0;
  let rows = 0;
  const flush = () => {
    if (!parts.length) return;
    const text = parts.join('');
    const buf = encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
    writeSync(fd, buf);
    bytes += buf.length;
    parts = [];
    size = 0;
  };
  if (bom) {
    writeSync(fd, BOM);
    bytes += 3;
  }
  return {
    row(cells) {
      const s = line(cells);
      parts.push(s);
      size += s.length;
      rows++;
      if (size > 1 << 20) flush();
    },
    raw(s, n = 1) {
      parts.push(s);
      size += s.length;
      rows += n;
      if (size > 1 << 20) flush();
    },
    close() {
      flush();
      closeSync(fd);
      return { file, bytes, rows };
    },
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/**
 * River network: ceil(sections / 3) rivers. A full river has three compensation sections:
 * head (跨省流入: 市级财政 → district) or district → district, a middle non-assessment section, and
 * the tail (district → 市级财政). Every fourth river also has an assessment-only section (补偿断面 否).
 */
export function buildNetwork(nComp, seed) {
  const rnd = makePrng(seed);
  const rivers = [];
  let left = nComp;
  let i = 0;
  while (left > 0) {
    i++;
    const n = Math.min(3, left);
    left -= n;
    const rid = `R${pad(i, 4)}`;
    const inflow = n === 3 && i % 3 === 1;
    const ds = [];
    while (ds.length < 4) {
      const d = rnd.pick(DISTRICTS);
      if (ds[ds.length - 1] !== d) ds.push(d);
    }
    const sections = [];
    const sid = (k) => `${rid}-${k}`;
    // A base class the river's targets sit at (Ⅱ or Ⅲ, a few Ⅳ).
    const base = rnd() < 0.4 ? 2 : rnd() < 0.9 ? 3 : 4;
    if (i % 4 === 0) sections.push({ id: sid(0), km: 5, kind: '市控', comp: false, up: '', down: '', bench: '', base });
    if (n === 3) {
      sections.push({ id: sid(1), km: inflow ? 0 : 20, kind: '国控', comp: true, up: inflow ? MUNICIPAL : ds[0], down: ds[1], bench: '', base });
      sections.push({ id: sid(2), km: 50, kind: '非考核', comp: true, up: ds[1], down: ds[2], bench: i % 7 === 0 ? sid(3) : '', base });
      sections.push({ id: sid(3), km: 120, kind: '市控', comp: true, up: ds[2], down: MUNICIPAL, bench: '', base });
    } else if (n === 2) {
      sections.push({ id: sid(1), km: 20, kind: '国控', comp: true, up: ds[0], down: ds[1], bench: '', base });
      sections.push({ id: sid(2), km: 80, kind: '市控', comp: true, up: ds[1], down: MUNICIPAL, bench: '', base });
    } else {
      sections.push({ id: sid(1), km: 20, kind: '国控', comp: true, up: ds[0], down: MUNICIPAL, bench: '', base });
    }
    rivers.push({
      id: rid,
      name: `合成河${pad(i, 4)}`,
      origin: inflow ? '跨省流入' : '市内发源',
      end: rnd.pick(['长江', '嘉陵江', '乌江', '涪江', '出市（四川）']),
      basin: 200 + rnd.int(8000),
      sections,
    });
  }
  return rivers;
}

const sourceOf = (s, joint) => (s.kind === '国控' ? '国家通报' : s.kind === '市控' ? '市级通报' : joint ? '联合监测' : '监测中心');

export function generateCompensationData(dir, { sections: nComp, years, seed = 20250101 }) {
  mkdirSync(path.join(dir, 'quality'), { recursive: true });
  const rivers = buildNetwork(nComp, seed);
  const rnd = makePrng(seed ^ 0x5eed);
  const files = [];
  const settleYear = years[years.length - 1];

  // rivers.csv: UTF-8 with BOM, English headers (aliases).
  let w = writer(path.join(dir, 'rivers.csv'), { bom: true });
  w.row(['river_id', 'river_name', 'origin', 'end', 'basin_km2', '备注']);
  for (const r of rivers) w.row([r.id, r.name, r.origin, r.end, r.basin, '合成数据（基准测试）']);
  files.push(w.close());

  // sections.csv: GBK, as Excel on Chinese Windows saves it; some short district names.
  w = writer(path.join(dir, 'sections.csv'), { encoding: 'gbk' });
  w.row(['断面编码', '断面名称', '河流编码', '里程（km）', '断面类型', '补偿断面', '上游主体', '下游主体', '基准断面']);
  for (const r of rivers) {
    for (const s of r.sections) {
      const sp = (p) => (p && SHORT[p] && rnd() < 0.3 ? SHORT[p] : p);
      w.row([s.id, `${r.name}断面${s.id.slice(-1)}`, r.id, s.km, s.kind, s.comp ? '是' : '否', sp(s.up), sp(s.down), s.bench]);
    }
  }
  files.push(w.close());

  // targets.csv: every assessment section, every year (and the year after, as a plan would).
  w = writer(path.join(dir, 'targets.csv'));
  w.row(['断面编码', '年度', '目标类别']);
  for (const y of [...years, settleYear + 1]) {
    for (const r of rivers) for (const s of r.sections) if (s.kind !== '非考核') w.row([s.id, y, `${CLASS_TEXT[s.base]}类`]);
  }
  files.push(w.close());

  // agreements.csv: a 2020–2022 agreement and the 2023–2027 one per river; every 11th river
  // substitutes 对口协作 for cash; every 5th has higher amounts.
  w = writer(path.join(dir, 'agreements.csv'), { bom: true });
  w.row(['协议编号', '河流编码', '生效日期', '终止日期', '一类标准（万元/月）', '两类标准（万元/月）', '补偿方式', '替代价值（万元/年）', '备案日期']);
  const riverIdx = new Map(rivers.map((r, i) => [r.id, i]));
  for (const [i, r] of rivers.entries()) {
    const [a1, a2] = i % 5 === 0 ? [150, 300] : [100, 200];
    w.row([`${r.id}-2020-01`, r.id, '2020-01-01', '2022-12-31', 100, 200, '资金', '', '']);
    w.row([
      `${r.id}-2023-01`,
      r.id,
      '2023-01-01',
      '2027-12-31',
      a1,
      a2,
      i % 11 === 0 ? '对口协作' : '资金',
      i % 11 === 0 ? 3000 : '',
      `2023-07-${pad(11 + (i % 18))}`,
    ]);
  }
  files.push(w.close());

  // signatures.csv: every district on the river signs both; on every 13th river one district has
  // not signed the 2023 agreement (R8: those section-months are not settled, the fund charges).
  w = writer(path.join(dir, 'signatures.csv'), { bom: true });
  w.row(['协议编号', '区县', '签署日期']);
  for (const [i, r] of rivers.entries()) {
    const ds = [];
    for (const s of r.sections) if (s.comp) for (const p of [s.up, s.down]) if (p !== MUNICIPAL && !ds.includes(p)) ds.push(p);
    for (const [k, d] of ds.entries()) {
      w.row([`${r.id}-2020-01`, d, `2019-12-${pad(1 + k)}`]);
      if (i % 13 === 12 && k === ds.length - 1) continue;
      w.row([`${r.id}-2023-01`, SHORT[d] && k % 2 ? SHORT[d] : d, `2023-0${3 + (k % 4)}-${pad(1 + ((i + k) % 27))}`]);
    }
  }
  files.push(w.close());

  // quality/: one file per year and source, as each source sends them.
  const HEAD = ['断面编码', '月份', '水质类别', '数据来源', '状态', '备注'];
  let qualityRows = 0;
  for (const y of years) {
    const ws = {
      国家通报: writer(path.join(dir, 'quality', `${y}-国家通报.csv`), { bom: true }),
      市级通报: writer(path.join(dir, 'quality', `${y}-市级通报.csv`), { bom: true }),
      监测中心: writer(path.join(dir, 'quality', `${y}-监测中心.csv`), { encoding: 'gbk' }),
      联合监测: writer(path.join(dir, 'quality', `${y}-联合监测.csv`)),
    };
    ws.国家通报.row(HEAD);
    ws.市级通报.row(HEAD);
    ws.监测中心.row([...HEAD, 'pH', '溶解氧(mg/L)', '高锰酸盐指数(mg/L)', '氨氮(mg/L)', '总磷(mg/L)']);
    ws.联合监测.row(['section_id', 'month', 'class', 'source', 'status', 'note']);
    let n = 0;
    for (const r of rivers) {
      for (const s of r.sections) {
        const joint = s.kind === '非考核' && riverIdx.get(r.id) % 10 === 3; // some rivers use joint monitoring only
        for (let m = 1; m <= 12; m++) {
          const month = `${y}-${pad(m)}`;
          const x = rnd();
          const status = x < 0.01 ? '断流' : x < 0.012 ? '未监测' : '';
          const d = rnd();
          const cls = Math.min(6, Math.max(1, s.base + (d < 0.12 ? -1 : d < 0.85 ? 0 : d < 0.97 ? 1 : 2)));
          const src = sourceOf(s, joint);
          const note = status === '断流' ? '持续干旱断流（合成）' : status === '未监测' ? '道路中断未监测（合成）' : '';
          n++;
          if (src === '监测中心') {
            const withConc = !status && cls <= 5 && n % 2 === 0;
            const classText = status ? '' : withConc && n % 4 === 0 ? '' : SPELLINGS[n % SPELLINGS.length](cls);
            ws.监测中心.row([s.id, month, classText, src, status, note, ...(withConc ? CONC[cls] : ['', '', '', '', ''])]);
            // A joint result for some months too, agreeing (R3: the monitoring centre's counts).
            if (m % 6 === 0) ws.联合监测.row([s.id, month, status ? '' : SPELLINGS[(n + 1) % SPELLINGS.length](cls), '联合监测', status, note]);
          } else {
            ws[src].row([s.id, month, status ? '' : SPELLINGS[n % SPELLINGS.length](cls), src, status, note]);
          }
        }
      }
    }
    for (const x of Object.values(ws)) {
      const f = x.close();
      qualityRows += f.rows - 1;
      files.push(f);
    }
  }

  // exemptions.csv: one approval per ~25 compensation sections in the settled year.
  w = writer(path.join(dir, 'exemptions.csv'), { bom: true });
  w.row(['断面编码', '月份', '批准文号', '原因']);
  const comp = rivers.flatMap((r) => r.sections.filter((s) => s.comp));
  for (let k = 0; k < Math.max(1, Math.floor(comp.length / 25)); k++) {
    const s = comp[(k * 25 + 7) % comp.length];
    w.row([s.id, `${settleYear}-${pad(6 + (k % 4))}`, `渝财环免〔${settleYear}〕${k + 1}号`, '暴雨洪涝（合成）']);
  }
  files.push(w.close());

  // payments.csv: a few payments made for the settled year.
  w = writer(path.join(dir, 'payments.csv'), { bom: true });
  w.row(['年度', '河流编码', '付款方', '收款方', '金额（元）', '拨付日期']);
  for (const [i, r] of rivers.entries()) {
    if (i % 10 !== 0) continue;
    const s = r.sections.find((x) => x.comp && x.up !== MUNICIPAL);
    w.row([settleYear, r.id, s.down, s.up, '1000000.00', `${settleYear + 1}-03-${pad(1 + (i % 28))}`]);
  }
  files.push(w.close());

  const bytes = files.reduce((a, f) => a + f.bytes, 0);
  const rows = files.reduce((a, f) => a + f.rows - 1, 0);
  return {
    dir,
    files,
    bytes,
    rows,
    qualityRows,
    rivers: rivers.length,
    sections: rivers.reduce((a, r) => a + r.sections.length, 0),
    compensationSections: comp.length,
  };
}

/**
 * One year of automatic-station readings: every section, `perDay` readings a day, with 水温, pH,
 * 溶解氧, 高锰酸盐指数, 氨氮, 总磷. Time-major (each 4-hour slot lists every section), as a network
 * export would be. Values are drawn from per-class tables so generation stays fast; about 1% of
 * 氨氮 values are written below the detection limit (`0.025L`).
 */
export function generateStationFile(file, { sections: nSec, year, perDay = 6, seed = 88 }) {
  const rnd = makePrng(seed);
  const ids = Array.from({ length: nSec }, (_, i) => `N${pad(i + 1, 4)}`);
  const base = ids.map(() => (rnd() < 0.35 ? 2 : rnd() < 0.85 ? 3 : 4));
  // Per class: 1024 prepared value strings per item, drawn around the class's concentrations.
  const K = 1024;
  const tables = {};
  for (let c = 1; c <= 5; c++) {
    const [ph, dO, codmn, nh3n, tp] = CONC[c].map(Number);
    const jitter = (v, rel, dec) => (v * (1 + (rnd() - 0.5) * rel)).toFixed(dec);
    tables[c] = Array.from({ length: K }, (_, k) => {
      const temp = (8 + rnd() * 22).toFixed(1);
      const nh = k % 97 === 0 ? '0.025L' : jitter(nh3n, 0.5, 3);
      return `,${temp},${jitter(ph, 0.08, 2)},${jitter(dO, 0.3, 2)},${jitter(codmn, 0.4, 2)},${nh},${jitter(tp, 0.5, 3)}\r\n`;
    });
  }
  const w = writer(file, { bom: true });
  w.raw('断面编码,采样时间,水温(℃),pH,溶解氧(mg/L),高锰酸盐指数(mg/L),氨氮(mg/L),总磷(mg/L)\r\n', 0);
  const step = 24 / perDay;
  const dayMs = 86400000;
  const start = Date.UTC(year, 0, 1);
  const days = Math.round((Date.UTC(year + 1, 0, 1) - start) / dayMs);
  let rows = 0;
  for (let d = 0; d < days; d++) {
    const date = new Date(start + d * dayMs).toISOString().slice(0, 10);
    for (let h = 0; h < 24; h += step) {
      const stamp = `,${date} ${pad(h)}:00`;
      const parts = [];
      for (let i = 0; i < nSec; i++) {
        const t = tables[base[i]];
        parts.push(ids[i] + stamp + t[(rnd() * K) | 0]);
      }
      w.raw(parts.join(''), nSec);
      rows += nSec;
    }
  }
  const f = w.close();
  return { file, bytes: f.bytes, rows, sections: nSec };
}
