import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectDialect } from '../../src/io/csv.js';
import { readInput } from '../../src/io/read.js';
import { readingColumns, SAMPLE_RECORDS, type FileHeader, type RecordSink } from '../../src/io/records.js';
import { failure } from '../helpers/rate.js';

interface Collected {
  header: FileHeader | undefined;
  rows: { cells: unknown[]; line: number }[];
}

async function collect(data: Buffer | string | Buffer[], encoding?: string): Promise<Collected> {
  const collected: Collected = { header: undefined, rows: [] };
  const sink: RecordSink = {
    begin(header, cursor) {
      collected.header = header;
      return (cells) => collected.rows.push({ cells: [...cells], line: cursor.line() });
    },
  };
  const chunks = Array.isArray(data) ? data : [typeof data === 'string' ? Buffer.from(data) : data];
  await readInput('-', sink, { skipInvalid: false, encoding, stdin: Readable.from(chunks) });
  return collected;
}

describe('CSV dialects', () => {
  it('detects the delimiter from the header line, ignoring quoted ones', () => {
    expect(detectDialect('a,b,c\n1;2,3')).toEqual({ delimiter: ',', headerLine: 1 });
    expect(detectDialect('a;b;c\r\n')).toEqual({ delimiter: ';', headerLine: 1 });
    expect(detectDialect('a\tb\tc')).toEqual({ delimiter: '\t', headerLine: 1 });
    expect(detectDialect('"x;y;z",b\n')).toEqual({ delimiter: ',', headerLine: 1 });
    expect(detectDialect('sep=;\na,b;c')).toEqual({ delimiter: ';', headerLine: 2 });
  });

  it('reads ;-separated CRLF files with a BOM and keeps physical line numbers', async () => {
    const text = '\uFEFFid;reach\r\n1;10\r\n\r\n2;20\r\n';
    const { header, rows } = await collect(text);
    expect(header?.header).toEqual(['id', 'reach']);
    expect(rows).toEqual([
      { cells: ['1', '10'], line: 2 },
      { cells: ['2', '20'], line: 4 },
    ]);
  });

  it('reads quoted fields with newlines and gives the line each record starts on', async () => {
    const { rows } = await collect('id,text\n1,"a\nb\nc"\n2,plain\n');
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
    expect(rows[0].cells[1]).toBe('a\nb\nc');
  });

  it('detects the delimiter when a pipe hands on the header line in pieces', async () => {
    const { header, rows } = await collect([Buffer.from('na'), Buffer.from('me|sco'), Buffer.from('re\nAiko|9\n')]);
    expect(header?.header).toEqual(['name', 'score']);
    expect(rows.map((r) => r.cells)).toEqual([['Aiko', '9']]);
  });

  it('reads a record split across chunks, even inside a multi-byte character', async () => {
    const bytes = Buffer.from('id,name\n1,いいね\n');
    const { rows } = await collect([bytes.subarray(0, 12), bytes.subarray(12)]);
    expect(rows[0].cells).toEqual(['1', 'いいね']);
  });
});

describe('columns a handler does not read', () => {
  it('are left empty after the sample; the sampled records (shown with the header) and the read columns are whole', async () => {
    const seen: unknown[][] = [];
    let sample: readonly (readonly unknown[])[] | undefined;
    const sink: RecordSink = {
      begin: (header) => {
        sample = header.sample;
        return readingColumns((cells) => seen.push([...cells]), [1, 3]);
      },
    };
    const held = Array.from({ length: SAMPLE_RECORDS }, (_, i) => `s${i},x,y,z\n`).join('');
    await readInput('-', sink, { skipInvalid: false, stdin: Readable.from([Buffer.from(`a,b,c,d\n${held}5,6,7,8\n"9",10,"11",12\n`)]) });
    expect(sample).toHaveLength(SAMPLE_RECORDS);
    expect(sample![0]).toEqual(['s0', 'x', 'y', 'z']);
    expect(seen.slice(0, SAMPLE_RECORDS)).toEqual(sample);
    // Lines with quotes and lines without are cut alike.
    expect(seen.slice(SAMPLE_RECORDS)).toEqual([['', '6', '', '8'], ['', '10', '', '12']]);
  });

  it('still count toward the fields of a row: a short row is refused', async () => {
    const sink: RecordSink = { begin: () => readingColumns(() => undefined, [0]) };
    const error = await failure(readInput('-', sink, { skipInvalid: false, stdin: Readable.from([Buffer.from('a,b,c\n1,2,3\n4,5\n')]) }));
    expect(error.message).toContain('stdin:3: the row has 2 fields but the header has 3');
  });
});

