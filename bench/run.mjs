// npm run bench: times engage against a parse-only baseline on the same file,
// in the same run, and prints rows/s, MB/s, peak RSS and the ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePosts } from './generate-posts.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 2_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dataDir = join(import.meta.dirname, 'data');
mkdirSync(dataDir, { recursive: true });
const posts = join(dataDir, `posts-${ROWS}.csv`);
if (!existsSync(posts)) {
  process.stderr.write(`generating ${posts} (${ROWS} rows, seed 42)…\n`);
  await generatePosts(posts, ROWS, 42);
}
const bytes = statSync(posts).size;
const bin = join(import.meta.dirname, '..', 'bin', 'engage.js');

const cases = [
  { name: 'parse-only baseline (csv-parse, array mode)', script: join(import.meta.dirname, 'parse-only.mjs'), args: [posts] },
  { name: 'engage rate --group-by platform --period month', script: bin, args: ['rate', posts, '--group-by', 'platform', '--period', 'month', '--csv'] },
  { name: 'engage rate (no grouping)', script: bin, args: ['rate', posts, '--csv'] },
];

function measure({ script, args }) {
  const report = join(tmpdir(), `engage-bench-${process.pid}.json`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(import.meta.dirname, 'measure.mjs'), script, ...args], {
    env: { ...process.env, BENCH_REPORT: report, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${result.stderr}`);
  return { seconds, rssMb: JSON.parse(readFileSync(report, 'utf8')).maxRssKb / 1024 };
}

const results = cases.map((c) => {
  const runs = Array.from({ length: RUNS }, () => measure(c));
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...c, seconds: best.seconds, rssMb: Math.max(...runs.map((r) => r.rssMb)) };
});

const baseline = results[0].seconds;
console.log(`file: ${posts}  ${ROWS.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB; best of ${RUNS} runs; node ${process.version}`);
console.log('');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`${pad('case', 50)}${lpad('seconds', 9)}${lpad('rows/s', 12)}${lpad('MB/s', 8)}${lpad('peak RSS', 10)}${lpad('× base', 8)}`);
for (const r of results) {
  console.log(
    `${pad(r.name, 50)}${lpad(r.seconds.toFixed(2), 9)}${lpad(Math.round(ROWS / r.seconds).toLocaleString('en-US'), 12)}` +
      `${lpad((bytes / 1e6 / r.seconds).toFixed(1), 8)}${lpad(`${r.rssMb.toFixed(0)} MB`, 10)}${lpad((r.seconds / baseline).toFixed(2), 8)}`,
  );
}
const target = results[1];
const ratioOk = target.seconds / baseline <= 1.25;
const rssOk = target.rssMb < 150;
console.log('');
console.log(`target: engage rate within 1.25× of the baseline: ${ratioOk ? 'met' : 'MISSED'} (${(target.seconds / baseline).toFixed(2)}×)`);
console.log(`target: peak RSS under 150 MB: ${rssOk ? 'met' : 'MISSED'} (${target.rssMb.toFixed(0)} MB)`);
