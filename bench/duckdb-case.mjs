// The reference: DuckDB (2 threads, as the machine has 2 cores) computing the
// figures engage is asked for, reading the same file. Prints them as JSON.
// Usage: node bench/duckdb-case.mjs rate|churn|retention FILE
import { DuckDBInstance } from '@duckdb/node-api';

const [kind, file] = process.argv.slice(2);
const source = file.endsWith('.ndjson') ? `read_ndjson_auto('${file}')` : `read_csv_auto('${file}', header = true)`;
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await db.connect();
await connection.run("SET TimeZone = 'UTC'");

const QUERIES = {
  // Per platform and month: posts, rated interactions and followers, mean and median rate.
  rate: `
    with posts as (select platform, strftime(date_trunc('month', published_at::timestamptz), '%Y-%m') as period,
                          likes + comments + shares + saves as interactions, followers from ${source}),
    groups as (select period, platform, count(*) as posts,
                      sum(interactions) filter (where followers > 0) as interactions,
                      sum(followers) filter (where followers > 0) as basis,
                      avg(interactions / followers) filter (where followers > 0) as mean_rate,
                      median(interactions / followers) filter (where followers > 0) as median_rate
               from posts group by all)
    select sum(posts)::bigint as posts, sum(interactions)::bigint as interactions, sum(basis)::bigint as basis, count(*)::bigint as groups from groups`,
  // Customers active per month, and those of the month before who are not.
  churn: `
    with active as (select distinct customer_id as c, date_trunc('month', timestamp::timestamptz) as m from ${source}),
    per as (select m, count(*) as active from active group by m),
    churned as (select x.m + interval 1 month as m, count(*) as churned from active x
                left join active y on y.c = x.c and y.m = x.m + interval 1 month where y.c is null group by 1)
    select strftime(per.m, '%Y-%m') as period, per.active::bigint as active, coalesce(churned.churned, 0)::bigint as churned
    from per left join churned using (m) order by 1`,
  // Cohorts by first month; customers of each cohort active at each later month.
  retention: `
    with active as (select distinct customer_id as c, date_trunc('month', timestamp::timestamptz) as m from ${source}),
    first as (select c, min(m) as cohort from active group by c)
    select strftime(cohort, '%Y-%m') as cohort, date_diff('month', cohort, m)::bigint as k, count(*)::bigint as n
    from active join first using (c) group by all order by all`,
};

const reader = await connection.runAndReadAll(QUERIES[kind]);
const rows = reader.getRowObjectsJson();
process.stdout.write(`${JSON.stringify(rows)}\n`);
