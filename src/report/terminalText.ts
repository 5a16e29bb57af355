import { Money, fmtYuan, yuanToWan } from '../domain/money.js';

/**
 * Text for the terminal as plain data: a line is text, or spans some of which carry a tone the
 * terminal shows as a colour when it shows colour at all (cli/terminal.ts decides).
 */
export type Tone = 'bold' | 'red' | 'yellow' | 'green' | 'cyan' | 'dim';
export type Span = string | { readonly tone: Tone; readonly text: string };
export type Line = string | readonly Span[];

export const tone = (t: Tone, text: string): Span => ({ tone: t, text });

/** Thousands separators on a number already written with its decimals: 30500000.00 → 30,500,000.00. */
export function groupDigits(fixed: string): string {
  const [int, frac] = fixed.split('.') as [string, string | undefined];
  const sign = int.startsWith('-') ? '-' : '';
  const digits = int.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${frac === undefined ? '' : `.${frac}`}`;
}

/** An amount as the terminal shows it: `30,500,000.00 元（3,050.00 万元）` (万元 rounded half-up for display). */
export function fmtAmount(m: Money): string {
  return `${groupDigits(fmtYuan(m))} 元（${groupDigits(yuanToWan(m).toFixed(2, Money.ROUND_HALF_UP))} 万元）`;
}