describe('encodings and compression', () => {
  it('decodes Shift_JIS with --encoding', async () => {
    const sjis = Buffer.from([0x83, 0x8a, 0x81, 0x5b, 0x83, 0x60, 0x2c, 0x82, 0xa2, 0x82, 0xa2, 0x82, 0xcb, 0x0a, 0x31, 0x30, 0x2c, 0x32, 0x0a]); // リーチ,いいね\n10,2\n
    const { header, rows } = await collect(sjis, 'shift_jis');
    expect(header?.header).toEqual(['リーチ', 'いいね']);
    expect(rows[0].cells).toEqual(['10', '2']);
  });

  it('detects UTF-16LE by its byte order mark and honours a sep= line', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('sep=,\nPost ID,Reach\n1,"1,234"\n', 'utf16le')]);
    const { header, rows } = await collect(utf16);
    expect(header?.headerLine).toBe(2);
    expect(header?.header).toEqual(['Post ID', 'Reach']);
    expect(rows).toEqual([{ cells: ['1', '1,234'], line: 3 }]);
  });

  it('decompresses gzip found by its magic bytes', async () => {
    const { rows } = await collect(gzipSync('a,b\n1,2\n'));
    expect(rows[0].cells).toEqual(['1', '2']);
  });

  it('reports a corrupt gzip stream as bad data', async () => {
    const broken = gzipSync('a,b\n1,2\n'.repeat(1000)).subarray(0, 40);
    expect((await failure(collect(broken))).exitCode).toBe(65);
  });

  it('reads UTF-8 whose multi-byte characters are cut by every chunk boundary', async () => {
    const text = Buffer.from('店舗,スコア\n梅田,9\n札幌😀,10\n');
    const { header, rows } = await collect([...text].map((byte) => Buffer.from([byte])));
    expect(header?.header).toEqual(['店舗', 'スコア']);
    expect(rows.map((r) => r.cells)).toEqual([['梅田', '9'], ['札幌😀', '10']]);
  });

  it('stops on text that is not UTF-8, naming the bytes and --encoding, wherever the chunks are cut', async () => {
    // "café" in Latin-1 on the third line, and a truncated 3-byte sequence at the very end.
    for (const data of [Buffer.from('name,reach\na,1\ncaf\xe9,2\n', 'latin1'), Buffer.concat([Buffer.from('name,reach\na,1\n'), Buffer.from([0xe3, 0x81])])]) {
      for (const chunks of [[data], [...data].map((byte) => Buffer.from([byte]))]) {
        const error = await failure(collect(chunks));
        expect(error.exitCode).toBe(65);
        expect(error.message).toMatch(/^stdin: the text is not UTF-8 \(bytes? 0x(e9|e3 0x81) at byte (19|16)\)$/);
        expect(error.hints?.[0]).toContain('--encoding latin1');
      }
    }
  });

  it('refuses an unknown encoding as a usage error', async () => {
    expect((await failure(collect('a\n1\n', 'klingon'))).exitCode).toBe(2);
  });
});

describe('JSON and NDJSON', () => {
  it('streams an array of objects, keeping the line each starts on', async () => {
    const text = '[\n  {"id": 1, "text": "has } and { and \\" inside"},\n  {"id": 2,\n   "nested": {"a": [1, 2]}}\n]\n';
    const { header, rows } = await collect(text);
    expect(header?.header).toEqual(['id', 'text', 'nested.a']);
    expect(rows.map((r) => [r.cells[0], r.line])).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('splits an array across chunk boundaries anywhere', async () => {
    const text = '[{"id": 1, "v": "a,b"}, {"id": 2, "v": "c"}]';
    for (let cut = 1; cut < text.length; cut++) {
      const { rows } = await collect([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))]);
      expect(rows.map((r) => r.cells)).toEqual([
        [1, 'a,b'],
        [2, 'c'],
      ]);
    }
  });

  it('gives later objects missing keys as missing cells', async () => {
    const { rows } = await collect('{"a": 1, "b": 2}\n{"a": 3}\n');
    expect(rows.map((r) => r.cells)).toEqual([
      [1, 2],
      [3, undefined],
    ]);
  });

  it('takes its columns from every object: a key first seen on a later line is read (with the blanks before it)', async () => {
    const { header, rows } = await collect('{"user": "a", "ts": 1}\n{"user": "b", "ts": 2, "revenue": 9.5}\n{"ts": 3, "user": "a"}\n');
    expect(header?.header).toEqual(['user', 'ts', 'revenue']);
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 1, undefined],
      ['b', 2, 9.5],
      ['a', 3, undefined],
    ]);
  });

  it('reads nested objects as dotted columns and GA4 key/value lists as one column per key', async () => {
    const ga4 = {
      event_name: 'purchase',
      user_pseudo_id: '12.34',
      event_params: [
        { key: 'page_location', value: { string_value: 'https://shop/x', int_value: null, double_value: null } },
        { key: 'value', value: { string_value: null, int_value: null, double_value: 19.99 } },
        { key: 'ga_session_id', value: { string_value: null, int_value: 1740495499, double_value: null } },
      ],
      items: [{ item_id: 'a' }],
      device: { category: 'mobile', os: { name: 'iOS' } },
    };
    const { header, rows } = await collect(`${JSON.stringify(ga4)}\n{"event_name": "page_view", "properties": {"plan": "pro"}}\n`);
    expect(header?.header).toEqual([
      'event_name', 'user_pseudo_id', 'event_params.page_location', 'event_params.value', 'event_params.ga_session_id',
      'items', 'device.category', 'device.os.name', 'properties.plan',
    ]);
    expect(rows[0].cells).toEqual(['purchase', '12.34', 'https://shop/x', 19.99, 1740495499, '[{"item_id":"a"}]', 'mobile', 'iOS', undefined]);
    expect(rows[1].cells).toEqual(['page_view', undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'pro']);
  });

  it('reads a .json file that holds one object per line as NDJSON, whatever its name says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-json-'));
    const path = join(dir, 'events.json');
    // Sparkify's files: one object per line, no newline at the end.
    writeFileSync(path, '{"userId":"7","ts":1541105830796,"page":"NextSong"}\n{"userId":"","ts":1541106106796,"page":"Home","length":null}');
    const collected: Collected = { header: undefined, rows: [] };
    const report = await readInput(path, {
      begin(header, cursor) {
        collected.header = header;
        return (cells) => collected.rows.push({ cells: [...cells], line: cursor.line() });
      },
    }, { skipInvalid: false });
    expect(report.format).toBe('ndjson');
    expect(collected.header?.header).toEqual(['userId', 'ts', 'page', 'length']);
    expect(collected.rows).toEqual([
      { cells: ['7', 1541105830796, 'NextSong', undefined], line: 1 },
      { cells: ['', 1541106106796, 'Home', null], line: 2 },
    ]);
  });

  it('names the line of broken JSON', async () => {
    const error = await failure(collect('{"a": 1}\n{"a": }\n'));
    expect(error.exitCode).toBe(65);
    expect(error.message).toMatch(/^stdin:2: not valid JSON/);
    const notObject = await failure(collect('[1, 2]'));
    expect(notObject.message).toContain('expected an object');
    const unclosed = await failure(collect('[{"a": 1}'));
    expect(unclosed.message).toContain('not closed');
  });
});

