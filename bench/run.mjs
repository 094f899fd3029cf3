// npm run bench: engage against DuckDB and Polars, the engines a user could
// pick instead, each computing exactly the figures engage prints for a case
// (bench/duckdb-reference.mjs, bench/polars-reference.mjs), on the same
// seeded files, in one run: engage, DuckDB, Polars, engage, … (alternating,
// so that a slow minute of the machine falls on all three), the median of
// the runs and the peak RSS of each, and whether all three have the same
// figures (bench/figures.mjs). The ratio is engage's time over the faster
// reference's.
// BENCH_RUNS (default 3), BENCH_CASES (comma-separated name prefixes) and
// BENCH_SCALE (default 1: the rows below) change the work; BENCH_GENERATE_ONLY=1 makes the files and
// stops; BENCH_BEFORE=path/to/bin/engage.js measures another build of engage too (before a change), in
// the same alternation. The memory case (a
// 100M-event log, about 4.3 GB, generated once) runs only when BENCH_CASES names it.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { checks } from './figures.mjs';
import { generateEvents } from './generate-events.mjs';
import { generateGa4 } from './generate-ga4.mjs';
import { generatePosts } from './generate-posts.mjs';
import './ensure-polars.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const only = process.env.BENCH_CASES?.split(',');
const here = import.meta.dirname;
const dataDir = join(here, 'data');
const bin = join(here, '..', 'bin', 'engage.js');
const before = process.env.BENCH_BEFORE;
mkdirSync(dataDir, { recursive: true });

const n = (rows) => Math.round(rows * SCALE);
const data = (name) => join(dataDir, name);
const events10m = { file: data(`events-${n(1e7)}.csv`), generate: (f) => generateEvents(f, n(1e7), n(5e5), 7) };
const months2024 = Array.from({ length: 12 }, (_, m) => data(`events-2024-${String(m + 1).padStart(2, '0')}-${n(1e7 / 12)}.csv`));

const CASES = [
  { name: 'posts, no quotes', files: [data(`posts-${n(2e6)}.csv`)], generate: (f) => generatePosts(f, n(2e6), 42), engage: ['rate', '--group-by', 'platform', '--period', 'month'], kind: 'rate' },
  { name: 'posts, every field quoted', files: [data(`posts-${n(2e6)}-quoted.csv`)], generate: (f) => generatePosts(f, n(2e6), 42, true), engage: ['rate', '--group-by', 'platform', '--period', 'month'], kind: 'rate' },
  { name: 'events, prefix ids (500k customers)', files: [events10m.file], generate: events10m.generate, engage: ['churn', '--period', 'month'], kind: 'churn' },
  { name: 'events, UUID ids (1M customers)', files: [data(`events-uuid-${n(1e7)}.csv`)], generate: (f) => generateEvents(f, n(1e7), n(1e6), 11, 'uuid'), engage: ['retention', '--period', 'month'], kind: 'retention' },
  { name: 'events as NDJSON', files: [data(`events-${n(2e6)}.ndjson`)], generate: (f) => generateEvents(f, n(2e6), n(5e5), 13), engage: ['retention', '--period', 'month'], kind: 'retention' },
  { name: 'funnel over 10M events', files: [events10m.file], generate: events10m.generate, engage: ['funnel', '--steps', 'signup,visit,purchase', '--window', '7d'], kind: 'funnel' },
  { name: 'rolling stickiness, 10M events', files: [events10m.file], generate: events10m.generate, engage: ['stickiness', '--rolling', '7,28'], kind: 'rolling' },
  { name: 'GA4 export, nested NDJSON', files: [data(`ga4-${n(1e6)}.ndjson`)], generate: (f) => generateGa4(f, n(1e6), n(2e5), 17), engage: ['retention', '--period', 'month'], kind: 'ga4' },
  {
    name: 'gzip CSV, 10M events',
    files: [`${events10m.file}.gz`],
    generate: async (f) => {
      if (!existsSync(events10m.file)) await events10m.generate(events10m.file);
      await pipeline(createReadStream(events10m.file), createGzip(), createWriteStream(f));
    },
    engage: ['churn', '--period', 'month'],
    kind: 'churn',
  },
  {
    name: 'twelve monthly files',
    files: months2024,
    generate: (f) => {
      const m = months2024.indexOf(f);
      const start = Date.UTC(2024, m, 1);
      return generateEvents(f, n(1e7 / 12), n(5e5), 100 + m, 'prefix', { start, span: Date.UTC(2024, m + 1, 1) - start });
    },
    engage: ['churn', '--period', 'month'],
    kind: 'churn',
  },
  { name: 'memory: 100M events', files: [data(`events-${n(1e8)}.csv`)], generate: (f) => generateEvents(f, n(1e8), n(5e5), 7), engage: ['churn', '--period', 'month'], kind: 'churn', optIn: true, runs: 1 },
].filter((c) => (only === undefined ? !c.optIn : only.some((name) => c.name.startsWith(name))));

