import type { Money } from './money.js';

/**
 * An amount in 元 written in Chinese capital numerals (大写金额), as on a signed 财政 document:
 * 43,500,000.00 → 肆仟叁佰伍拾万元整; 1,000,000.50 → 壹佰万元零伍角; 0.05 → 伍分.
 *
 * The usual rules (《会计基础工作规范》第五十二条, 《支付结算办法》附件一):
 * - zeros inside the integer part are written as one 零, also across 万/亿 (10,001 → 壹万零壹);
 *   a group of four zeros drops its 万 (100,000,001 → 壹亿零壹);
 * - 拾 is always preceded by its digit (壹拾元, 壹拾万元);
 * - when the 元 digit is 0 and 角 or 分 follow, 元 is followed by 零 (壹佰万元零伍角), and when 角 is
 *   0 and 分 is not, 零 stands for the 角 (壹元零伍分);
 * - an amount ending at 元 ends in 整; one ending at 角 or 分 has no 整;
 * - a negative amount is preceded by 负.
 * Amounts must be whole fen (everything signed is); anything else is refused, never rounded.
 */
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const IN_GROUP = ['', '拾', '佰', '仟'] as const;
// 万亿 is written 万…亿 (壹万贰仟亿): the fourth group is named 万 and shares the 亿 of the third.
const GROUPS = ['', '万', '亿', '万'] as const;

export function capitalYuan(amount: Money): string {
  if (!amount.isFinite() || !amount.equals(amount.toDecimalPlaces(2))) throw new Error(`大写金额只用于整分金额：${amount.toString()}`);
  const fen = amount.abs().times(100).toFixed(0);
  const yuanDigits = fen.length > 2 ? fen.slice(0, -2) : '0';
  const jiao = Number(fen.length >= 2 ? fen[fen.length - 2] : '0');
  const fenDigit = Number(fen[fen.length - 1]);
  if (yuanDigits.length > GROUPS.length * 4) throw new Error(`金额过大，无法写成大写：${amount.toString()}`);
  const integer = integerPart(yuanDigits);
  let out = amount.isNegative() ? '负' : '';
  if (integer) out += `${integer}元`;
  if (jiao === 0 && fenDigit === 0) return integer ? `${out}整` : '零元整';
  if (integer && (yuanDigits.endsWith('0') || jiao === 0)) out += '零';
  if (jiao) out += `${DIGITS[jiao]}角`;
  if (fenDigit) out += `${DIGITS[fenDigit]}分`;
  return out;
}

/** The integer 元 in capitals, '' for zero. */
function integerPart(digits: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 4) groups.unshift(digits.slice(Math.max(0, end - 4), end));
  let out = '';
  let zeroPending = false;
  groups.forEach((g, gi) => {
    const groupName = GROUPS[groups.length - 1 - gi]!;
    const padded = g.padStart(4, '0');
    if (padded === '0000') {
      if (groupName === '亿' && out !== '') out += '亿'; // 壹万亿 keeps its 亿
      zeroPending = out !== '';
      return;
    }
    for (let i = 0; i < 4; i++) {
      const d = Number(padded[i]);
      if (d === 0) {
        if (out !== '') zeroPending = true;
        continue;
      }
      if (zeroPending) out += '零';
      zeroPending = false;
      out += DIGITS[d]! + IN_GROUP[3 - i]!;
    }
    out += groupName;
  });
  return out;
}