describe('CSV: the byte scanner, wherever the chunks are cut, and csv-parse agree', () => {
  const cases: Record<string, string> = {
    'plain LF': 'a,b,c\n1,2,3\n4,5,6\n',
    CRLF: 'a,b,c\r\n1,2,3\r\n4,5,6\r\n',
    'no final newline': 'a,b,c\n1,2,3\n4,5,6',
    'blank lines': 'a,b,c\n\n1,2,3\n\n\n4,5,6\n\n',
    'spaces kept': 'a,b,c\n 1 ,2, 3\n',
    'empty cells': 'a,b,c\n,,\n1,,3\n',
    'quotes later': 'a,b,c\n1,2,3\n"x, y",5,6\n7,8,9\n',
    'quoted newline later': 'a,b,c\n1,2,3\n"x\ny",5,6\n7,8,9\n',
    'quoted header': '"a","b","c"\n1,2,3\n',
  };

  it.each(Object.keys(cases))('%s', async (name) => {
    const text = cases[name];
    const expected = await collect(Buffer.from(text));
    // Chunked at every position, the result must not change.
    for (let cut = 1; cut < text.length; cut += 3) {
      const chunked = await collect([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))]);
      expect(chunked).toEqual(expected);
    }
    expect(expected.rows.every((r) => r.cells.length === 3)).toBe(true);
  });

  it('gives the same lines and cells on both paths', async () => {
    const { rows } = await collect('a,b\n1,2\n\n"x\ny",3\n4,5\n');
    expect(rows).toEqual([
      { cells: ['1', '2'], line: 2 },
      { cells: ['x\ny', '3'], line: 4 },
      { cells: ['4', '5'], line: 6 },
    ]);
  });

  it('checks the field count against the header on both paths', async () => {
    const split = await failure(collect('a,b\n1,2\n3\n'));
    expect(split.message).toBe('stdin:3: the row has 1 fields but the header has 2; a row is never padded or cut');
    const parsed = await failure(collect('a,b\n"1",2\n3,4,5\n'));
    expect(parsed.message).toBe('stdin:3: the row has 3 fields but the header has 2; a row is never padded or cut');
  });

  it('reports a broken quote with the line in the file', async () => {
    const error = await failure(collect('a,b\n1,2\n3,4"x"\n'));
    expect(error.exitCode).toBe(65);
    expect(error.message).toBe('stdin:3: a quote in the middle of an unquoted field (quote the whole field and double the quote)');
    const unclosed = await failure(collect('a,b\n1,2\n3,"4\n'));
    expect(unclosed.message).toBe('stdin:3: a quoted field is never closed');
  });

  it('reads old Mac files with lone CR line ends through csv-parse', async () => {
    const { rows } = await collect('a,b\r1,2\r3,4\r');
    expect(rows.map((r) => r.cells)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});
