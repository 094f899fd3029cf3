import type { PeriodUnit } from '../time/periods.js';
import type { Dialect } from './dialect.js';

// ClickHouse, the engine event analytics runs on at scale: only what it
// writes differently from DuckDB and PostgreSQL. A timestamp keeps its zone
// as part of its type, so wall-clock time in --tz is the same instant shown
// in that zone (toTimeZone) and needs no conversion back; a period's start
// is cut in that zone and made an instant there again. Counts are exact
// (count, uniqExact), never the approximate uniq. A bad cell stops the
// statement with a fixed message (throwIf takes no other), which engage
// words from the file. Standard NULLs in joins and casts are asked for in
// SETTINGS at the statement's end.

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The fixed start of an SQL text expression of a message ('engage: …' || …): throwIf takes a constant. */
function fixedMessage(message: string): string {
  const match = /^'((?:[^']|'')*)'/.exec(message.trim());
  return quote(match ? match[1].replaceAll("''", "'").replace(/[:\s]+$/, '') : 'engage: bad data');
}

const FUNCTION_OF_UNIT: Record<PeriodUnit, string> = { day: 'Day', week: 'Week', month: 'Month', quarter: 'Quarter', year: 'Year' };

/** Every period start from `from` to `to` by calendar arithmetic in the start's zone (a month is a month, not 30 days); none when `to` is before `from`. */
function periodStarts(from: string, to: string, unit: PeriodUnit): string {
  return `arrayJoin(arrayMap(i -> ${from} + toInterval${FUNCTION_OF_UNIT[unit]}(i), range(toUInt64(greatest(dateDiff('${unit}', ${from}, ${to}) + 1, 0)))))`;
}

export const CLICKHOUSE: Dialect = {
  name: 'clickhouse',
  local: (ts, zone) => `toTimeZone(${ts}, ${quote(zone)})`,
  instant: (local) => local,
  label(start, unit, weekStart) {
    switch (unit) {
      case 'day':
        return `formatDateTime(${start}, '%Y-%m-%d')`;
      case 'week':
        return `formatDateTime(${weekStart === 'sunday' ? `${start} + INTERVAL 1 DAY` : start}, '%G-W%V')`;
      case 'month':
        return `formatDateTime(${start}, '%Y-%m')`;
      case 'quarter':
        return `formatDateTime(${start}, '%Y-Q%Q')`;
      case 'year':
        return `formatDateTime(${start}, '%Y')`;
    }
  },
  // R-7, linear between the closest ranks: engage's percentiles and DuckDB's quantile_cont.
  percentile: (value, fraction) => `quantileExactInclusive(${fraction})(${value})`,
  orderedList: (value, order) => `arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((${order}, ${value}))))`,
  joinList: (list, separator) => `arrayStringConcat(${list}, ${separator})`,
  unnest: (list) => `arrayJoin(${list})`,
  mean: (value) => `(sumKahan(${value}) / count(${value}))`,
  double: (value) => `CAST(${value} AS Nullable(Float64))`,
  text: (value) => `CAST(${value} AS Nullable(String))`,
  refuse: (bad, message) => `throwIf(coalesce(${bad}, false), ${fixedMessage(message)}) = 0`,
  isNumber: (text) => `match(${text}, '^-?[0-9]+([.][0-9]+)?$')`,
  binary: (text) => text,
  series: (from, to, step) => `arrayJoin(range(${from}, ${to} + 1, ${step}))`,
  periodStarts,
  secondsBetween: (a, b) => `(dateDiff('millisecond', ${a}, ${b}) / 1000)`,
  sum: (value) => `sumKahan(${value})`,
  localLiteral: (text, zone) => `toDateTime64(${quote(text)}, 3, ${quote(zone)})`,
  instantLiteral: (ms) => `toDateTime64('${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}', 3, 'UTC')`,
  interval: (n, unit) => `INTERVAL ${n} ${unit.toUpperCase()}`,
  // date_trunc gives a date for these units: made the instant of its midnight in --tz again.
  trunc: (unit, local, zone) => `toDateTime64(toStartOf${FUNCTION_OF_UNIT[unit]}(${local}${unit === 'week' ? ', 1' : ''}), 3, ${quote(zone)})`,
  allTrue: (condition) => `(min(${condition}) = 1)`,
  anyTrue: (condition) => `(max(${condition}) = 1)`,
  dayDiff: (from, to) => `dateDiff('day', toDate(${from}), toDate(${to}))`,
  periodSeries: (low, high, unit, _step, name) => `(SELECT ${periodStarts('lo', 'hi', unit)} AS ${name} FROM (SELECT ${low} AS lo, ${high} AS hi)) AS series`,
  latest: (value, order, where) => (where === undefined ? `argMax(${value}, (${order.join(', ')}))` : `argMaxIf(${value}, (${order.join(', ')}), ${where})`),
  earliest: (value, order, where) => (where === undefined ? `argMin(${value}, (${order.join(', ')}))` : `argMinIf(${value}, (${order.join(', ')}), ${where})`),
  // A step is computed again wherever it is read, its rows in any order: numbered by their values, the same each time.
  rowNumber: (keys) => `row_number() OVER (ORDER BY ${keys.join(', ')})`,
  suffix: '\nSETTINGS join_use_nulls = 1, cast_keep_nullable = 1, prefer_column_name_to_alias = 1',
};
