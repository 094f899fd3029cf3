import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError, InputError, UsageError } from '../errors.js';
import { claimedChunks, RangeClaims, READ_CHUNK_BYTES } from './claimed-chunks.js';

// path | '-' → decoded chunks. UTF-8 stays as Buffers (csv-parse reads bytes
// fastest); other encodings are decoded to strings with the platform's
// TextDecoder, which knows Shift_JIS and UTF-16 without a dependency.

export type InputFormat = 'csv' | 'json' | 'ndjson' | 'xlsx' | 'parquet';

export interface OpenedInput {
  /** The name errors use: the path as given, or "stdin". */
  name: string;
  /** Format from the extension; undefined means sniff the content. */
  format: InputFormat | undefined;
  encoding: string;
  chunks: AsyncIterable<Buffer | string>;
}

export interface OpenOptions {
  /** --encoding; undefined means UTF-8 unless a byte order mark says otherwise. */
  encoding?: string;
  /** Called with the number of raw bytes read, for progress. */
  onBytes?: (bytes: number) => void;
  stdin?: NodeJS.ReadableStream;
  /**
   * The reader takes the chunks of a plain CSV file as claimedChunks gives
   * them (into a few reused buffers, in the thread's WebAssembly memory where
   * the scanner finds their structure): readCsv, which copies what it keeps of
   * a chunk; and the caller saw the file's first bytes, which are not gzip's
   * (an inflater may hold on to chunks). A file not named .csv, .tsv or .txt,
   * or not a regular file, is read as a stream whatever this says.
   */
  reusedChunks?: boolean;
}

const ENCODING_ALIASES: Record<string, string> = {
  utf8: 'utf-8', 'utf-8': 'utf-8', sjis: 'shift_jis', shift_jis: 'shift_jis', 'shift-jis': 'shift_jis',
  cp932: 'shift_jis', 'windows-31j': 'shift_jis', ms932: 'shift_jis', 'utf-16le': 'utf-16le', utf16le: 'utf-16le',
  'utf-16be': 'utf-16be', utf16be: 'utf-16be', 'euc-jp': 'euc-jp', latin1: 'windows-1252', 'windows-1252': 'windows-1252',
};

export function normalizeEncoding(label: string): string {
  const key = label.trim().toLowerCase();
  const name = ENCODING_ALIASES[key] ?? key;
  try {
    new TextDecoder(name);
  } catch {
    throw new UsageError(`unknown --encoding "${label}"`, ['try utf-8, shift_jis (cp932), utf-16le, utf-16be, euc-jp or latin1']);
  }
  return name;
}


export async function openInput(path: string, options: OpenOptions = {}): Promise<OpenedInput> {
  const isStdin = path === '-';
  const name = isStdin ? 'stdin' : path;
  let raw: AsyncIterable<Buffer>;
  if (isStdin) {
    raw = (options.stdin ?? process.stdin) as AsyncIterable<Buffer>;
  } else {
    const size = await assertReadableFile(path);
    const plainCsv = options.reusedChunks === true && size !== undefined && formatFromExtension(extname(path.toLowerCase())) === 'csv';
    raw = plainCsv ? claimedChunks(path, new RangeClaims(0, size)) : createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  }
  const counted = options.onBytes ? countBytes(raw, options.onBytes) : raw;
  let bytes = await peekFirst(counted);
  if (bytes.first !== undefined && isGzip(bytes.first)) {
    bytes = await peekFirst(gunzip(bytes.all, name));
  }
  const lowered = path.toLowerCase().replace(/\.gz$/, '');
  const format = isStdin ? undefined : formatFromExtension(extname(lowered));
  const { encoding, skip } = pickEncoding(bytes.first, options.encoding);
  const chunks = encoding === 'utf-8' ? checkUtf8(stripPrefix(bytes.all, skip), name, isStdin ? undefined : path) : decode(stripPrefix(bytes.all, skip), encoding);
  return { name, format, encoding, chunks };
}

/**
 * UTF-8 chunks pass through as they are, checked (natively, at memory speed):
 * text in another encoding would otherwise become U+FFFD in a group label or
 * an id without a word. A sequence cut by a chunk boundary is carried over.
 */
/** A file's bytes checked as UTF-8 without a line for errors (a part of a file read elsewhere). */
export function checkedUtf8(source: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  return checkUtf8(source, name, undefined);
}

