import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkHash } from '../src/io/chunkHash.js';

// The provenance checksum of a file read in chunks (io/chunkHash.ts, issue 13; outputs.md 来源: each
// input file with its SHA-256): hashed on a worker from a ring of shared memory, it must be the
// SHA-256 of exactly the bytes given, in order.
describe('ChunkHash', () => {
  const sha = (chunks: Uint8Array[]) => {
    const h = createHash('sha256');
    for (const c of chunks) h.update(c);
    return h.digest('hex');
  };

  it('is the SHA-256 of the chunks in order, however they are cut (on the worker or here)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 12 }), async (chunks) => {
        const h = new ChunkHash();
        for (const c of chunks) h.update(c);
        expect(await h.digest()).toBe(sha(chunks));
      }),
      { numRuns: 60 },
    );
  });

  it('takes chunks larger than a slot of its ring, and more chunks than it has slots', async () => {
    const big = new Uint8Array(9 * 1024 * 1024).map((_, i) => (i * 7919) & 255);
    const chunks = [big.subarray(0, 3), big, ...Array.from({ length: 20 }, (_, i) => big.subarray(i * 1000, i * 1000 + 200_000))];
    const h = new ChunkHash();
    for (const c of chunks) h.update(c);
    // The caller may reuse its buffer at once: the bytes were copied.
    big.fill(0);
    expect(await h.digest()).toBe(
      sha(
        [new Uint8Array(9 * 1024 * 1024).map((_, i) => (i * 7919) & 255)].flatMap((b) => [
          b.subarray(0, 3),
          b,
          ...Array.from({ length: 20 }, (_, i) => b.subarray(i * 1000, i * 1000 + 200_000)),
        ]),
      ),
    );
  });
});
