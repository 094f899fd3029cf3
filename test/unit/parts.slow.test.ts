import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeInParts, NOT_IN_PARTS } from '../../src/engines/streaming/parts.js';
import { PartThread } from '../../src/engines/streaming/part-thread.js';
import { readPart } from '../../src/engines/streaming/part-reader.js';
import type { Progress } from '../../src/ui/progress.js';
import type { OutputDocument } from '../../src/format/document.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { computeDocument } from '../../src/orchestrator/compute-document.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { failure } from '../helpers/rate.js';

// A file read by two threads must give the document one thread gives, to the
// last digit; a part that is not plain figures makes the whole file read on
// one thread, so notes and errors stay exactly the single-thread ones.

const PLATFORMS = ['instagram', 'x', 'tiktok', '10', '2'];
let dir = '';

function posts(rows: number, quoted: boolean, extra: (i: number) => string | undefined = () => undefined): string {
  const q = (cells: (string | number)[]) => cells.map((c) => (quoted ? `"${c}"` : String(c))).join(',');
  const lines = [q(['post_id', 'published_at', 'platform', 'followers', 'reach', 'likes', 'comments', 'shares'])];
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % 28);
    lines.push(extra(i) ?? q([`p${i}`, `2026-0${1 + (i % 3)}-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00Z`, PLATFORMS[i % 5], 1000 + (i % 97) * 13, i % 50 === 0 ? 0 : 300 + (i % 31) * 7, (i * 7) % 41, i % 5, i % 3]));
  }
  return `${lines.join('\n')}\n`;
}

/** Customers with UUID-like and prefix ids, visits, purchases, starts and cancels over three months. */
function events(rows: number): string {
  const lines = ['customer_id,timestamp,event,amount,order_id,country'];
  const kinds = ['visit', 'purchase', 'visit', 'start', 'cancel', 'purchase'];
  for (let i = 0; i < rows; i++) {
    const customer = (i * 7919) % 613;
    const id = customer % 3 === 0 ? `0b7e4a9e-31aa-4c6b-8d0e-${String(customer).padStart(12, '0')}` : `cu${customer}`;
    const kind = kinds[(i * 31) % kinds.length];
    const day = 1 + ((i * 13) % 28);
    lines.push(`${id},2026-0${1 + (i % 3)}-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z,${kind},${kind === 'visit' ? '' : 10 + (i % 50)},${kind === 'purchase' ? `o${i}` : ''},${['JP', 'GB', 'US'][customer % 3]}`);
  }
  return `${lines.join('\n')}\n`;
}

function answers(rows: number): string {
  const lines = ['respondent_id,responded_at,score,store'];
  for (let i = 0; i < rows; i++) lines.push(`r${i},2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')} 10:00,${(i * 7) % 11},${['Umeda', 'Sapporo'][i % 2]}`);
  return `${lines.join('\n')}\n`;
}

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function oneThread(metric: string, options: Record<string, unknown>, path: string): Promise<OutputDocument> {
  return computeDocument(metricNamed(metric)!, { ...options, threads: 1 }, [path], { stdin: Readable.from([]) });
}

const comparable = (doc: OutputDocument) => ({ ...doc, options: { ...doc.options, threads: undefined } });

beforeAll(() => {
  dir = tempDir();
});

