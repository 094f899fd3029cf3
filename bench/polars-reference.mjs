// Polars (nodejs-polars, installed by bench/ensure-polars.mjs) as a careful
// user would ask it for exactly the figures engage prints for a case
// (bench/cases.mjs), no more: lazy scans, what several figures share
// collected once, the same files. Prints JSON in the shape of
// bench/duckdb-reference.mjs, which bench/figures.mjs compares.
// Usage: node bench/polars-reference.mjs rate|churn|retention|funnel|rolling|ga4 FILE...
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import pl from 'nodejs-polars';

const [kind, ...files] = process.argv.slice(2);

/** One lazy frame over the files: CSV scanned, gzip CSV decompressed first (Polars' Node binding scans no gzip), NDJSON scanned. */
function scan(file) {
  if (file.endsWith('.gz')) return pl.readCSV(gunzipSync(readFileSync(file))).lazy();
  if (file.endsWith('.ndjson')) return pl.scanJson(file);
  return pl.scanCSV(file);
}
const source = files.length === 1 ? scan(files[0]) : pl.concat(files.map(scan));

const ISO = '%Y-%m-%dT%H:%M:%SZ';
// Instants as microseconds since the epoch: strptime's unit in this binding, whichever is asked for.
const DAY_US = 86_400_000_000;
const micros = (column) => pl.col(column).str.strptime(pl.Datetime(), ISO).cast(pl.Int64);
const monthOf = (datetime) => datetime.dt.year().cast(pl.Int32).mul(12).add(datetime.dt.month().cast(pl.Int32)).sub(1).cast(pl.Int32);
const rows = (df) => df.rows().map((row) => row.map((cell) => (typeof cell === 'bigint' ? Number(cell) : cell)));

/** Each customer's months, with the latest instant of each (epoch ms): the data's end, which says which periods are partial. */
async function activeMonths() {
  const months = (customer, t, ms) => source.select(customer.alias('c'), monthOf(t).alias('m'), ms.alias('ms')).groupBy(['c', 'm']).agg(pl.col('ms').max().alias('last')).collect();
  if (kind === 'ga4') {
    // GA4's BigQuery export: microseconds since the epoch; the signed-in user_id, else the device's user_pseudo_id.
    const ms = pl.col('event_timestamp').cast(pl.Int64).div(1000).floor().cast(pl.Int64);
    return months(pl.col('user_id').fillNull(pl.col('user_pseudo_id')), ms.cast(pl.Datetime('ms')), ms.cast(pl.Float64));
  }
  return months(pl.col('customer_id'), pl.col('timestamp').str.strptime(pl.Datetime(), ISO), micros('timestamp').cast(pl.Float64).div(1000));
}

async function retention() {
  const a = (await activeMonths()).lazy();
  const first = a.groupBy('c').agg(pl.col('m').min().alias('f'));
  const cells = a.join(first, { on: 'c' }).groupBy([pl.col('f'), pl.col('m').sub(pl.col('f')).alias('k')]).agg(pl.len().cast(pl.Int32).alias('n'), pl.col('last').max()).sort(['f', 'k']);
  return rows(await cells.collect());
}

async function churn() {
  const a = (await activeMonths()).lazy();
  const per = a.groupBy('m').agg(pl.len().cast(pl.Int32).alias('active'), pl.col('last').max());
  const news = a.groupBy('c').agg(pl.col('m').min()).groupBy('m').agg(pl.len().cast(pl.Int32).alias('new'));
  const next = a.select(pl.col('c'), pl.col('m').sub(1).cast(pl.Int32).alias('m'));
  const churned = a.join(next, { on: ['c', 'm'], how: 'anti' }).select(pl.col('m').add(1).cast(pl.Int32).alias('m')).groupBy('m').agg(pl.len().cast(pl.Int32).alias('churned'));
  const table = per.join(news, { on: 'm', how: 'left' }).join(churned, { on: 'm', how: 'left' }).select(pl.col('m'), pl.col('active'), pl.col('new').fillNull(0), pl.col('churned').fillNull(0), pl.col('last')).sort('m');
  return rows(await table.collect());
}

async function rate() {
  const rated = pl.col('followers').gt(0);
  const posts = await source
    .select(
      pl.col('published_at').str.strptime(pl.Datetime(), ISO).dt.strftime('%Y-%m').alias('period'),
      micros('published_at').cast(pl.Float64).div(1000).alias('ms'),
      pl.col('platform'),
      pl.col('followers'),
      pl.col('likes').add(pl.col('comments')).add(pl.col('shares')).add(pl.col('saves')).alias('interactions'),
    )
    .withColumns(pl.when(rated).then(pl.col('interactions').cast(pl.Float64).div(pl.col('followers'))).otherwise(pl.lit(null)).alias('rate'))
    .collect();
  const figures = [
    pl.len().cast(pl.Int32).alias('posts'),
    rated.not().sum().cast(pl.Int32).alias('left_out'),
    pl.col('interactions').filter(rated).sum().cast(pl.Float64).alias('interactions'),
    pl.col('followers').filter(rated).sum().cast(pl.Float64).alias('basis'),
    pl.col('rate').mean().alias('mean_rate'),
    pl.col('rate').median().alias('median_rate'),
    pl.col('ms').max().alias('last'),
  ];
  const groups = posts.lazy().groupBy(['period', 'platform']).agg(...figures).sort(['period', 'platform']);
  const all = posts.lazy().select(pl.lit(null).alias('period'), pl.lit(null).alias('platform'), ...figures);
  return [...rows(await groups.collect()), ...rows(await all.collect())];
}