async function* checkUtf8(source: AsyncIterable<Buffer>, name: string, path: string | undefined): AsyncGenerator<Buffer> {
  let offset = 0;
  let carry: Buffer | undefined;
  const fail = async (at: number, bytes: Buffer): Promise<never> => {
    const line = path === undefined ? undefined : await lineAtByte(path, at);
    let length = 1;
    while (length < Math.min(4, bytes.length) && (bytes[length] & 0xc0) === 0x80) length++;
    const shown = [...bytes.subarray(0, length)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    throw new DataError(
      { file: name, line },
      `the text is not UTF-8 (${length === 1 ? 'byte' : 'bytes'} ${shown}${line === undefined ? ` at byte ${at + 1}` : ''})`,
      ['name the file\'s encoding, e.g. --encoding latin1 (Western European Excel), --encoding shift_jis (Japanese Excel) or --encoding utf-16le'],
    );
  };
  for await (const chunk of source) {
    let start = 0;
    if (carry !== undefined) {
      const needed = sequenceLength(carry[0]);
      while (start < chunk.length && carry.length + start < needed && (chunk[start] & 0xc0) === 0x80) start++;
      const joined = Buffer.concat([carry, chunk.subarray(0, start)]);
      if (joined.length < needed && start === chunk.length) {
        // Still cut short: the sequence goes on in the next chunk.
        carry = joined;
        offset += chunk.length;
        yield chunk;
        continue;
      }
      if (!isUtf8(joined)) await fail(offset - carry.length, joined);
      carry = undefined;
    }
    const cut = incompleteTail(chunk, start);
    if (!isUtf8(chunk.subarray(start, cut))) {
      const bad = start + firstInvalid(chunk.subarray(start, cut));
      await fail(offset + bad, chunk.subarray(bad));
    }
    if (cut < chunk.length) carry = Buffer.from(chunk.subarray(cut));
    offset += chunk.length;
    yield chunk;
  }
  if (carry !== undefined) await fail(offset - carry.length, carry);
}

/** Where a multi-byte sequence that the chunk's end cuts short begins, or the chunk's length. */
function incompleteTail(chunk: Buffer, start: number): number {
  for (let i = chunk.length - 1; i >= Math.max(start, chunk.length - 4); i--) {
    const byte = chunk[i];
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0xc0) return chunk.length;
    return chunk.length - i < sequenceLength(byte) ? i : chunk.length;
  }
  return chunk.length;
}

/** How many bytes a UTF-8 sequence with this lead byte takes. */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** The offset of the first byte that starts no valid UTF-8 sequence (on the error path only). */
function firstInvalid(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

/** The physical line of a byte offset of a file's text, read again on the error path. */
async function lineAtByte(path: string, at: number): Promise<number> {
  let source: AsyncIterable<Buffer> = createReadStream(path);
  const peeked = await peekFirst(source);
  source = peeked.first !== undefined && isGzip(peeked.first) ? gunzip(peeked.all, path) : peeked.all;
  const bom = peeked.first !== undefined && !isGzip(peeked.first) && peeked.first[0] === 0xef && peeked.first[1] === 0xbb ? 3 : 0;
  let line = 1;
  let seen = -bom;
  for await (const chunk of source) {
    const end = Math.min(chunk.length, at - seen);
    for (let i = chunk.indexOf(10); i !== -1 && i < end; i = chunk.indexOf(10, i + 1)) line++;
    seen += chunk.length;
    if (seen >= at) break;
  }
  return line;
}

/** The file's size when it is a regular file (a pipe or a device has none to read by offset). */
async function assertReadableFile(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`${path} is a folder, not a file`);
    return info.isFile() ? info.size : undefined;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new InputError(`cannot read ${path}: ${why}`);
  }
}

function formatFromExtension(extension: string): InputFormat | undefined {
  if (extension === '.json') return 'json';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  if (extension === '.csv' || extension === '.tsv' || extension === '.txt') return 'csv';
  return undefined;
}

interface Peeked {
  first: Buffer | undefined;
  all: AsyncIterable<Buffer>;
}

/** Reads the first non-empty chunk and gives back a stream that still starts with it. */
async function peekFirst(source: AsyncIterable<Buffer>): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  let head = await iterator.next();
  while (!head.done && head.value.length === 0) head = await iterator.next();
  const first = head.done ? undefined : head.value;
  async function* all(): AsyncGenerator<Buffer> {
    if (first === undefined) return;
    let done = false;
    try {
      yield first;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      done = true;
    } finally {
      // A reader that stops early (a bad row) ends the source too: a file's reused buffers are given back and the file closed.
      if (!done) await iterator.return?.();
    }
  }
  return { first, all: all() };
}

export function isGzip(chunk: Buffer): boolean {
  return chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b;
}

async function* gunzip(source: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  const inflater = Readable.from(source).pipe(createGunzip({ chunkSize: 1 << 20 }));
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    throw new DataError({ file: name }, `the file looks gzip-compressed but cannot be decompressed (${(error as Error).message})`);
  }
}

async function* countBytes(source: AsyncIterable<Buffer>, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}

function pickEncoding(first: Buffer | undefined, requested: string | undefined): { encoding: string; skip: number } {
  if (first !== undefined) {
    // A byte order mark is the file's own word and beats a guess.
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
    if (first[0] === 0xff && first[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
    if (first[0] === 0xfe && first[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  }
  return { encoding: requested === undefined ? 'utf-8' : normalizeEncoding(requested), skip: 0 };
}

async function* stripPrefix(source: AsyncIterable<Buffer>, skip: number): AsyncGenerator<Buffer> {
  let first = true;
  for await (const chunk of source) {
    yield first && skip > 0 ? chunk.subarray(skip) : chunk;
    first = false;
  }
}

async function* decode(source: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of source) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
