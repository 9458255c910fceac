/**
 * Opens a zip from its central directory (at the end of the file) and streams ONE entry, inflating
 * it chunk by chunk with fflate. An iOS export with media can weigh hundreds of MB: this reads the
 * directory and the chat's own bytes, never the photos in front of it, and never holds the whole
 * archive. Anything damaged or cut short is an ExportError 'truncated-zip'.
 */
import { Inflate } from 'fflate';
import type { ByteSource } from './byte-source';
import { ExportError } from './types';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Stored bytes are read 1 MB at a time; compressed ones 64 KB (text inflates about tenfold), so
 * the first lines reach the scan soon. */
const READ_STEP = 1024 * 1024;
const INFLATE_STEP = 64 * 1024;

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

function damaged(zipName: string): ExportError {
  return new ExportError(
    'truncated-zip',
    `The zip "${baseName(zipName)}" cannot be opened: it is damaged or cut short (an unfinished download?). Export or copy it again.`,
  );
}

class Bytes {
  private readonly view: DataView;
  constructor(readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  u16(at: number): number {
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    return this.view.getUint32(at, true);
  }
  u64(at: number): number {
    return this.u32(at) + this.u32(at + 4) * 0x1_0000_0000;
  }
  has(at: number, n: number): boolean {
    return at >= 0 && at + n <= this.b.length;
  }
}

/** Lists the entries of a zip from its central directory. */
export async function listZip(source: ByteSource): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, source.size - (22 + 0xffff));
  const tail = new Bytes(await source.slice(tailStart, source.size));
  let eocd = -1;
  for (let at = tail.b.length - 22; at >= 0; at--) {
    if (tail.u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw damaged(source.name);
  let count = tail.u16(eocd + 10);
  let cdSize = tail.u32(eocd + 12);
  let cdOffset = tail.u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // Zip64: the real figures are in a record the locator (just before the EOCD) points to.
    const loc = eocd - 20;
    if (!tail.has(loc, 20) || tail.u32(loc) !== ZIP64_LOCATOR) throw damaged(source.name);
    const recordAt = tail.u64(loc + 8);
    const record = new Bytes(await source.slice(recordAt, recordAt + 56));
    if (!record.has(0, 56) || record.u32(0) !== ZIP64_EOCD) throw damaged(source.name);
    count = record.u64(32);
    cdSize = record.u64(40);
    cdOffset = record.u64(48);
  }
  if (cdOffset + cdSize > source.size) throw damaged(source.name);
  const cd = new Bytes(await source.slice(cdOffset, cdOffset + cdSize));
  const utf8 = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (!cd.has(at, 46) || cd.u32(at) !== CENTRAL) throw damaged(source.name);
    const nameLength = cd.u16(at + 28);
    const extraLength = cd.u16(at + 30);
    const commentLength = cd.u16(at + 32);
    if (!cd.has(at + 46, nameLength + extraLength)) throw damaged(source.name);
    const entry: ZipEntry = {
      name: utf8.decode(cd.b.subarray(at + 46, at + 46 + nameLength)),
      flags: cd.u16(at + 8),
      method: cd.u16(at + 10),
      compressedSize: cd.u32(at + 20),
      size: cd.u32(at + 24),
      localOffset: cd.u32(at + 42),
    };
    // Zip64 extra field: the 64-bit values, in this order, for the fields set to 0xffffffff.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = cd.u16(extra);
      const length = cd.u16(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (entry.size === 0xffffffff && field + 8 <= extraEnd) {
          entry.size = cd.u64(field);
          field += 8;
        }
        if (entry.compressedSize === 0xffffffff && field + 8 <= extraEnd) {
          entry.compressedSize = cd.u64(field);
          field += 8;
        }
        if (entry.localOffset === 0xffffffff && field + 8 <= extraEnd) entry.localOffset = cd.u64(field);
      }
      extra += 4 + length;
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The entry's uncompressed bytes, in chunks (stored or deflated entries; not encrypted ones).
 * Never more than the size the directory declares: the bytes actually inflated are counted, and
 * an entry that inflates past its declared size is damaged (a 408 KB zip declaring 100 bytes
 * inflated to 1.34 GB, past every size check that trusted the declaration).
 */
export async function* zipEntryChunks(source: ByteSource, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  let inflated = 0;
  for await (const chunk of rawEntryChunks(source, entry)) {
    inflated += chunk.length;
    if (inflated > entry.size) throw oversized(source.name, entry.name);
    yield chunk;
  }
}

function oversized(zipName: string, entryName: string): ExportError {
  return new ExportError(
    'truncated-zip',
    `The zip "${baseName(zipName)}" is damaged: "${baseName(entryName)}" holds more than the size the zip declares for it. Export or copy it again.`,
  );
}

async function* rawEntryChunks(source: ByteSource, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  if (entry.flags & 1) {
    throw new ExportError(
      'unknown-format',
      `"${baseName(entry.name)}" is encrypted in the zip "${baseName(source.name)}". Unzip it first, then choose the chat file.`,
    );
  }
  if (entry.method !== 0 && entry.method !== 8) throw damaged(source.name);
  const local = new Bytes(await source.slice(entry.localOffset, entry.localOffset + 30));
  if (!local.has(0, 30) || local.u32(0) !== LOCAL) throw damaged(source.name);
  const start = entry.localOffset + 30 + local.u16(26) + local.u16(28);
  const end = start + entry.compressedSize;
  if (end > source.size) throw damaged(source.name);

  if (entry.method === 0) {
    for (let at = start; at < end; at += READ_STEP)
      yield await source.slice(at, Math.min(end, at + READ_STEP));
    return;
  }
  const out: Uint8Array[] = [];
  let finished = false;
  const inflate = new Inflate((data, final) => {
    if (data.length) out.push(data);
    if (final) finished = true;
  });
  for (let at = start; at < end; at += INFLATE_STEP) {
    const next = Math.min(end, at + INFLATE_STEP);
    const chunk = await source.slice(at, next);
    if (chunk.length !== next - at) throw damaged(source.name);
    try {
      inflate.push(chunk, next === end);
    } catch {
      throw damaged(source.name);
    }
    while (out.length) yield out.shift() as Uint8Array;
  }
  if (end === start) {
    try {
      inflate.push(new Uint8Array(0), true);
    } catch {
      throw damaged(source.name);
    }
  }
  while (out.length) yield out.shift() as Uint8Array;
  if (!finished) throw damaged(source.name);
}