describe('a file read in parts', () => {
  it.each([
    ['rate', {}, false],
    ['rate', { groupBy: ['platform'], period: 'month' }, false],
    ['rate', { groupBy: ['platform'], period: 'day', by: 'followers' }, true],
    ['rate', { perPost: true }, false],
    ['rate', { top: 7 }, true],
    ['rate', { by: 'reach', since: '2026-01-10', until: '2026-03-05' }, true],
  ])('%s %j (quoted: %s) gives the one-thread document', async (metric, options, quoted) => {
    const path = file(`posts-${quoted}.csv`, posts(4000, quoted));
    const parts = await computeInParts(metricNamed(metric)!, { ...options, threads: 2 }, [path], 0);
    expect(parts, 'read in parts').toBeDefined();
    expect(comparable(parts!)).toEqual(comparable(await oneThread(metric, options, path)));
  });

  it.each([['nps'], ['ces'], ['csat']])('%s by store and month gives the one-thread document', async (metric) => {
    const path = file('answers.csv', answers(3000));
    const options = metric === 'csat' ? { scale: '0-10', groupBy: ['store'], period: 'month' } : { groupBy: ['store'], period: 'month' };
    const text = metric === 'ces' ? answers(3000).replace(/,(\d+),(Umeda|Sapporo)/g, (_, s, store) => `,${1 + (Number(s) % 7)},${store}`) : undefined;
    const input = text === undefined ? path : file('effort.csv', text);
    const parts = await computeInParts(metricNamed(metric)!, { ...options, threads: 3 }, [input], 0);
    expect(parts).toBeDefined();
    expect(comparable(parts!)).toEqual(comparable(await oneThread(metric, options, input)));
  });

  // Each part numbers its customers; the whole numbers them again in file order.
  it.each([
    ['churn', { groupBy: ['country'] }],
    ['churn', { model: 'subscription' }],
    ['retention', { period: 'week' }],
    ['retention', { unbounded: true, counts: true }],
    ['lifecycle', {}],
    ['stickiness', { groupBy: ['country'] }],
    ['funnel', { steps: ['visit', 'purchase'], window: '7d' }],
    // Names and group labels are numbered by each part: the whole renumbers them as it merges.
    ['funnel', { steps: ['visit', 'purchase'], order: 'strict', entry: 'any', groupBy: ['country'], attribution: 'last-touch' }],
    ['paths', { after: 'visit', depth: 2 }],
    ['retention', { period: 'week', mode: 'recurring', windows: '24h' }],
    ['stickiness', { rolling: [7], criteria: '>=2' }],
  ])('%s %j over events gives the one-thread document', async (metric, options) => {
    const path = file('events.csv', events(6000));
    const parts = await computeInParts(metricNamed(metric)!, { ...options, threads: 3 }, [path], 0);
    expect(parts, 'read in parts').toBeDefined();
    expect(comparable(parts!)).toEqual(comparable(await oneThread(metric, options, path)));
  });

  it('NDJSON events, whose first object names the columns, give the one-thread document', async () => {
    const [header, ...rows] = events(5000).trimEnd().split('\n');
    const keys = header.split(',');
    const ndjson = rows.map((row) => JSON.stringify(Object.fromEntries(row.split(',').map((cell, i) => [keys[i], cell]).filter(([, cell]) => cell !== '')))).join('\n');
    const path = file('events.ndjson', `${ndjson}\n`);
    for (const [metric, options] of [['retention', { period: 'month' }], ['churn', { groupBy: ['country'] }]] as const) {
      const parts = await computeInParts(metricNamed(metric)!, { ...options, threads: 2 }, [path], 0);
      expect(parts, 'read in parts').toBeDefined();
      expect(comparable(parts!)).toEqual(comparable(await oneThread(metric, options, path)));
    }
  });

  it('nested NDJSON (GA4-shaped, brackets and escaped quotes inside strings) gives the one-thread document', async () => {
    // In parts each thread steps over nested values in WebAssembly (chunk-memory.ts); one thread reads a stream, stepped over in
    // JavaScript: the two must agree to the byte on where every value ends.
    const tricky = ['plain', 'a "quoted" } word', 'ends in a backslash \\', '[{"json":"in a string"}]', 'caf\u00e9 ]}'];
    const lines = Array.from({ length: 6000 }, (_, i) => {
      const params = Array.from({ length: 1 + (i % 4) }, (_, p) => ({ key: `k${p}`, value: { string_value: tricky[(i + p) % tricky.length], int_value: p === 0 ? String(i) : null } }));
      return JSON.stringify({
        event_date: `2026010${1 + (i % 9)}`,
        event_timestamp: String(Date.UTC(2026, i % 3, 1 + (i % 28)) * 1000 + i),
        event_name: ['page_view', 'purchase'][i % 2],
        event_params: params,
        user_id: i % 5 === 0 ? `u${i % 97}` : null,
        user_pseudo_id: `${1000000000 + (i % 613)}.${1700000000 + (i % 7)}`,
        device: { category: ['mobile', 'desktop'][i % 2], note: tricky[i % tricky.length] },
        items: i % 3 === 0 ? [] : [{ item_id: `sku${i % 11}`, price: (i % 50) + 0.5 }],
      });
    });
    const path = file('ga4.ndjson', `${lines.join('\n')}\n`);
    for (const [metric, options] of [['retention', { period: 'month' }], ['churn', { groupBy: ['device.category'] }]] as const) {
      const parts = await computeInParts(metricNamed(metric)!, { ...options, threads: 2 }, [path], 0);
      expect(parts, 'read in parts').toBeDefined();
      expect(comparable(parts!)).toEqual(comparable(await oneThread(metric, options, path)));
    }
  });

  it('NDJSON in a .json file whose column is first seen near its end: the parts stop on it, and one thread reads every column', async () => {
    const [header, ...rows] = events(5000).trimEnd().split('\n');
    const keys = header.split(',');
    // The country key is left out of every object but the last few hundred: a key only a full read finds.
    const ndjson = rows.map((row, i) => JSON.stringify(Object.fromEntries(row.split(',').map((cell, k) => [keys[k], cell]).filter(([key, cell]) => cell !== '' && (key !== 'country' || i > 4700))))).join('\n');
    const path = file('late-key.json', ndjson);
    // The parts read with the keys of the file's start; a later key ends them (not clean).
    expect(await computeInParts(metricNamed('churn')!, { groupBy: ['country'], threads: 2 }, [path], 0)).toBeUndefined();
    const viaThreads = await computeDocument(metricNamed('churn')!, { groupBy: ['country'], threads: 2 }, [path], { stdin: Readable.from([]), partsMinBytes: 0 });
    const one = await oneThread('churn', { groupBy: ['country'] }, path);
    // The one-thread document, and why --threads 2 read on one thread: --group-by country names a key the file's start lacks.
    expect(comparable(viaThreads)).toEqual({ ...comparable(one), notes: [...one.notes, '--threads 2: read on one thread, as a column missing from its first lines is judged by one thread'] });
    // The late key is a column: a group of its own besides the blank one.
    expect(new Set(one.table.rows.map((row) => row[2])).size).toBeGreaterThan(2);
  });

  it('repeat, whose orders may straddle two parts, and Shopify line items are read on one thread', async () => {
    const path = file('orders.csv', events(3000));
    expect(await computeInParts(metricNamed('repeat')!, { threads: 2 }, [path], 0)).toBeUndefined();
    const repeat = await computeDocument(metricNamed('repeat')!, { threads: 2 }, [path], { stdin: Readable.from([]), partsMinBytes: 0 });
    expect(repeat.notes).toContain(`--threads 2: read on one thread, as ${NOT_IN_PARTS}`);
    const shopify = file('shopify.csv', ['Name,Email,Financial Status,Created at,Lineitem quantity,Total', ...Array.from({ length: 2000 }, (_, i) => `#${1000 + (i >> 1)},c${i % 37}@example.com,paid,2026-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00 +0000,1,${i % 2 === 0 ? '10.00' : ''}`)].join('\n'));
    expect(await computeInParts(metricNamed('churn')!, { threads: 2 }, [shopify], 0)).toBeUndefined();
  });

  it.each([['customers'], ['rfm'], ['clv']])('%s, which counts orders, gives the one-thread document where every order\'s lines straddle a cut', async (metric) => {
    // Orders of 40 lines each: wherever the file is cut between the threads, one order has lines in both parts.
    const lines = ['customer_id,timestamp,event,amount,order_id'];
    for (let i = 0; i < 4000; i++) {
      const order = Math.floor(i / 40);
      lines.push(`cu${order % 17},2026-0${1 + (order % 3)}-${String(1 + (order % 28)).padStart(2, '0')}T10:00:00Z,purchase,${1 + (i % 9)},o${order}`);
    }
    const path = file(`order-lines-${metric}.csv`, `${lines.join('\n')}\n`);
    const viaThreads = await computeDocument(metricNamed(metric)!, { threads: 2 }, [path], { stdin: Readable.from([]), partsMinBytes: 0 });
    expect(viaThreads.table).toEqual((await oneThread(metric, {}, path)).table);
  });

  it('a part with notes, or a record open at its end, is read again on one thread', async () => {
    // A blank like late in the file: a note that only one thread can word with its lines.
    const blank = file('blank.csv', posts(3000, false, (i) => (i === 2900 ? 'p2900,2026-01-05T10:00:00Z,x,1000,300,,1,1' : undefined)));
    expect(await computeInParts(metricNamed('rate')!, { threads: 2 }, [blank], 0)).toBeUndefined();
    const doc = await computeDocument(metricNamed('rate')!, { threads: 2 }, [blank], { stdin: Readable.from([]), partsMinBytes: 0 });
    expect(doc.notes).toContain('1 blank "likes" cell counted as 0 (at ' + blank + ':2902)');
    // A quoted field with line ends across the middle of the file.
    const text = posts(2000, true, (i) => (i === 1000 ? `"p1000","2026-01-05T10:00:00Z","${'x\n'.repeat(400)}","1000","300","5","1","1"` : undefined));
    const spanning = file('spanning.csv', text);
    const parts = await computeDocument(metricNamed('rate')!, { groupBy: ['platform'], threads: 2 }, [spanning], { stdin: Readable.from([]), partsMinBytes: 0 });
    expect(comparable(parts)).toEqual(comparable(await oneThread('rate', { groupBy: ['platform'] }, spanning)));
  });

  it('a note whose first places are all in the first part is counted over every part, as one thread counts it', async () => {
    // A blank like every 100th post: the note's first three places (lines 2, 102, 202) are in the first part.
    const blanks = file('blanks.csv', posts(3000, false, (i) => (i % 100 === 0 ? `p${i},2026-01-05T10:00:00Z,x,1000,300,,1,1` : undefined)));
    const parts = await computeInParts(metricNamed('rate')!, { groupBy: ['platform'], threads: 2 }, [blanks], 0);
    expect(parts).toBeDefined();
    const one = await oneThread('rate', { groupBy: ['platform'] }, blanks);
    expect(comparable(parts!)).toEqual(comparable(one));
    expect(parts!.notes).toEqual(one.notes);
    expect(one.notes).toContain(`30 blank "likes" cells counted as 0 (at ${blanks}:2, 102, 202, …)`);
  });

  it('a bad row late in the file stops with the line one thread names', async () => {
    const ragged = file('ragged.csv', posts(3000, false, (i) => (i === 2500 ? 'p2500,2026-01-05T10:00:00Z,x,1000' : undefined)));
    const error = await failure(computeDocument(metricNamed('rate')!, { threads: 2 }, [ragged], { stdin: Readable.from([]), partsMinBytes: 0 }));
    expect(error.message).toBe(`${ragged}:2502: the row has 4 fields but the header has 8; a row is never padded or cut`);
  });

  // A gzip file's threads each inflate it from its start and read their share of its lines (gzip-range.ts).
  it.each([
    ['churn', { groupBy: ['country'] }, 2],
    ['retention', { period: 'week' }, 3],
    ['funnel', { steps: ['visit', 'purchase'], window: '7d' }, 2],
    ['stickiness', { rolling: [7] }, 3],
  ])('%s %j over a gzip CSV on %d threads gives the one-thread document', async (metric, options, threads) => {
    const path = file('events.csv.gz', '');
    writeFileSync(path, gzipSync(events(6000)));
    const parts = await computeInParts(metricNamed(metric)!, { ...options, threads }, [path], 0);
    expect(parts, 'read in parts').toBeDefined();
    expect(comparable(parts!)).toEqual(comparable(await oneThread(metric, options, path)));
  });

  it('gzip NDJSON, and a gzip file of two members (whose trailer gives only the last one\'s length), give the one-thread document', async () => {
    const [header, ...rows] = events(5000).trimEnd().split('\n');
    const keys = header.split(',');
    const ndjson = `${rows.map((row) => JSON.stringify(Object.fromEntries(row.split(',').map((cell, i) => [keys[i], cell]).filter(([, cell]) => cell !== '')))).join('\n')}\n`;
    const ndjsonPath = file('events.ndjson.gz', '');
    writeFileSync(ndjsonPath, gzipSync(ndjson));
    const text = events(6000);
    const cut = text.indexOf('\n', 1000) + 1;
    // The shares are cut by the trailer's length (the second member's: a few hundred bytes); the lines still add up.
    const members = file('members.csv.gz', '');
    writeFileSync(members, Buffer.concat([gzipSync(text.slice(0, -cut)), gzipSync(text.slice(-cut))]));
    for (const path of [ndjsonPath, members]) {
      const parts = await computeInParts(metricNamed('retention')!, { period: 'month', threads: 2 }, [path], 0);
      expect(parts, `${path} read in parts`).toBeDefined();
      expect(comparable(parts!)).toEqual(comparable(await oneThread('retention', { period: 'month' }, path)));
    }
  });

  it('a main thread slower than its worker gives it the tail of its range, and the figures are the one-thread ones', async () => {
    const path = file('slow-main.csv', events(120_000));
    // Each of the main thread's chunks takes 15 ms longer: its worker is done long before, and takes most of what is left.
    const slow: Progress = {
      startFile: () => undefined,
      bytes: () => {
        const until = performance.now() + 15;
        while (performance.now() < until);
      },
      done: () => undefined,
    };
    for (const [metric, options] of [
      ['churn', { groupBy: ['country'] }],
      ['funnel', { steps: ['visit', 'purchase'], window: '7d' }],
      // Its worker goes on into the main thread's tail: groups met out of file order print as one thread prints them.
      ['funnel', { steps: ['visit', 'purchase'], window: '7d', groupBy: ['country'] }],
      ['funnel', { steps: ['visit', 'purchase'], window: '7d', list: 'purchase:dropped' }],
      ['retention', { period: 'week' }],
    ] as const) {
      const parts = await computeInParts(metricNamed(metric)!, { ...options, threads: 2 }, [path], 0, slow);
      expect(parts, `${metric} read in parts`).toBeDefined();
      expect(comparable(parts!)).toEqual(comparable(await oneThread(metric, options, path)));
    }
  });

  it('a worker asked for the tail of its range reads up to where the tail starts, and the tail holds the rest', async () => {
    const text = events(200_000);
    const path = file('worker-tail.csv', text);
    const dataStart = text.indexOf('\n') + 1;
    const size = Buffer.byteLength(text);
    const job = { path, file: path, format: 'csv' as const, delimiter: ',', header: text.slice(0, dataStart - 1).split(','), sample: [], metric: 'churn', options: {} };
    const thread = new PartThread(job);
    try {
      expect(await thread.ready).toBe(true);
      thread.read(dataStart, size);
      // Asked by a reader far quicker: the worker keeps little of what it has left when it answers (at a turn of its event loop).
      const tail = await thread.askTail(1, 1e9);
      expect(tail, 'a tail').toBeDefined();
      const [cut, end] = tail!;
      expect(end).toBe(size);
      expect(text[cut - 1]).toBe('\n');
      const result = await thread.result;
      const rest = await readPart({ ...job, start: cut, end, first: false });
      expect(result.clean && rest.clean).toBe(true);
      if (!result.clean || !rest.clean) return;
      expect(result.records + rest.records).toBe(200_000);
      expect(rest.records).toBe(text.slice(cut).split('\n').length - 1);
      // Asked again once done, it has nothing left to give.
      expect(await thread.askTail(1, 1e9)).toBeUndefined();
    } finally {
      thread.stop();
    }
  });

  it('a worker whose rows may come in any order goes on into the tail it is given: one result holds both ranges', async () => {
    const text = events(200_000);
    const path = file('worker-goes-on.csv', text);
    const dataStart = text.indexOf('\n') + 1;
    const size = Buffer.byteLength(text);
    const own = text.indexOf('\n', size / 2) + 1;
    const tail: [number, number] = [text.indexOf('\n', size / 4) + 1, own];
    const options = { steps: ['visit', 'purchase'], window: '7d' };
    const job = { path, file: path, format: 'csv' as const, delimiter: ',', header: text.slice(0, dataStart - 1).split(','), sample: [], metric: 'funnel', options, continues: true };
    const thread = new PartThread(job);
    const asked: number[] = [];
    thread.continueWith = (claimed) => {
      asked.push(claimed);
      return tail;
    };
    try {
      expect(await thread.ready).toBe(true);
      thread.read(own, size);
      const result = await thread.result;
      expect(result.clean).toBe(true);
      if (!result.clean) return;
      // Asked once, with its whole range read; its records are its range's and the tail's.
      expect(asked).toEqual([size - own]);
      const lines = (from: number, to: number) => text.slice(from, to).split('\n').length - 1;
      expect(result.records).toBe(lines(own, size) + lines(tail[0], tail[1]));
    } finally {
      thread.stop();
    }
  });

  it('draws the progress line from the main thread\'s share, counted as a share of the whole, and clears it', async () => {
    const text = events(6000);
    const dataStart = text.indexOf('\n') + 1;
    const gzip = file('progress.csv.gz', '');
    writeFileSync(gzip, gzipSync(text));
    const plain = file('progress.csv', text);
    for (const path of [gzip, plain]) {
      const seen = { started: [] as [string, number | undefined][], bytes: 0, done: 0 };
      const progress: Progress = { startFile: (name, size) => void seen.started.push([name, size]), bytes: (n) => void (seen.bytes += n), done: () => void seen.done++ };
      expect(await computeInParts(metricNamed('churn')!, { threads: 2 }, [path], 0, progress), `${path} read in parts`).toBeDefined();
      expect(seen.started).toEqual([[path, Buffer.byteLength(text)]]);
      expect(seen.done).toBe(1);
      // gzip: the main thread's share is fixed, so its bytes scaled are the text after the header, but for the line its share ends in.
      // A plain file's main thread reads ahead until the workers load: its count is the whole's or more.
      if (path === gzip) expect(Math.abs(seen.bytes - (text.length - dataStart))).toBeLessThan(200);
      else expect(seen.bytes).toBeGreaterThan(0);
    }
  });

  it('a gzip file cut short, or with a bad row late in it, stops with what one thread says', async () => {
    const whole = gzipSync(posts(3000, false, (i) => (i === 2500 ? 'p2500,2026-01-05T10:00:00Z,x,1000' : undefined)));
    const ragged = file('ragged.csv.gz', '');
    writeFileSync(ragged, whole);
    const cut = file('cut.csv.gz', '');
    writeFileSync(cut, gzipSync(posts(3000, false)).subarray(0, whole.length - 2000));
    for (const path of [ragged, cut]) {
      const one = await failure(oneThread('rate', {}, path));
      const parts = await failure(computeDocument(metricNamed('rate')!, { threads: 2 }, [path], { stdin: Readable.from([]), partsMinBytes: 0 }));
      expect(parts.message).toBe(one.message);
    }
    expect((await failure(oneThread('rate', {}, ragged))).message).toBe(`${ragged}:2502: the row has 4 fields but the header has 8; a row is never padded or cut`);
  });

  it('the CLI starts the bundled worker beside its own bundle, which reads a part', async () => {
    // The bundle (dist/engage.cjs) runs in every real use, the TypeScript sources only in tests: the worker it starts is checked here.
    const path = file('bundled.csv', posts(400, false));
    const header = ['post_id', 'published_at', 'platform', 'followers', 'reach', 'likes', 'comments', 'shares'];
    const job = { path, file: path, format: 'csv', delimiter: ',', header, metric: 'rate', options: {} };
    const worker = new Worker(join(ROOT, 'bin/part-worker.js'));
    try {
      const messages: unknown[] = [];
      const result = await new Promise<{ clean: boolean; records: number }>((resolve, reject) => {
        worker.on('message', (message: { ready?: true; clean?: boolean; records?: number }) => {
          messages.push(message);
          if (message.ready) worker.postMessage({ job, start: Buffer.byteLength(posts(0, false)), end: Buffer.byteLength(posts(400, false)) });
          else resolve(message as { clean: boolean; records: number });
        });
        worker.once('error', reject);
      });
      expect(messages[0]).toEqual({ ready: true });
      expect(result).toMatchObject({ clean: true, records: 400 });
    } finally {
      await worker.terminate();
    }
  });
});
