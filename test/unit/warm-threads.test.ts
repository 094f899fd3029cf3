import { closeSync, openSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GZIP_PARTS_MIN_BYTES, PARTS_MIN_BYTES } from '../../src/engines/streaming/split-format.js';
import { startWarmThreads, takeWarmThread, type StartedWorker } from '../../src/engines/streaming/warm-threads.js';
import { ROOT, tempDir } from '../helpers/cli.js';

// bin/engage.js starts the workers of a large file before the CLI loads:
// one fewer than the threads asked (else the cores), only when the files
// named are large enough to split together, or one gzip file whose text is
// (its trailer says how long). A worker it started says when it is ready and
// reads the job it is sent.

const WORKER = new URL(`file://${join(ROOT, 'bin/part-worker.js')}`);

/** A file of `size` bytes without writing them (a sparse file: only its size is looked at). */
function sized(name: string, size: number): string {
  const path = join(tempDir(), name);
  closeSync(openSync(path, 'w'));
  truncateSync(path, size);
  return path;
}

/** A gzip file as far as its first bytes and its trailer go, whose trailer gives its text's length (the rest is not looked at). */
function gzipSized(name: string, stored: number, text: number): string {
  const path = sized(name, stored);
  const file = openSync(path, 'r+');
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(text);
  writeSync(file, Buffer.from([0x1f, 0x8b]), 0, 2, 0);
  writeSync(file, trailer, 0, 4, stored - 4);
  closeSync(file);
  return path;
}

const taken: StartedWorker[] = [];

function takeAll(): StartedWorker[] {
  const all: StartedWorker[] = [];
  for (let worker = takeWarmThread(); worker !== undefined; worker = takeWarmThread()) all.push(worker);
  taken.push(...all);
  return all;
}

afterEach(async () => {
  await Promise.all(taken.splice(0).map(({ worker }) => worker.terminate()));
});

describe('warm worker threads', () => {
  it('starts threads − 1 workers for one large file, and for small files that are large together', () => {
    const large = sized('large.csv', PARTS_MIN_BYTES);
    startWarmThreads(['rate', large, '--threads', '3'], WORKER);
    expect(takeAll()).toHaveLength(2);
    startWarmThreads(['rate', large, '--engine', 'streaming', '--threads', '2'], WORKER);
    expect(takeAll()).toHaveLength(1);
    const halves = [sized('a.csv', PARTS_MIN_BYTES / 2), sized('b.csv', PARTS_MIN_BYTES / 2)];
    startWarmThreads(['churn', ...halves, '--threads=2'], WORKER);
    expect(takeAll()).toHaveLength(1);
    startWarmThreads(['churn', gzipSized('events.csv.gz', GZIP_PARTS_MIN_BYTES / 4, GZIP_PARTS_MIN_BYTES), '--threads=2'], WORKER);
    expect(takeAll()).toHaveLength(1);
  });

  it('starts none for a small file, one thread, a gzip file that is small, not gzip or not alone, a workbook, or a file another engine reads', () => {
    const small = sized('small.csv', PARTS_MIN_BYTES - 1);
    const large = sized('large.csv', PARTS_MIN_BYTES);
    // Named .gz but not gzip; gzip whose text is small; gzip beside another file (files in parts read no gzip).
    const notGzip = sized('large.csv.gz', PARTS_MIN_BYTES);
    const smallText = gzipSized('small.csv.gz', PARTS_MIN_BYTES / 8, GZIP_PARTS_MIN_BYTES - 1);
    const gzip = gzipSized('events.csv.gz', GZIP_PARTS_MIN_BYTES / 4, GZIP_PARTS_MIN_BYTES);
    const gzips = [['rate', notGzip, '--threads', '4'], ['rate', smallText, '--threads', '4'], ['churn', gzip, large, '--threads', '4'], ['churn', gzip, '--threads', '1']];
    const others = [['rate', large, '--engine', 'duckdb'], ['churn', large, '--engine=clickhouse'], ['sql', 'churn', large], ['rate', sized('large.xlsx', PARTS_MIN_BYTES)]];
    // A path through a file (ENOTDIR) is the CLI's to word, not a throw on its first line.
    const throughFile = [['rate', `${large}/posts.csv`, '--threads', '4'], ['rate', `${large}/posts.csv.gz`, '--threads', '4']];
    for (const argv of [['rate', small, '--threads', '4'], ['rate', large, '--threads', '1'], ...gzips, ['rate', '--threads', '4'], ...throughFile, ...others]) {
      startWarmThreads(argv, WORKER);
      expect(takeAll()).toHaveLength(0);
    }
  });

  it('a warm worker says it is ready, then reads the part it is sent', async () => {
    const path = join(tempDir(), 'part.csv');
    const rows = ['post_id,published_at,platform,followers,reach,likes,comments,shares', 'p1,2024-01-05T10:00:00Z,x,100,50,5,1,0', 'p2,2024-01-06T10:00:00Z,x,100,40,3,0,1'];
    writeFileSync(path, `${rows.join('\n')}\n`);
    startWarmThreads(['rate', sized('large.csv', PARTS_MIN_BYTES), '--threads', '2'], WORKER);
    const [warm] = takeAll();
    expect(await warm.ready).toBe(true);
    const header = rows[0].split(',');
    const result = new Promise<{ clean: boolean; records: number }>((resolve) => warm.worker.once('message', resolve));
    warm.worker.postMessage({ job: { path, file: path, format: 'csv', delimiter: ',', header, metric: 'rate', options: {} }, start: rows[0].length + 1, end: Buffer.byteLength(`${rows.join('\n')}\n`) });
    expect(await result).toMatchObject({ clean: true, records: 2 });
  });
});
