// DuckDB as a careful user would ask it for exactly the figures engage prints
// for a case (bench/cases.mjs), no more: 2 threads, as the machine has 2
// cores, reading the same files. Prints them as JSON in the shape
// bench/figures.mjs compares.
// Usage: node bench/duckdb-reference.mjs rate|churn|retention|funnel|rolling|ga4 FILE...
import { DuckDBInstance } from '@duckdb/node-api';

const [kind, ...files] = process.argv.slice(2);
const list = `[${files.map((f) => `'${f}'`).join(', ')}]`;
const source = files[0].endsWith('.ndjson') ? `read_ndjson(${list})` : `read_csv(${list}, header = true)`;
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await db.connect();
await connection.run("SET TimeZone = 'UTC'");

// A customer's months as one number (year × 12 + month − 1): one integer compare per join.
const month = (ts) => `(year(${ts}) * 12 + month(${ts}) - 1)`;
// Each customer's months, with the latest instant of each: the data's end, which says which periods are partial.
const activeMonths = (from) => `select c, ${month('t')} as m, max(t) as last from ${from} group by all`;
const events = `(select customer_id as c, timestamp::timestamptz as t from ${source})`;
// GA4's BigQuery export: microseconds since the epoch; the signed-in user_id, else the device's user_pseudo_id.
const ga4Events = `(select coalesce(user_id, user_pseudo_id) as c, make_timestamp(event_timestamp::bigint)::timestamptz as t from ${source})`;

const retention = (from) => `
  with a as (${activeMonths(from)}), f as (select c, min(m) as f from a group by c)
  select f::int as cohort, (m - f)::int as k, count(*)::int as n, epoch_ms(max(last))::double as last from a join f using (c) group by all order by all`;

const QUERIES = {
  // Per month and platform, and over everything: posts, left out, interactions, followers, mean and median rate,
  // and the latest post (the data's end: which months are partial).
  rate: `
    with p as (select strftime(published_at::timestamptz, '%Y-%m') as period, platform, followers, published_at::timestamptz as ts,
                      likes + comments + shares + saves as interactions from ${source})
    select period, platform, count(*)::int as posts, count(*) filter (where not coalesce(followers > 0, false))::int as left_out,
           sum(interactions) filter (where followers > 0)::double as interactions, sum(followers) filter (where followers > 0)::double as basis,
           avg(interactions / followers) filter (where followers > 0) as mean_rate, median(interactions / followers) filter (where followers > 0) as median_rate,
           epoch_ms(max(ts))::double as last
    from p group by grouping sets ((period, platform), ()) order by period nulls last, platform`,
  // Per month: customers active, new (first month ever), churned (active the month before, not in it).
  churn: `
    with a as (${activeMonths(events)}),
    per as (select m, count(*) as active, max(last) as last from a group by m),
    news as (select f as m, count(*) as new from (select c, min(m) as f from a group by c) group by f),
    churned as (select x.m + 1 as m, count(*) as churned from a x anti join a y on y.c = x.c and y.m = x.m + 1 group by 1)
    select m::int as m, active::int as active, coalesce(new, 0)::int as new, coalesce(churned, 0)::int as churned, epoch_ms(last)::double as last
    from per left join news using (m) left join churned using (m) order by m`,
  // Cohorts by first month; customers of each cohort active k months later.
  retention: retention(events),
  ga4: retention(ga4Events),
  // signup → visit → purchase in 7 days from the first signup; hours between steps: mean and percentiles (linear).
  funnel: `
    with e as (select customer_id as c, timestamp::timestamptz as t, event from ${source} where event in ('signup', 'visit', 'purchase')),
    s as (select c, min(t) as t1 from e where event = 'signup' group by c),
    v as (select s.c, s.t1, min(e.t) as t2 from s join e on e.c = s.c and e.event = 'visit' and e.t >= s.t1 and e.t <= s.t1 + interval 7 day group by s.c, s.t1),
    p as (select v.t1, v.t2, min(e.t) as t3 from v join e on e.c = v.c and e.event = 'purchase' and e.t >= v.t2 and e.t <= v.t1 + interval 7 day group by v.c, v.t1, v.t2),
    h as (select (epoch_ms(t2) - epoch_ms(t1)) / 3600000 as prev, null::double as first, 2 as step from v
          union all select (epoch_ms(t3) - epoch_ms(t2)) / 3600000, (epoch_ms(t3) - epoch_ms(t1)) / 3600000, 3 from p)
    select 1 as step, (select count(*) from s)::int as customers, null as prev, null as first
    union all
    select step, count(*)::int, [avg(prev), quantile_cont(prev, 0.5), quantile_cont(prev, 0.9), quantile_cont(prev, 0.95)],
           [avg(coalesce(first, prev)), quantile_cont(coalesce(first, prev), 0.5), quantile_cont(coalesce(first, prev), 0.9), quantile_cont(coalesce(first, prev), 0.95)]
    from h group by step order by step`,
  // Per day: customers active that day, in the 7 and in the 28 days ending with it. A customer active on day d
  // and next on day n counts on days d … min(d + w, n) − 1: the intervals do not overlap, so sums count once.
  rolling: `
    with a as (select distinct customer_id as c, floor(epoch(timestamp::timestamptz) / 86400)::int as d from ${source}),
    n as (select c, d, lead(d) over (partition by c order by d) as nx from a),
    delta as (select d, 1 as x7, 1 as x28 from n
              union all select least(d + 7, coalesce(nx, d + 7)), -1, 0 from n
              union all select least(d + 28, coalesce(nx, d + 28)), 0, -1 from n),
    sums as (select d, sum(x7) as s7, sum(x28) as s28 from delta group by d),
    one as (select d, count(*) as a1 from a group by d),
    days as (select range::int as d from range((select min(d) from a), (select max(d) from a) + 1))
    select days.d, coalesce(a1, 0)::int as a1, (sum(coalesce(s7, 0)) over (order by days.d))::int as a7, (sum(coalesce(s28, 0)) over (order by days.d))::int as a28
    from days left join one using (d) left join sums using (d) order by days.d`,
};

const reader = await connection.runAndReadAll(QUERIES[kind]);
process.stdout.write(`${JSON.stringify(reader.getRowsJson())}\n`);
