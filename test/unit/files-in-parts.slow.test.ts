import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFilesInParts, runsOfFiles } from '../../src/engines/streaming/files-in-parts.js';
import { READ_AGAIN } from '../../src/engines/streaming/parts.js';
import type { OutputDocument } from '../../src/format/document.js';
import { metricNamed } from '../../src/metrics/registry.js';
import type { Progress } from '../../src/ui/progress.js';
import { computeDocument } from '../../src/orchestrator/compute-document.js';
import { tempDir } from '../helpers/cli.js';
import { failure } from '../helpers/rate.js';

// Several files read by several threads at once (a run of whole files each)
// must give the document one thread gives over the same files, to the last
// digit, with each file's rows; a run that is not plain figures makes every
// file read again on one thread, so notes and errors stay the one-thread ones.

let dir = '';
beforeAll(() => {
  dir = tempDir();
});

const HEADER = 'customer_id,timestamp,event,amount,order_id,country';

/** Event rows over three months: UUID and prefix ids, visits, purchases, starts and cancels. */
function eventRows(rows: number, from = 0): string[] {
  const kinds = ['visit', 'purchase', 'visit', 'start', 'cancel', 'purchase'];
  return Array.from({ length: rows }, (_, k) => {
    const i = from + k;
    const customer = (i * 7919) % 613;
    const id = customer % 3 === 0 ? `0b7e4a9e-31aa-4c6b-8d0e-${String(customer).padStart(12, '0')}` : `cu${customer}`;
    const kind = kinds[(i * 31) % kinds.length];
    return `${id},2026-0${1 + (i % 3)}-${String(1 + ((i * 13) % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z,${kind},${kind === 'visit' ? '' : 10 + (i % 50)},${kind === 'purchase' ? `o${i}` : ''},${['JP', 'GB', 'US'][customer % 3]}`;
  });
}

/** `count` files of `rows` events each, every one with its header; `edit` may change a file's rows. */
function files(name: string, count: number, rows: number, edit: (file: number, lines: string[]) => string[] = (_, lines) => lines): string[] {
  return Array.from({ length: count }, (_, f) => {
    const path = join(dir, `${name}-${f}.csv`);
    writeFileSync(path, `${[HEADER, ...edit(f, eventRows(rows, f * rows))].join('\n')}\n`);
    return path;
  });
}

const oneThread = (metric: string, options: Record<string, unknown>, paths: string[]): Promise<OutputDocument> =>
  computeDocument(metricNamed(metric)!, { ...options, threads: 1 }, paths, { stdin: Readable.from([]) });
const comparable = (doc: OutputDocument) => ({ ...doc, options: { ...doc.options, threads: undefined } });

