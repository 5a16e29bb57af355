import { describe, expect, it } from 'vitest';
import { Money, fmtWan, fmtYuan, sum, toFen, wanToYuan, yuan } from '../src/domain/money.js';

describe('money (rules.md "Money")', () => {
  it('is exact where binary floating point is not', () => {
    expect(fmtYuan(yuan('0.1').plus(yuan('0.2')))).toBe('0.30');
    expect(yuan('0.1').plus(yuan('0.2')).equals(yuan('0.3'))).toBe(true);
    expect(fmtYuan(sum(Array.from({ length: 10 }, () => yuan('0.10'))))).toBe('1.00');
  });
  it('converts 万元 to 元 exactly', () => {
    expect(fmtYuan(wanToYuan(new Money('150')))).toBe('1500000.00');
    expect(fmtYuan(wanToYuan(new Money('123.4567')))).toBe('1234567.00');
    expect(fmtWan(new Money('12345678'))).toBe('1234.5678');
  });
  it('rounds half-up to the fen only when asked (R10)', () => {
    expect(fmtYuan(toFen(new Money('0.005')))).toBe('0.01');
    expect(fmtYuan(toFen(new Money('0.0049')))).toBe('0.00');
    expect(fmtYuan(toFen(new Money('12345.675')))).toBe('12345.68');
  });
  it('does not carry 20-digit default precision into large sums', () => {
    const big = new Money('123456789012345678.01');
    expect(fmtYuan(big.plus('0.01'))).toBe('123456789012345678.02');
  });
  it('rejects text that is not a plain decimal', () => {
    expect(() => yuan('1e6')).toThrow();
    expect(() => yuan('１００')).toThrow();
  });
});
