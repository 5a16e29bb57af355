import type { Tone } from '../report/terminalText.js';
import { textWidth } from '../io/xlsxLayout.js';
import type { Line } from '../pipeline/plan.js';

/** How a terminal shows a span with a tone: in colour (chalk), or as its text alone. */
type Paint = (tone: Tone, text: string) => string;
const plain: Paint = (_tone, text) => text;

/**
 * Colour is decided once, here (examples.md: chalk ignores NO_COLOR): never under NO_COLOR or
 * --no-color or when the stream is not a terminal; FORCE_COLOR turns it on. chalk is loaded
 * only for a run that shows colour.
 */
async function makePaint(stream: NodeJS.WriteStream, noColorFlag: boolean): Promise<Paint> {
  const env = process.env;
  let on = Boolean(stream.isTTY);
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') on = true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') on = false;
  if (noColorFlag || !on) return plain;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return (tone, text) => c[tone](text);
}

export interface Terminal {
  out(line?: string): void;
  err(line?: string): void;
  paint: Paint;
  quiet: boolean;
  /** Problem lists show every line (--all), not the first 50. */
  all: boolean;
}

/** With `json`, stdout carries the JSON outcome alone (main() prints it): out() writes nothing. */
export async function makeTerminal(opts: { color?: boolean; quiet?: boolean; json?: boolean; all?: boolean }): Promise<Terminal> {
  const paint = await makePaint(process.stdout, opts.color === false || Boolean(opts.json));
  const silent = Boolean(opts.quiet) || Boolean(opts.json);
  return {
    out: (line = '') => {
      if (!silent) process.stdout.write(`${line}\n`);
    },
    err: (line = '') => process.stderr.write(`${line}\n`),
    paint,
    quiet: silent,
    all: Boolean(opts.all),
  };
}

/** A line of plain data (report/terminalText.ts) as this terminal shows it: tones as colours when colour is on. */
export function renderLine(t: Terminal, line: Line): string {
  if (typeof line === 'string') return line;
  return line.map((s) => (typeof s === 'string' ? s : t.paint(s.tone, s.text))).join('');
}

/** Display width on a terminal: CJK and full-width characters take two columns; colour codes none. */
export function displayWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  return textWidth(s.replace(/\x1b\[[\d;]*m/g, ''));
}

const CLOSING = new Set('，。、；：？！）」』】》〉’”');
const OPENING = new Set('（「『【《〈‘“');
const isWideChar = (ch: string): boolean => textWidth(ch) === 2;

/**
 * Wraps text to `width` display columns, keeping existing line breaks. A line breaks at spaces
 * and between two CJK characters (never before closing or after opening punctuation), never
 * inside a word, a path or a number.
 */
export function wrapText(text: string, width: number): string {
  return text
    .split(/\r?\n/)
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  const units: string[] = [];
  const chars = [...line];
  const glued = pathGlue(chars);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = chars[i - 1];
    const breakable = i === 0 || ch === ' ' || prev === ' ' || (!glued[i] && isWideChar(ch) && isWideChar(prev!) && !CLOSING.has(ch) && !OPENING.has(prev!));
    if (breakable) units.push(ch);
    else units[units.length - 1] += ch;
  }
  const out: string[] = [];
  let cur = '';
  for (const u of units) {
    if (cur.trim() !== '' && displayWidth(cur + u) > width) {
      out.push(cur.trimEnd());
      cur = u.trimStart();
    } else cur += u;
  }
  if (cur.trim() !== '') out.push(cur.trimEnd());
  return out.join('\n');
}

/** CJK characters inside a path or file name (`out/年份/settlement-年份.xlsx`) are not broken apart. */
function pathGlue(chars: readonly string[]): boolean[] {
  const glued = chars.map(() => false);
  const pathChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9/._<>-]/.test(c);
  for (let i = 0; i < chars.length; ) {
    if (!isWideChar(chars[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && isWideChar(chars[j]!)) j++;
    if (pathChar(chars[i - 1]) && pathChar(chars[j])) for (let k = i; k < j; k++) glued[k] = true;
    i = j;
  }
  return glued;
}
