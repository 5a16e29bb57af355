/**
 * Byte strings interned by their bytes (classify's sections, the loader's cells): an
 * open-addressing table of FNV-1a hashes over a pool of the bytes seen, each new string getting
 * the next number. A station file lists the sections in the same order at every time, so the
 * string after the last one found is tried first: then finding a row's section number costs
 * one comparison.
 */
export class ByteTable {
  private slots = new Int32Array(1024).fill(-1);
  private hashes: number[] = [];
  private starts: number[] = [];
  private lengths: number[] = [];
  private pool = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private last = -1;

  /** How many distinct byte strings it holds (the next new one's number). */
  get size(): number {
    return this.hashes.length;
  }

  /** The number of the bytes buf[a, b); new bytes get the next number (`size` before the call). */
  id(buf: Buffer, a: number, b: number): number {
    const len = b - a;
    const next = this.last + 1;
    if (next < this.hashes.length && this.lengths[next] === len && this.same(next, buf, a, len)) return (this.last = next);
    let h = 0x811c9dc5;
    for (let i = a; i < b; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    return (this.last = this.find(buf, a, len, h >>> 0));
  }

  private find(buf: Buffer, a: number, len: number, h: number): number {
    const mask = this.slots.length - 1;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const id = this.slots[k]!;
      if (id < 0) {
        const fresh = this.add(buf, a, len, h);
        this.slots[k] = fresh;
        if (this.hashes.length * 2 > this.slots.length) this.rehash();
        return fresh;
      }
      if (this.hashes[id] === h && this.lengths[id] === len && this.same(id, buf, a, len)) return id;
    }
  }

  private same(id: number, buf: Buffer, a: number, len: number): boolean {
    const s = this.starts[id]!;
    for (let i = 0; i < len; i++) if (this.pool[s + i] !== buf[a + i]) return false;
    return true;
  }

  private add(buf: Buffer, a: number, len: number, h: number): number {
    if (this.used + len > this.pool.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.pool.length * 2, this.used + len));
      this.pool.copy(bigger, 0, 0, this.used);
      this.pool = bigger;
    }
    buf.copy(this.pool, this.used, a, a + len);
    this.starts.push(this.used);
    this.lengths.push(len);
    this.hashes.push(h);
    this.used += len;
    return this.hashes.length - 1;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    this.hashes.forEach((h, id) => {
      let k = h & mask;
      while (slots[k]! >= 0) k = (k + 1) & mask;
      slots[k] = id;
    });
    this.slots = slots;
  }
}
