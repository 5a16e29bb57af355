import { MUNICIPAL } from './districts.js';
import { monthEnd, monthStart, type Agreement, type Month, type Signature } from './types.js';

/**
 * R8. Reading: an agreement is in force for a month when its period overlaps any day of that
 * month; amounts are monthly and never prorated. A district is covered for a month when it has
 * signed an agreement for that river in force that month, whenever it signed (a month covered
 * retroactively is not charged to the fund).
 */
export function inForce(a: Agreement, month: Month): boolean {
  return a.from <= monthEnd(month) && a.to >= monthStart(month);
}

export class AgreementIndex {
  private readonly byRiver = new Map<string, Agreement[]>();
  private readonly signers = new Map<string, Set<string>>();

  constructor(agreements: readonly Agreement[], signatures: readonly Signature[]) {
    for (const a of agreements) {
      const list = this.byRiver.get(a.riverId) ?? [];
      list.push(a);
      this.byRiver.set(a.riverId, list);
    }
    // Latest-effective first: where two agreements overlap one month, the newer one's terms apply.
    for (const list of this.byRiver.values()) list.sort((x, y) => (x.from < y.from ? 1 : x.from > y.from ? -1 : x.id < y.id ? -1 : 1));
    for (const s of signatures) {
      const set = this.signers.get(s.agreementId) ?? new Set<string>();
      set.add(s.district);
      this.signers.set(s.agreementId, set);
    }
  }

  forRiver(riverId: string): readonly Agreement[] {
    return this.byRiver.get(riverId) ?? [];
  }

  signed(a: Agreement, district: string): boolean {
    return this.signers.get(a.id)?.has(district) ?? false;
  }

  /** The agreement in force that month that the district signed, if any. */
  covering(riverId: string, district: string, month: Month): Agreement | undefined {
    return this.forRiver(riverId).find((a) => inForce(a, month) && this.signed(a, district));
  }

  /**
   * The agreement under which a section-month is settled: in force that month and signed by
   * every district party (the municipal budget signs nothing). Undefined: not settled (R8).
   */
  governing(riverId: string, parties: readonly string[], month: Month): Agreement | undefined {
    const districts = parties.filter((p) => p !== MUNICIPAL);
    return this.forRiver(riverId).find((a) => inForce(a, month) && districts.every((d) => this.signed(a, d)));
  }
}
