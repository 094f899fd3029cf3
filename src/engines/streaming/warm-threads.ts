import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GZIP_PARTS_MIN_BYTES, PARTS_MIN_BYTES, gzipContentBytes, gzipSplitFormat, splitFormat } from './split-format.js';

// Worker threads started on the CLI's first line, when its arguments name
// files large enough to be read by several threads: a worker takes as long
// to load its modules as the main thread does (0.25–0.3 s here), so started
// once the main thread has loaded and looked at the files, it joined a
// 1.3 s run a quarter of the way through. Started first, both load at once.
// This module is its own small bundle (bin/engage.js loads it before the
// CLI); the pool is kept on globalThis because the CLI's bundle has its own
// copy of this module. A warm worker nobody takes does not keep the process
// alive.

/** A worker thread and whether it loaded (it says so once its modules are in). */
export interface StartedWorker {
  worker: Worker;
  ready: Promise<boolean>;
}

const POOL = Symbol.for('engage.warm-threads');

type Pooled = typeof globalThis & { [POOL]?: StartedWorker[] };

/** Starts a worker of `script`; it is unreferenced until taken. */
export function startWorker(script: URL): StartedWorker {
  const worker = new Worker(script);
  const ready = new Promise<boolean>((resolve) => {
    worker.once('message', () => resolve(true));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
  return { worker, ready };
}

/**
 * Starts the workers a run over these arguments may use: one fewer than
 * --threads (else the machine's cores), when engage reads the files itself
 * and the files the arguments name are all ones to split and
 * PARTS_MIN_BYTES or more together.
 */
export function startWarmThreads(argv: readonly string[], script: URL): void {
  const threads = threadsAsked(argv) ?? availableParallelism();
  if (threads < 2 || !streaming(argv) || !largeFiles(argv)) return;
  const pool: StartedWorker[] = [];
  for (let i = 1; i < threads; i++) {
    const started = startWorker(script);
    started.worker.unref();
    pool.push(started);
  }
  (globalThis as Pooled)[POOL] = pool;
}

/** A warm worker, if one was started and is not taken yet. */
export function takeWarmThread(): StartedWorker | undefined {
  const taken = (globalThis as Pooled)[POOL]?.shift();
  taken?.worker.ref();
  return taken;
}

/** The value an option is given (`--name value` or `--name=value`), if it is. */
function optionValue(argv: readonly string[], name: string): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === name) return argv[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

function threadsAsked(argv: readonly string[]): number | undefined {
  const value = optionValue(argv, '--threads');
  return value === undefined ? undefined : Number.parseInt(value, 10) || 1;
}

/** Whether engage reads the files itself: not `engage sql`, nor --engine duckdb or clickhouse (whose threads need the cores). */
function streaming(argv: readonly string[]): boolean {
  const engine = optionValue(argv, '--engine');
  return argv[0] !== 'sql' && (engine === undefined || engine === 'streaming');
}

/**
 * Whether the files named are ones to split (splitFormat) and PARTS_MIN_BYTES
 * or more together, or are one gzip file to split whose text is GZIP_PARTS_MIN_BYTES or more.
 */
function largeFiles(argv: readonly string[]): boolean {
  const files = argv.flatMap((arg) => {
    const size = arg.startsWith('-') ? undefined : fileSize(arg);
    return size === undefined ? [] : [{ path: arg, size }];
  });
  if (files.length === 1 && gzipSplitFormat(files[0].path) !== undefined) return gzipContentBytes(files[0].path, files[0].size) >= GZIP_PARTS_MIN_BYTES;
  // A file read on one thread (a gzip file among others, a workbook) keeps the others from being split with it.
  if (files.some(({ path }) => splitFormat(path) === undefined)) return false;
  return files.reduce((bytes, { size }) => bytes + size, 0) >= PARTS_MIN_BYTES;
}

/** The size of a file this process may look at; undefined for anything else (a missing file, a folder, a path through a file), which the CLI itself words. */
function fileSize(path: string): number | undefined {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat?.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}
