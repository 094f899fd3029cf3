// npm run bench: engage against DuckDB (the reference a user could pick
// instead), in one run, alternating A B A B, on seeded files shaped like real
// exports: posts unquoted and fully quoted, events with prefix ids and with
// UUIDs, events as NDJSON. Prints seconds, MB/s, peak RSS of both and the
// ratio, and checks that both computed the same figures.
// BENCH_RUNS (default 3) and BENCH_CASES (comma-separated names) change the
// work; BENCH_SCALE (default 1) scales every file's rows. Each case runs
// through --engine duckdb too, and a 40M-row log (1.7 GB, generated once)
// through DuckDB held to 256 MB shows out-of-core work ("out of core" case).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEvents } from './generate-events.mjs';
import { generatePosts } from './generate-posts.mjs';
import { checks } from './figures.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const only = process.env.BENCH_CASES?.split(',');
const here = import.meta.dirname;
const dataDir = join(here, 'data');
const bin = join(here, '..', 'bin', 'engage.js');
mkdirSync(dataDir, { recursive: true });

const n = (rows) => Math.round(rows * SCALE);
const data = (name) => join(dataDir, name);
const CASES = [
  {
    name: 'posts, no quotes',
    file: data(`posts-${n(2e6)}.csv`), rows: n(2e6), generate: (f) => generatePosts(f, n(2e6), 42),
    engage: ['rate', '--group-by', 'platform', '--period', 'month'], duckdb: 'rate',
  },
  {
    name: 'posts, every field quoted',
    file: data(`posts-${n(2e6)}-quoted.csv`), rows: n(2e6), generate: (f) => generatePosts(f, n(2e6), 42, true),
    engage: ['rate', '--group-by', 'platform', '--period', 'month'], duckdb: 'rate',
  },
  {
    name: 'events, prefix ids (500k customers)',
    file: data(`events-${n(1e7)}.csv`), rows: n(1e7), generate: (f) => generateEvents(f, n(1e7), n(5e5), 7),
    engage: ['churn', '--period', 'month'], duckdb: 'churn',
  },
  {
    name: 'events, UUID ids (1M customers)',
    file: data(`events-uuid-${n(1e7)}.csv`), rows: n(1e7), generate: (f) => generateEvents(f, n(1e7), n(1e6), 11, 'uuid'),
    engage: ['retention', '--period', 'month'], duckdb: 'retention',
  },
  {
    name: 'events as NDJSON',
    file: data(`events-${n(2e6)}.ndjson`), rows: n(2e6), generate: (f) => generateEvents(f, n(2e6), n(5e5), 13),
    engage: ['retention', '--period', 'month'], duckdb: 'retention',
  },
].filter((c) => only === undefined || only.some((name) => c.name.startsWith(name)));

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

const pad = (s, n) => String(s).padEnd(n);

/** Two CSV outputs with the same rows and cells, numbers equal to 1e-9 relative (sums may round apart in the last digits). */
function sameFigures(a, b) {
  const rows = (text) => text.trimEnd().split('\n').map((line) => line.split(','));
  const [x, y] = [rows(a), rows(b)];
  return x.length === y.length && x.every((row, r) => row.length === y[r].length && row.every((cell, i) => {
    const other = y[r][i];
    if (cell === other) return true;
    const [p, q] = [Number(cell), Number(other)];
    return cell !== '' && other !== '' && Number.isFinite(p) && Number.isFinite(q) && Math.abs(p - q) <= 1e-9 * Math.max(1, Math.abs(p));
  }));
}
const lpad = (s, n) => String(s).padStart(n);
const table = [];
/** The same command through the streaming engine and through --engine duckdb. */
const engines = [];
let mismatches = 0;
for (const c of CASES) {
  if (!existsSync(c.file)) {
    process.stderr.write(`generating ${c.file} (${c.rows.toLocaleString('en-US')} rows, seeded)…\n`);
    await c.generate(c.file);
  }
  const mb = statSync(c.file).size / 1e6;
  const engage = [];
  const duck = [];
  const viaDuckDb = [];
  for (let run = 0; run < RUNS; run++) {
    engage.push(measure(bin, [...c.engage, c.file, '--csv']));
    duck.push(measure(join(here, 'duckdb-case.mjs'), [c.duckdb, c.file]));
    viaDuckDb.push(measure(bin, [...c.engage, c.file, '--csv', '--engine', 'duckdb']));
  }
  if (viaDuckDb.length > 0) engines.push({ c, mb: statSync(c.file).size / 1e6, streaming: engage, duckdb: viaDuckDb });
  const problems = checks[c.duckdb](engage[0].stdout, JSON.parse(duck[0].stdout));
  if (problems.length > 0) {
    mismatches++;
    process.stderr.write(`${c.name}: engage and DuckDB disagree:\n  ${problems.slice(0, 5).join('\n  ')}\n`);
  }
  const best = (runs) => ({ seconds: Math.min(...runs.map((r) => r.seconds)), rssMb: Math.max(...runs.map((r) => r.rssMb)) });
  table.push({ c, mb, engage: best(engage), duck: best(duck), same: problems.length === 0 });
}