describe('several files read at once', () => {
  it.each([
    ['churn', { groupBy: ['country'] }, 2],
    ['churn', { model: 'subscription' }, 3],
    ['retention', { period: 'week' }, 2],
    ['lifecycle', {}, 3],
    ['stickiness', { rolling: [7], criteria: '>=2' }, 2],
    // Customers, names and group labels are numbered by each thread: the whole renumbers them as it merges.
    ['funnel', { steps: ['visit', 'purchase'], order: 'strict', entry: 'any', groupBy: ['country'], attribution: 'last-touch' }, 3],
    // The passes per step (earliest-steps.ts) read each thread's events in that thread's numbers.
    ['funnel', { steps: ['start', 'visit', 'purchase'], window: '30d' }, 3],
    ['paths', { after: 'visit', depth: 2 }, 2],
    ['customers', {}, 3],
  ])('%s %j on %i threads gives the one-thread document, each file with its rows', async (metric, options, threads) => {
    const paths = files(`events-${metric}-${threads}`, 5, 1200);
    const read = await computeFilesInParts(metricNamed(metric)!, { ...options, threads }, paths, 0);
    expect(read, 'read at once').toBeDefined();
    const one = await oneThread(metric, options, paths);
    expect(comparable(read!)).toEqual(comparable(one));
    expect(read!.inputs.map((input) => [input.file, input.rows])).toEqual(paths.map((path) => [path, 1200]));
  });

  it('draws the progress line for the main thread’s own files, each with its size', async () => {
    const paths = files('progress', 4, 1200);
    const started: string[] = [];
    let bytes = 0;
    const progress: Progress = { startFile: (name) => void started.push(name), bytes: (n) => void (bytes += n), done: () => undefined };
    expect(await computeFilesInParts(metricNamed('churn')!, { threads: 2 }, paths, 0, progress)).toBeDefined();
    // Two threads: the first two files are the main thread's run, every byte of them counted.
    expect(started).toEqual(paths.slice(0, 2));
    expect(bytes).toBe(statSync(paths[0]).size + statSync(paths[1]).size);
  });

  it('a row left out in a later thread’s file is reported by one thread, with its file and line', async () => {
    // A blank customer id in the fourth file, left out by --skip-invalid: a problem, which no run but the one-thread run words.
    const paths = files('left-out', 4, 800, (f, lines) => (f === 3 ? lines.map((line, i) => (i === 500 ? line.replace(/^[^,]+/, '') : line)) : lines));
    const options = { skipInvalid: true, groupBy: ['country'] };
    expect(await computeFilesInParts(metricNamed('churn')!, { ...options, threads: 2 }, paths, 0)).toBeUndefined();
    const viaThreads = await computeDocument(metricNamed('churn')!, { ...options, threads: 2 }, paths, { stdin: Readable.from([]), partsMinBytes: 0 });
    const one = await oneThread('churn', options, paths);
    expect(comparable(viaThreads)).toEqual({ ...comparable(one), notes: [...one.notes, `--threads 2: read on one thread, as ${READ_AGAIN}`] });
    expect(one.notes).toContain(`left out by --skip-invalid: 1 row with a blank "customer_id" (drop them with --where 'customer_id!=' if they are anonymous) (at ${paths[3]}:502)`);
  });

  it('a bad row in a later thread’s file stops with the file and line one thread names', async () => {
    const paths = files('ragged', 4, 600, (f, lines) => (f === 3 ? lines.map((line, i) => (i === 400 ? 'cu1,2026-01-05T10:00:00Z' : line)) : lines));
    const error = await failure(computeDocument(metricNamed('churn')!, { threads: 2 }, paths, { stdin: Readable.from([]), partsMinBytes: 0 }));
    expect(error.message).toBe(`${paths[3]}:402: the row has 2 fields but the header has 6; a row is never padded or cut`);
  });

  it('repeat (orders counted once over their lines), standard input and other formats are read on one thread', async () => {
    const paths = files('one-thread', 3, 300);
    expect(await computeFilesInParts(metricNamed('repeat')!, { threads: 2 }, paths, 0)).toBeUndefined();
    expect(await computeFilesInParts(metricNamed('churn')!, { threads: 2 }, [...paths, '-'], 0)).toBeUndefined();
    expect(await computeFilesInParts(metricNamed('churn')!, { threads: 2 }, [...paths, `${paths[0]}.gz`], 0)).toBeUndefined();
    expect(await computeFilesInParts(metricNamed('churn')!, { threads: 1 }, paths, 0)).toBeUndefined();
  });

  it('judges Shopify line items by the columns --header gives, not by a headerless file’s first record', async () => {
    const header = ['Name', 'Email', 'Financial Status', 'Created at', 'Lineitem quantity', 'Total'];
    const rows = (f: number) => Array.from({ length: 400 }, (_, i) => `#${f * 1000 + (i >> 1)},c${i % 37}@example.com,paid,2026-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00 +0000,1,${i % 2 === 0 ? '10.00' : ''}`);
    const paths = [0, 1].map((f) => {
      const path = join(dir, `headerless-${f}.csv`);
      writeFileSync(path, `${rows(f).join('\n')}\n`);
      return path;
    });
    expect(await computeFilesInParts(metricNamed('churn')!, { threads: 2, header }, paths, 0)).toBeUndefined();
  });
});

describe('runsOfFiles', () => {
  it('cuts the files in order into runs of about equal bytes, none empty', () => {
    expect(runsOfFiles(['a', 'b', 'c', 'd'], [10, 10, 10, 10], 2)).toEqual([['a', 'b'], ['c', 'd']]);
    // A run closes once it reaches its share: the large first file is a run of its own.
    expect(runsOfFiles(['a', 'b', 'c'], [100, 1, 1], 2)).toEqual([['a'], ['b', 'c']]);
    expect(runsOfFiles(['a', 'b'], [5, 5], 3)).toEqual([['a'], ['b']]);
    expect(runsOfFiles(['a', 'b', 'c', 'd', 'e', 'f'], [1, 1, 1, 1, 1, 1], 3)).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
    // A file goes to the run its middle falls in: the large last file is a run of its own.
    expect(runsOfFiles(['a', 'b', 'c'], [1, 1, 100], 2)).toEqual([['a', 'b'], ['c']]);
    expect(runsOfFiles(['a'], [7], 2)).toEqual([['a']]);
  });
});
