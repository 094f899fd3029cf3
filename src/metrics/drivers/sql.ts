import { sqlString } from '../../sql/dialect.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { eventRowsSql } from '../events/events-sql.js';
import type { DriversOptions } from './options.js';
import { ANY_EVENT, driversSetup } from './outcome.js';

// engage drivers as SQL (drivers.ts is the streaming form): each customer's
// origin (first event) and outcome, the population whose outcome is decided,
// each candidate's count in the candidate window, and the 2×2 table of every
// candidate and threshold; engage finishes the odds ratios, intervals, phi
// and magic numbers from those counts (table.ts's driversResult). A row per
// candidate and threshold: event, threshold, a, b, c, d, then the
// population's figures (population, outcome_yes, undecided, open_windows),
// repeated; table.ts's driversFromSql reads them in that order.

export function driversSql(options: DriversOptions, context: SqlContext): string {
  const { outcome, within, excluded } = driversSetup(options);
  if (outcome.kind === 'funnel') throw new NoSqlForm('--outcome funnel-step:N');
  if (options.list !== undefined) throw new NoSqlForm('--list');
  if (options.events.length > 0) throw new NoSqlForm('--event');
  const d = context.dialect;
  const tz = options.tz;
  const days = context.periods('day', tz, options.weekStart)!;
  const { until } = context.window(options);
  const localDay = (ts: string) => d.trunc('day', d.local(ts, tz), tz);
  const dayStart = (day: string, plus: number) => d.instant(`(${day} + ${d.interval(plus, 'day')})`, tz);
  const candidates = options.candidates?.map((name) => name.trim().toLowerCase());
  const isCandidate = (event: string) => (candidates !== undefined ? `${event} IN (${candidates.map(sqlString).join(', ')})` : excluded.length > 0 ? `${event} NOT IN (${excluded.map(sqlString).join(', ')})` : '1 = 1');
  const windowEnd = 'days' in within ? dayStart('origin_day', within.days) : `origin + ${d.interval(within.ms, 'millisecond')}`;
  const thresholds = Array.from({ length: options.maxCount }, (_, i) => `SELECT ${i + 1} AS t`).join(' UNION ALL ');
  const outcomeSteps =
    outcome.kind === 'retained'
      ? [
          `outcomes AS (
  SELECT o.customer AS customer, o.origin AS origin, o.origin_day AS origin_day,
         max(CASE WHEN ${outcome.event === ANY_EVENT ? '1 = 1' : `c.event = ${sqlString(outcome.event)}`} AND ${d.dayDiff('o.origin_day', localDay('c.ts'))} BETWEEN ${outcome.from} AND ${outcome.to} THEN 1 ELSE 0 END) AS yes
  FROM origins o JOIN counted c ON c.customer = o.customer
  GROUP BY o.customer, o.origin, o.origin_day
)`,
          // Decided only once the last outcome day is over.
          `population AS (
  SELECT outcomes.*, ${windowEnd} AS window_end FROM outcomes CROSS JOIN data_end WHERE ${dayStart('origin_day', outcome.to + 1)} <= data_end.at
)`,
        ]
      : [
          `conversions AS (SELECT customer, min(ts) AS converted_at FROM counted WHERE event = ${sqlString(outcome.event)} GROUP BY customer)`,
          `population AS (
  SELECT o.customer AS customer, o.origin AS origin, o.origin_day AS origin_day, CASE WHEN v.converted_at IS NULL THEN 0 ELSE 1 END AS yes, v.converted_at AS converted_at, ${windowEnd} AS window_end
  FROM origins o LEFT JOIN conversions v ON v.customer = o.customer
)`,
        ];
  // What followed the conversion cannot explain it: the window ends there.
  const cut = outcome.kind === 'converted' ? ' AND (p.converted_at IS NULL OR c.ts < p.converted_at)' : '';
  const steps = [
    `counted AS (\n  ${eventRowsSql({ ...options, groupBy: [] }, context, undefined, [])}\n)`,
    `data_end AS (\n  SELECT ${Number.isFinite(until) ? `${d.instantLiteral(until)} AS at` : `${days.dataEnd('ts')} AS at FROM counted`}\n)`,
    `origins AS (\n  SELECT customer, min(ts) AS origin, ${localDay('min(ts)')} AS origin_day FROM counted GROUP BY customer\n)`,
    ...outcomeSteps,
    `candidate_counts AS (
  SELECT p.customer AS customer, c.event AS event, count(*) AS n
  FROM population p JOIN counted c ON c.customer = p.customer
  WHERE c.ts >= p.origin AND c.ts < p.window_end${cut} AND ${isCandidate('c.event')}
  GROUP BY p.customer, c.event
)`,
    `candidates AS (SELECT DISTINCT event FROM counted WHERE ${isCandidate('event')})`,
    `thresholds AS (${thresholds})`,
    `grid AS (
  SELECT p.yes AS yes, k.event AS event, t.t AS t, coalesce(cc.n, 0) AS n
  FROM population p CROSS JOIN candidates k CROSS JOIN thresholds t
  LEFT JOIN candidate_counts cc ON cc.customer = p.customer AND cc.event = k.event
)`,
    `cells AS (
  SELECT event, t,
         sum(CASE WHEN n >= t AND yes = 1 THEN 1 ELSE 0 END) AS a, sum(CASE WHEN n >= t AND yes = 0 THEN 1 ELSE 0 END) AS b,
         sum(CASE WHEN n < t AND yes = 1 THEN 1 ELSE 0 END) AS c, sum(CASE WHEN n < t AND yes = 0 THEN 1 ELSE 0 END) AS d
  FROM grid GROUP BY event, t
)`,
    `summary AS (
  SELECT (SELECT count(*) FROM population) AS population, (SELECT count(*) FROM population WHERE yes = 1) AS outcome_yes,
         (SELECT count(*) FROM origins) - (SELECT count(*) FROM population) AS undecided,
         (SELECT count(*) FROM population CROSS JOIN data_end WHERE population.window_end > data_end.at) AS open_windows
)`,
  ];
  return `WITH ${steps.join(',\n')}
SELECT cells.event, cells.t AS threshold, cells.a, cells.b, cells.c, cells.d, summary.population, summary.outcome_yes, summary.undecided, summary.open_windows
FROM cells CROSS JOIN summary
ORDER BY cells.event, cells.t`;
}