console.log(`\nengage ÷ DuckDB (2 threads), best of ${RUNS} alternating runs; node ${process.version}, ${process.arch}`);
console.log(`${pad('input', 38)}${pad('engage command', 42)}${lpad('MB', 6)}${lpad('engage s', 10)}${lpad('DuckDB s', 10)}${lpad('÷', 7)}${lpad('engage RSS', 12)}${lpad('DuckDB RSS', 12)}${lpad('same figures', 14)}`);
for (const { c, mb, engage, duck, same } of table) {
  console.log(
    `${pad(c.name, 38)}${pad(c.engage.join(' '), 42)}${lpad(mb.toFixed(0), 6)}${lpad(engage.seconds.toFixed(2), 10)}${lpad(duck.seconds.toFixed(2), 10)}` +
      `${lpad((engage.seconds / duck.seconds).toFixed(2), 7)}${lpad(`${engage.rssMb.toFixed(0)} MB`, 12)}${lpad(`${duck.rssMb.toFixed(0)} MB`, 12)}${lpad(same ? 'yes' : 'NO', 14)}`,
  );
}
// Out of core: an event log several times larger than the memory DuckDB is allowed.
if (only === undefined || only.some((name) => 'out of core'.startsWith(name))) {
  const file = data('events-40000000-500k.csv');
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file} (40,000,000 rows by 500,000 customers, seeded)…\n`);
    await generateEvents(file, 40_000_000, 500_000, 7);
  }
  const c = { name: 'out of core: 40M events, DuckDB at 256MB', engage: ['churn', '--period', 'month'] };
  const streaming = measure(bin, [...c.engage, file, '--csv']);
  const duckdb = measure(bin, [...c.engage, file, '--csv', '--engine', 'duckdb', '--duckdb-memory', '256MB']);
  engines.push({ c, mb: statSync(file).size / 1e6, streaming: [streaming], duckdb: [duckdb] });
}

console.log(`\nthe streaming engine beside --engine duckdb, best of the runs above; the same figures (to 1e-9 relative)?`);
console.log(`${pad('input', 44)}${pad('engage command', 42)}${lpad('MB', 6)}${lpad('stream s', 10)}${lpad('duckdb s', 10)}${lpad('stream RSS', 12)}${lpad('duckdb RSS', 12)}${lpad('same figures', 14)}`);
for (const { c, mb, streaming, duckdb } of engines) {
  const same = sameFigures(streaming[0].stdout, duckdb[0].stdout);
  if (!same) mismatches++;
  const s = Math.min(...streaming.map((r) => r.seconds));
  const d = Math.min(...duckdb.map((r) => r.seconds));
  const rss = (runs) => Math.max(...runs.map((r) => r.rssMb));
  console.log(`${pad(c.name, 44)}${pad(c.engage.join(' '), 42)}${lpad(mb.toFixed(0), 6)}${lpad(s.toFixed(2), 10)}${lpad(d.toFixed(2), 10)}${lpad(`${rss(streaming).toFixed(0)} MB`, 12)}${lpad(`${rss(duckdb).toFixed(0)} MB`, 12)}${lpad(same ? 'yes' : 'NO', 14)}`);
}

if (mismatches > 0) {
  console.log(`\n${mismatches} case(s) where the figures disagree`);
  process.exitCode = 1;
}
