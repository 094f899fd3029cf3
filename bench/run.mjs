// npm run bench: times engage against a parse-only baseline on the same file,
// in the same run, and prints rows/s, MB/s, peak RSS and the ratio.
// BENCH_SUITE=posts|events (default both), BENCH_RUNS (default 3), BENCH_ROWS
// (posts, default 2M) and BENCH_EVENTS (events, default 10M) change the work.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEvents } from './generate-events.mjs';
import { generatePosts } from './generate-posts.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SUITE = process.env.BENCH_SUITE ?? 'all';
const here = import.meta.dirname;
const dataDir = join(here, 'data');
const bin = join(here, '..', 'bin', 'engage.js');
mkdirSync(dataDir, { recursive: true });

const postRows = Number(process.env.BENCH_ROWS ?? 2_000_000);
const eventRows = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const suites = [
  {
    name: 'posts',
    file: join(dataDir, `posts-${postRows}.csv`),
    rows: postRows,
    generate: (path) => generatePosts(path, postRows, 42),
    cases: [
      ['engage rate --group-by platform --period month', ['rate', '--group-by', 'platform', '--period', 'month']],
      ['engage rate (no grouping)', ['rate']],
    ],
    target: { ratio: 1.25, rssMb: 150, cases: [0] },
  },
  {
    name: 'events',
    file: join(dataDir, `events-${eventRows}.csv`),
    rows: eventRows,
    generate: (path) => generateEvents(path, eventRows, 500_000, 7),
    cases: [
      ['engage repeat', ['repeat']],
      ['engage churn --period month', ['churn', '--period', 'month']],
      ['engage retention --period month', ['retention', '--period', 'month']],
    ],
    target: { ratio: 1.3, rssMb: 400, cases: [0, 1, 2] },
  },
].filter((suite) => SUITE === 'all' || suite.name === SUITE);

function measure(script, args) {
  const report = join(tmpdir(), `engage-bench-${process.pid}.json`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(here, 'measure.mjs'), script, ...args], {
    env: { ...process.env, BENCH_REPORT: report, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${result.stderr}`);
  return { seconds, rssMb: JSON.parse(readFileSync(report, 'utf8')).maxRssKb / 1024 };
}

function best(script, args) {
  const runs = Array.from({ length: RUNS }, () => measure(script, args));
  return { seconds: Math.min(...runs.map((r) => r.seconds)), rssMb: Math.max(...runs.map((r) => r.rssMb)) };
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
let missed = 0;
for (const suite of suites) {
  if (!existsSync(suite.file)) {
    process.stderr.write(`generating ${suite.file} (${suite.rows} rows, seeded)…\n`);
    await suite.generate(suite.file);
  }
  const bytes = statSync(suite.file).size;
  const results = [
    { name: 'parse-only baseline (csv-parse, array mode)', ...best(join(here, 'parse-only.mjs'), [suite.file]) },
    ...suite.cases.map(([name, args]) => ({ name, ...best(bin, [...args, suite.file, '--csv']) })),
  ];
  const baseline = results[0].seconds;
  console.log(`\n${suite.name}: ${suite.file}  ${suite.rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB; best of ${RUNS} runs; node ${process.version}`);
  console.log(`${pad('case', 50)}${lpad('seconds', 9)}${lpad('rows/s', 12)}${lpad('MB/s', 8)}${lpad('peak RSS', 10)}${lpad('× base', 8)}`);
  for (const r of results) {
    console.log(
      `${pad(r.name, 50)}${lpad(r.seconds.toFixed(2), 9)}${lpad(Math.round(suite.rows / r.seconds).toLocaleString('en-US'), 12)}` +
        `${lpad((bytes / 1e6 / r.seconds).toFixed(1), 8)}${lpad(`${r.rssMb.toFixed(0)} MB`, 10)}${lpad((r.seconds / baseline).toFixed(2), 8)}`,
    );
  }
  for (const index of suite.target.cases) {
    const r = results[index + 1];
    const ratioOk = r.seconds / baseline <= suite.target.ratio;
    const rssOk = r.rssMb < suite.target.rssMb;
    if (!ratioOk || !rssOk) missed++;
    console.log(
      `target for ${r.name}: within ${suite.target.ratio}× of the baseline ${ratioOk ? 'met' : 'MISSED'} (${(r.seconds / baseline).toFixed(2)}×), ` +
        `peak RSS under ${suite.target.rssMb} MB ${rssOk ? 'met' : 'MISSED'} (${r.rssMb.toFixed(0)} MB)`,
    );
  }
}
if (missed > 0) console.log(`\n${missed} target(s) missed`);
