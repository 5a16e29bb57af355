import { once } from 'node:events';
import { crc32, deflateRawSync, inflateRawSync, type DeflateRaw } from 'node:zlib';

/**
 * A minimal, deterministic ZIP writer (deflate, UTF-8 names, one fixed time for every entry),
 * so that the same workbook model always gives the same bytes and nothing of the clock gets in.
 */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** An entry already deflated (level 6) with its CRC: see packEntry. */
export interface PackedEntry {
  name: string;
  packed: Buffer;
  crc: number;
  size: number;
}

/** Deflate one entry now, so a writer can drop its plain bytes before the next entry arrives. */
export function packEntry(e: ZipEntry): PackedEntry {
  return { name: e.name, packed: deflateRawSync(e.data, { level: 6 }), crc: crc32(e.data) >>> 0, size: e.data.length };
}

/**
 * Resolves once a streaming deflate has at most `backlog` bytes of input waiting (a writer keeps
 * its memory to that while it renders): on 'drain' when a write said to wait, on 'end' once it
 * was ended (it never drains again), else after a turn of the event loop, from which zlib takes
 * its next chunk.
 */
export async function caughtUp(d: DeflateRaw, backlog: number): Promise<void> {
  while (d.writableLength > backlog) {
    if (d.writableEnded) await once(d, 'end');
    else if (d.writableNeedDrain) await once(d, 'drain');
    else await new Promise(setImmediate);
  }
}

/** Entries are taken one at a time: only the compressed bytes are kept, so a lazy iterable keeps memory to one entry. */
export function writeZip(entries: Iterable<ZipEntry | PackedEntry>, date: Date): Buffer {
  const time = ((date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1)) & 0xffff;
  const day = (((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()) & 0xffff;
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for (const entry of entries) {
    count++;
    const e = 'packed' in entry ? entry : packEntry(entry);
    const name = Buffer.from(e.name, 'utf8');
    const { packed, crc } = e;
    // The local header and the central directory entry share one block of fields (version
    // needed, UTF-8 flag, deflate, time, date, CRC, sizes, name length): at 4 and at 6.
    const fields = (b: Buffer, at: number): void => {
      b.writeUInt16LE(20, at);
      b.writeUInt16LE(0x0800, at + 2);
      b.writeUInt16LE(8, at + 4);
      b.writeUInt16LE(time, at + 6);
      b.writeUInt16LE(day, at + 8);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(packed.length, at + 14);
      b.writeUInt32LE(e.size, at + 18);
      b.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    parts.push(local, name, packed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // version made by
    fields(dir, 6);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + packed.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

export class ZipFormatError extends Error {}

interface CentralEntry {
  name: string;
  method: number;
  crc: number;
  size: number;
  dataStart: number;
}

/** The central directory of a zip held in memory (stored or deflated entries; no ZIP64, no encryption). */
function centralDirectory(zip: Buffer): CentralEntry[] {
  try {
    let end = zip.length - 22;
    const stop = Math.max(0, zip.length - 22 - 65535);
    while (end >= stop && zip.readUInt32LE(end) !== 0x06054b50) end--;
    if (end < stop) throw new ZipFormatError('zip: end of central directory not found');
    const count = zip.readUInt16LE(end + 10);
    let p = zip.readUInt32LE(end + 16);
    const entries: CentralEntry[] = [];
    for (let i = 0; i < count; i++) {
      if (zip.readUInt32LE(p) !== 0x02014b50) throw new ZipFormatError('zip: bad central directory entry');
      const flags = zip.readUInt16LE(p + 8);
      const nameLength = zip.readUInt16LE(p + 28);
      const local = zip.readUInt32LE(p + 42);
      if (zip.readUInt32LE(local) !== 0x04034b50) throw new ZipFormatError('zip: bad local header');
      if (flags & 1) throw new ZipFormatError('zip: encrypted entry');
      entries.push({
        name: zip.toString('utf8', p + 46, p + 46 + nameLength),
        method: zip.readUInt16LE(p + 10),
        crc: zip.readUInt32LE(p + 16),
        size: zip.readUInt32LE(p + 20),
        dataStart: local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28),
      });
      p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    }
    return entries;
  } catch (e) {
    if (e instanceof RangeError) throw new ZipFormatError('zip: truncated');
    throw e;
  }
}

function entryData(zip: Buffer, e: CentralEntry): Buffer {
  if (e.dataStart + e.size > zip.length) throw new ZipFormatError(`zip: ${e.name} is truncated`);
  const raw = zip.subarray(e.dataStart, e.dataStart + e.size);
  let data: Buffer;
  if (e.method === 0) data = raw;
  else if (e.method === 8) {
    try {
      data = inflateRawSync(raw);
    } catch {
      throw new ZipFormatError(`zip: ${e.name} does not inflate`);
    }
  } else throw new ZipFormatError(`zip: unsupported compression method ${e.method} for ${e.name}`);
  if (crc32(data) >>> 0 !== e.crc) throw new ZipFormatError(`zip: ${e.name} fails its CRC check`);
  return data;
}

export interface ZipListing {
  /** The entry's bytes (name without a leading slash), or undefined when there is none. */
  read(name: string): Buffer | undefined;
}

/** A zip's entries by name, each decompressed only when read. */
export function listZip(zip: Buffer): ZipListing {
  const byName = new Map(centralDirectory(zip).map((e) => [e.name.replace(/^\/+/, ''), e]));
  return {
    read: (name) => {
      const e = byName.get(name);
      return e ? entryData(zip, e) : undefined;
    },
  };
}