function measure(script, args) {
  const report = join(tmpdir(), `engage-bench-${process.pid}.json`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(here, 'measure.mjs'), script, ...args], {
    env: { ...process.env, BENCH_REPORT: report, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${result.stderr}`);
  return { seconds, rssMb: JSON.parse(readFileSync(report, 'utf8')).maxRssKb / 1024, stdout: result.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const summary = (runs) => ({ seconds: median(runs.map((r) => r.seconds)), rssMb: Math.max(...runs.map((r) => r.rssMb)) });
const pad = (s, width) => String(s).padEnd(width);
const lpad = (s, width) => String(s).padStart(width);

const table = [];
let mismatches = 0;
for (const c of CASES) {
  for (const file of c.files) {
    if (!existsSync(file)) {
      process.stderr.write(`generating ${file} (seeded)…\n`);
      await c.generate(file);
    }
  }
  if (process.env.BENCH_GENERATE_ONLY === '1') continue;
  const mb = c.files.reduce((sum, file) => sum + statSync(file).size, 0) / 1e6;
  const runs = { engage: [], duckdb: [], polars: [], before: [] };
  for (let run = 0; run < (c.runs ?? RUNS); run++) {
    if (before !== undefined) runs.before.push(measure(before, [...c.engage, ...c.files, '--csv']));
    runs.engage.push(measure(bin, [...c.engage, ...c.files, '--csv']));
    runs.duckdb.push(measure(join(here, 'duckdb-reference.mjs'), [c.kind, ...c.files]));
    runs.polars.push(measure(join(here, 'polars-reference.mjs'), [c.kind, ...c.files]));
  }
  const problems = ['duckdb', 'polars'].flatMap((peer) => checks[c.kind](runs.engage[0].stdout, JSON.parse(runs[peer][0].stdout)).map((p) => `${peer}: ${p}`));
  if (problems.length > 0) {
    mismatches++;
    process.stderr.write(`${c.name}: the figures disagree:\n  ${problems.slice(0, 6).join('\n  ')}\n`);
  }
  if (before !== undefined) problems.push(...['duckdb', 'polars'].flatMap((peer) => checks[c.kind](runs.before[0].stdout, JSON.parse(runs[peer][0].stdout)).map((p) => `before, ${peer}: ${p}`)));
  const row = { c, mb, engage: summary(runs.engage), duckdb: summary(runs.duckdb), polars: summary(runs.polars), before: before === undefined ? undefined : summary(runs.before), same: problems.length === 0 };
  table.push(row);
  process.stderr.write(`${c.name}: engage ${row.engage.seconds.toFixed(2)} s, DuckDB ${row.duckdb.seconds.toFixed(2)} s, Polars ${row.polars.seconds.toFixed(2)} s\n`);
}

const once = table.filter(({ c }) => c.runs === 1).map(({ c }) => c.name);
console.log(`\nengage ÷ the faster of DuckDB (2 threads) and Polars, medians of ${RUNS} alternating runs${once.length > 0 ? ` (one run: ${once.join(', ')})` : ''}; node ${process.version}, ${process.arch}`);
console.log(`${pad('input', 36)}${pad('engage command', 44)}${lpad('MB', 6)}${before === undefined ? '' : lpad('before s', 10)}${lpad('engage s', 10)}${lpad('DuckDB s', 10)}${lpad('Polars s', 10)}${lpad('÷', 6)}${lpad('engage RSS', 12)}${lpad('DuckDB RSS', 12)}${lpad('Polars RSS', 12)}${lpad('same', 6)}`);
for (const { c, mb, engage, duckdb, polars, before: was, same } of table) {
  const best = Math.min(duckdb.seconds, polars.seconds);
  const rss = (m) => `${m.rssMb.toFixed(0)} MB`;
  console.log(
    `${pad(c.name, 36)}${pad(c.engage.join(' '), 44)}${lpad(mb.toFixed(0), 6)}${was === undefined ? '' : lpad(was.seconds.toFixed(2), 10)}${lpad(engage.seconds.toFixed(2), 10)}${lpad(duckdb.seconds.toFixed(2), 10)}${lpad(polars.seconds.toFixed(2), 10)}` +
      `${lpad((engage.seconds / best).toFixed(2), 6)}${lpad(rss(engage), 12)}${lpad(rss(duckdb), 12)}${lpad(rss(polars), 12)}${lpad(same ? 'yes' : 'NO', 6)}`,
  );
}

if (mismatches > 0) {
  console.log(`\n${mismatches} case(s) where the figures disagree`);
  process.exitCode = 1;
}
