import { isUtf8 } from 'node:buffer';

/**
 * Text decoding for CSV input (data.md): UTF-8 with or without BOM, or GB18030/GBK as Excel
 * on Chinese Windows writes it. Detected, never configured, and always strict: a byte
 * sequence that is neither is an error, never a replacement character.
 */
export type Encoding = 'utf-8-bom' | 'utf-8' | 'gb18030';

export class DecodeError extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
    /** The line (1-based) the offending byte is on, where the bytes up to it were seen. */
    readonly line?: number,
  ) {
    super(message);
  }
}

const BOM = [0xef, 0xbb, 0xbf];

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

/** Decide the encoding from the first bytes of a file (a sample of any length). */
export function detectEncoding(sample: Uint8Array, isWholeFile: boolean): Encoding {
  if (hasUtf8Bom(sample)) return 'utf-8-bom';
  if (sample.length >= 2 && ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))) {
    throw new DecodeError('文件是 UTF-16 编码；请另存为 UTF-8 或 GBK 的 CSV', 0);
  }
  if (tryDecode('utf-8', sample, !isWholeFile)) return 'utf-8';
  if (tryDecode('gb18030', sample, !isWholeFile)) return 'gb18030';
  const at = firstBadUtf8(sample);
  throw new DecodeError(`无法识别文件编码：既不是 UTF-8 也不是 GBK/GB18030（文件第 ${at + 1} 字节起）`, at, lineAt(sample, at));
}

function tryDecode(enc: string, bytes: Uint8Array, partial: boolean): boolean {
  try {
    new TextDecoder(enc, { fatal: true }).decode(bytes, { stream: partial });
    return true;
  } catch {
    return false;
  }
}

function firstBadUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tryDecode('utf-8', bytes.subarray(0, mid + 1), true)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A strict streaming decoder for the detected encoding (BOM dropped). */
export function makeDecoder(enc: Encoding): InstanceType<typeof TextDecoder> {
  return new TextDecoder(enc === 'gb18030' ? 'gb18030' : 'utf-8', { fatal: true, ignoreBOM: false });
}

/** Decode a whole buffer strictly. */
export function decodeBytes(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const encoding = detectEncoding(bytes, true);
  try {
    return { text: makeDecoder(encoding).decode(bytes), encoding };
  } catch {
    // Only UTF-8 can fail here: detectEncoding took GB18030 only once the whole file decoded so.
    const at = firstBadUtf8(bytes);
    const line = lineAt(bytes, at);
    throw new DecodeError(
      `文件以 UTF-8 的 BOM 开头，但这一行有不是 UTF-8 的字节（文件第 ${at + 1} 字节）：请在 Excel 或 WPS 中重新另存为“CSV UTF-8”`,
      at,
      line,
    );
  }
}

/** The line (1-based) byte `offset` is on: one more than the line feeds before it. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 10) line++;
  return line;
}

export function encodingLabel(enc: Encoding): string {
  return enc === 'utf-8-bom' ? 'UTF-8 (BOM)' : enc === 'utf-8' ? 'UTF-8' : 'GB18030/GBK';
}

/**
 * Passes UTF-8 bytes through in chunks that end on a character boundary, checking each is valid
 * UTF-8 (as strictly as the decoder), so a parser can take bytes without a decode to text and
 * back. `push` returns the complete part (the rest waits for the next chunk); `end` throws if
 * the file ends inside a character.
 */
export class Utf8Chunks {
  private carry: Buffer | undefined;

  push(chunk: Buffer): Buffer {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = completeLength(buf);
    this.carry = cut < buf.length ? Buffer.from(buf.subarray(cut)) : undefined;
    const whole = buf.subarray(0, cut);
    if (!isUtf8(whole)) throw new DecodeError('invalid UTF-8', 0);
    return whole;
  }

  end(): void {
    if (this.carry) throw new DecodeError('incomplete UTF-8 character at end of file', 0);
  }
}

/** The length of the longest prefix of `buf` that does not end inside a UTF-8 character. */
function completeLength(buf: Buffer): number {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return buf.length;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return i + need > buf.length ? i : buf.length;
}
