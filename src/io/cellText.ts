/** Shortest round-trip text of a double, without exponent for the magnitudes data holds. */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** Dates as YYYY-MM-DD (UTC, as exceljs stores them); a time of day is kept when present. */
export function dateText(d: Date): string {
  const iso = d.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}