async function funnel() {
  const DAYS_7 = 7 * DAY_US;
  const e = await source.select(pl.col('customer_id').alias('c'), micros('timestamp').alias('t'), pl.col('event')).filter(pl.col('event').isIn(['signup', 'visit', 'purchase'])).collect();
  const of = (name) => e.lazy().filter(pl.col('event').eq(pl.lit(name))).select('c', 't');
  const s = of('signup').groupBy('c').agg(pl.col('t').min().alias('t1'));
  const v = s.join(of('visit'), { on: 'c' }).filter(pl.col('t').gtEq(pl.col('t1')).and(pl.col('t').ltEq(pl.col('t1').add(DAYS_7)))).groupBy(['c', 't1']).agg(pl.col('t').min().alias('t2'));
  const [sd, vd] = await Promise.all([s.collect(), v.collect()]);
  const p = await vd.lazy().join(of('purchase'), { on: 'c' }).filter(pl.col('t').gtEq(pl.col('t2')).and(pl.col('t').ltEq(pl.col('t1').add(DAYS_7)))).groupBy(['c', 't1', 't2']).agg(pl.col('t').min().alias('t3')).collect();
  const hours = (a, b) => pl.col(a).sub(pl.col(b)).cast(pl.Float64).div(3_600_000_000);
  const stats = (x) => [x.mean(), x.quantile(0.5, 'linear'), x.quantile(0.9, 'linear'), x.quantile(0.95, 'linear')];
  const describe = async (frame, prev, first) => rows(await frame.lazy().select(...stats(prev).map((x, i) => x.alias(`p${i}`)), ...stats(first).map((x, i) => x.alias(`f${i}`))).collect())[0];
  const step2 = await describe(vd, hours('t2', 't1'), hours('t2', 't1'));
  const step3 = await describe(p, hours('t3', 't2'), hours('t3', 't1'));
  return [[1, sd.height, null, null], [2, vd.height, step2.slice(0, 4), step2.slice(4)], [3, p.height, step3.slice(0, 4), step3.slice(4)]];
}

async function rolling() {
  // A customer active on day d and next on day n counts on days d … min(d + w, n) − 1 (see duckdb-reference.mjs).
  const a = await source.select(pl.col('customer_id').alias('c'), micros('timestamp').div(DAY_US).floor().cast(pl.Int32).alias('d')).unique().collect();
  const n = a.lazy().sort(['c', 'd']).withColumns(pl.col('d').shift(-1).over('c').alias('nx'));
  const end = (w) => pl.when(pl.col('nx').isNull().or(pl.col('nx').gt(pl.col('d').add(w)))).then(pl.col('d').add(w)).otherwise(pl.col('nx')).cast(pl.Int32).alias('d');
  const delta = pl.concat([
    n.select(pl.col('d'), pl.lit(1).cast(pl.Int32).alias('x7'), pl.lit(1).cast(pl.Int32).alias('x28')),
    n.select(end(7), pl.lit(-1).cast(pl.Int32).alias('x7'), pl.lit(0).cast(pl.Int32).alias('x28')),
    n.select(end(28), pl.lit(0).cast(pl.Int32).alias('x7'), pl.lit(-1).cast(pl.Int32).alias('x28')),
  ]).groupBy('d').agg(pl.col('x7').sum(), pl.col('x28').sum());
  const one = a.lazy().groupBy('d').agg(pl.len().cast(pl.Int32).alias('a1'));
  const [lo, hi] = rows(await a.lazy().select(pl.col('d').min().alias('lo'), pl.col('d').max().alias('hi')).collect())[0];
  const days = pl.DataFrame({ d: Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) }).lazy().select(pl.col('d').cast(pl.Int32));
  const table = days
    .join(one, { on: 'd', how: 'left' })
    .join(delta, { on: 'd', how: 'left' })
    .sort('d')
    .select(pl.col('d'), pl.col('a1').fillNull(0), pl.col('x7').fillNull(0).cumSum().cast(pl.Int32).alias('a7'), pl.col('x28').fillNull(0).cumSum().cast(pl.Int32).alias('a28'));
  return rows(await table.collect());
}

const KINDS = { rate, churn, retention, ga4: retention, funnel, rolling };
process.stdout.write(`${JSON.stringify(await KINDS[kind]())}\n`);
