import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Slots of the ring the reader copies its chunks into, and their size. */
const SLOTS = 4;
const SLOT_BYTES = 1 << 22;
/** ctrl[WRITTEN]: chunks put in the ring; ctrl[HASHED]: chunks the worker has hashed; ctrl[DONE]: no more. */
const WRITTEN = 0;
const HASHED = 1;
const DONE = 2;

/**
 * SHA-256 of the bytes a reader goes through, chunk by chunk: the provenance checksum of exactly
 * what was read. A file of more than one chunk is hashed on a worker thread, on the other core,
 * while the reader parses (issue 13: hashing a 420 MiB station file cost classify ~0.26 s of its
 * ~4.3 s on the main thread). Each chunk is copied into a ring of shared memory (~0.03 s for that
 * file) that the worker hashes from; the file is never read a second time. A one-chunk file is
 * hashed here (a worker would cost more than it saves).
 */
export class ChunkHash {
  private first: Uint8Array | undefined;
  private worker: Worker | undefined;
  private ctrl: Int32Array | undefined;
  private lens: Int32Array | undefined;
  private ring: Uint8Array | undefined;
  private written = 0;

  /** The next bytes read (copied: the caller may reuse its buffer). */
  update(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (!this.worker) {
      if (!this.first) {
        this.first = new Uint8Array(bytes);
        return;
      }
      this.start();
      const first = this.first;
      this.first = undefined;
      this.put(first);
    }
    this.put(bytes);
  }

  private start(): void {
    const ctrl = new SharedArrayBuffer(3 * 4);
    const lens = new SharedArrayBuffer(SLOTS * 4);
    const ring = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
    this.ctrl = new Int32Array(ctrl);
    this.lens = new Int32Array(lens);
    this.ring = new Uint8Array(ring);
    this.worker = new Worker(WORKER, { eval: true, workerData: { ctrl, lens, ring, slots: SLOTS, slotBytes: SLOT_BYTES } });
  }

  private put(bytes: Uint8Array): void {
    const ctrl = this.ctrl!;
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(SLOT_BYTES, bytes.length - at);
      // Wait while the ring is full: the worker hashes far faster than the reader parses.
      for (;;) {
        const hashed = Atomics.load(ctrl, HASHED);
        if (this.written - hashed < SLOTS) break;
        Atomics.wait(ctrl, HASHED, hashed);
      }
      const slot = this.written % SLOTS;
      this.ring!.set(bytes.subarray(at, at + n), slot * SLOT_BYTES);
      this.lens![slot] = n;
      Atomics.store(ctrl, WRITTEN, ++this.written);
      Atomics.notify(ctrl, WRITTEN);
      at += n;
    }
  }

  /** Stops the worker of a read given up (no digest wanted). */
  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** The hex digest of everything given. */
  async digest(): Promise<string> {
    const w = this.worker;
    if (!w)
      return createHash('sha256')
        .update(this.first ?? new Uint8Array(0))
        .digest('hex');
    const ctrl = this.ctrl!;
    try {
      return await new Promise<string>((resolve, reject) => {
        w.once('message', (hex: string) => resolve(hex));
        w.once('error', reject);
        Atomics.store(ctrl, DONE, 1);
        Atomics.notify(ctrl, WRITTEN);
      });
    } finally {
      await w.terminate();
    }
  }
}

/** The worker: hashes the ring's chunks in order until told there are no more, then sends the digest. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { ctrl: c, lens: l, ring: r, slots, slotBytes } = workerData;
const ctrl = new Int32Array(c), lens = new Int32Array(l), ring = new Uint8Array(r);
const hash = require('node:crypto').createHash('sha256');
let hashed = 0;
for (;;) {
  const written = Atomics.load(ctrl, 0);
  if (hashed < written) {
    const slot = hashed % slots;
    hash.update(ring.subarray(slot * slotBytes, slot * slotBytes + lens[slot]));
    Atomics.store(ctrl, 1, ++hashed);
    Atomics.notify(ctrl, 1);
  } else if (Atomics.load(ctrl, 2) === 1) break;
  else Atomics.wait(ctrl, 0, written, 50);
}
parentPort.postMessage(hash.digest('hex'));
`;
