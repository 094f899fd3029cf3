import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip, createInflateRaw } from 'node:zlib';
import { DataError } from '../errors.js';

// The entries of a zip archive, read from its central directory, and their
// bytes streamed one after the other: Amplitude's Export API answers with a
// zip of gzip-compressed NDJSON files (one per hour), which engage reads as
// one input. Only what such archives use is read: stored or deflated entries,
// zip64 sizes and offsets; an entry is never held in memory whole.

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(length);
    const { bytesRead } = await file.read(bytes, 0, length, position);
    return bytes.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The archive's entries in the order of its central directory. */
export async function zipEntries(path: string): Promise<ZipEntry[]> {
  const { size } = await stat(path);
  const tailLength = Math.min(size, 65_557);
  const tail = await readAt(path, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new DataError({ file: path }, 'the file starts like a zip archive but has no zip directory at its end');
  let count = tail.readUInt16LE(at + 10);
  let directorySize = tail.readUInt32LE(at + 12);
  let directoryOffset = tail.readUInt32LE(at + 16);
  if (directoryOffset === MAX32 || directorySize === MAX32 || count === 0xffff) {
    const locator = at - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new DataError({ file: path }, 'the zip archive lacks its zip64 directory');
    const record = await readAt(path, Number(tail.readBigUInt64LE(locator + 8)), 56);
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  const directory = await readAt(path, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  for (let p = 0; entries.length < count; ) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) throw new DataError({ file: path }, 'the zip directory is damaged');
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    let compressedSize = directory.readUInt32LE(p + 20);
    const uncompressedSize = directory.readUInt32LE(p + 24);
    let localHeaderOffset = directory.readUInt32LE(p + 42);
    const name = directory.toString('utf8', p + 46, p + 46 + nameLength);
    // Zip64: the sizes and offset that do not fit 32 bits follow in the extra field, in this order.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = directory.readUInt16LE(e);
      const length = directory.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let field = e + 4;
        if (uncompressedSize === MAX32) field += 8;
        if (compressedSize === MAX32) {
          compressedSize = Number(directory.readBigUInt64LE(field));
          field += 8;
        }
        if (localHeaderOffset === MAX32) localHeaderOffset = Number(directory.readBigUInt64LE(field));
      }
      e += 4 + length;
    }
    entries.push({ name, method: directory.readUInt16LE(p + 10), compressedSize, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Whether an archive holds JSON event files (an analytics export), not a workbook. */
export function isJsonArchive(entries: readonly ZipEntry[]): boolean {
  const files = entries.filter((entry) => !entry.name.endsWith('/'));
  return files.length > 0 && files.every((entry) => /\.(json|ndjson|jsonl)(\.gz)?$/i.test(entry.name));
}

/** Each entry's content in turn (gunzipped when its name ends in .gz), a line end between entries. */
export async function* zipContents(path: string, entries: readonly ZipEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    if (entry.method !== 0 && entry.method !== 8) {
      throw new DataError({ file: `${path}!${entry.name}` }, `the zip entry is compressed with method ${entry.method}; engage reads stored and deflated entries`);
    }
    const local = await readAt(path, entry.localHeaderOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL) throw new DataError({ file: `${path}!${entry.name}` }, 'the zip entry is damaged');
    const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (entry.compressedSize === 0) continue;
    let stream: NodeJS.ReadableStream = createReadStream(path, { start, end: start + entry.compressedSize - 1 });
    if (entry.method === 8) stream = stream.pipe(createInflateRaw());
    if (/\.gz$/i.test(entry.name)) stream = stream.pipe(createGunzip());
    let last = 0x0a;
    try {
      for await (const chunk of stream) {
        const bytes = chunk as Buffer;
        if (bytes.length > 0) last = bytes[bytes.length - 1];
        yield bytes;
      }
    } catch (error) {
      throw new DataError({ file: `${path}!${entry.name}` }, `the zip entry cannot be decompressed (${(error as Error).message})`);
    }
    // Files of one object per line may not end with a line end: the next file's first object starts a line.
    if (last !== 0x0a) yield Buffer.from('\n');
  }
}
