import { z } from 'zod';
import { BLANK_WORDS } from '../schema/blank.js';
import { BLANK_LABEL, NUMBER_LABEL } from '../schema/values.js';
import type { PeriodUnit, WeekStart } from '../time/periods.js';

// What differs between the SQL engines engage writes for: how a timestamp
// becomes wall-clock time in a zone and back, how a period is labelled, how
// a median and a refusal of bad data are written. Everything else of a
// metric's SQL form is the same text for both.

export const DialectName = z.enum(['duckdb', 'postgres', 'clickhouse']);
export type DialectName = z.output<typeof DialectName>;

export interface Dialect {
  name: DialectName;
  /** Wall-clock time in `zone` of a timestamp with time zone. */
  local(ts: string, zone: string): string;
  /** The instant of a wall-clock time in `zone`. */
  instant(local: string, zone: string): string;
  /** The label of a period that starts at wall-clock `start`: 2026-03-14, 2026-W11, 2026-03, 2026-Q1, 2026. */
  label(start: string, unit: PeriodUnit, weekStart: WeekStart): string;
  /** A percentile (fraction 0–1) of a column of doubles, linear between the closest ranks (type 7; the median at 0.5). */
  percentile(value: string, fraction: number): string;
  /** The mean of a column of doubles, as nearly exact as the engine sums. */
  mean(value: string): string;
  /** A double. */
  double(value: string): string;
  /** Text. */
  text(value: string): string;
  /**
   * A boolean that stops the statement with `message` (an SQL text
   * expression) when `bad` holds for a row: bad data is refused, never
   * left out. Both engines report a failed cast with the text in it.
   */
  refuse(bad: string, message: string): string;
  /** Whether text is a plain decimal number (labels sort as numbers then: 2 before 10). */
  isNumber(text: string): string;
  /** Text compared by its characters' codes, as engage sorts labels. */
  binary(text: string): string;
  /** In a SELECT list: one row for each of from, from + step, … up to `to`. */
  series(from: string, to: string, step: string): string;
  /** Seconds from instant a to instant b, as a double. */
  secondsBetween(a: string, b: string): string;
  /** A sum of doubles, compensated where the engine can (engage's own sums are exact). */
  sum(value: string): string;
  /** A wall-clock time in `zone` written as text (YYYY-MM-DD[ HH:MM:SS]), as `local` gives wall-clock times. */
  localLiteral(text: string, zone: string): string;
  /** An instant (epoch milliseconds) as a literal of a timestamp with time zone. */
  instantLiteral(ms: number): string;
  /** `n` units of time to add to a timestamp or date. */
  interval(n: number, unit: 'millisecond' | 'day' | 'month' | 'year'): string;
  /** The wall-clock start of the day, ISO week (Monday), month, quarter or year of a wall-clock time in `zone`. */
  trunc(unit: PeriodUnit, local: string, zone: string): string;
  /** Whether a condition holds on every row of a group. */
  allTrue(condition: string): string;
  /** Whether a condition holds on some row of a group. */
  anyTrue(condition: string): string;
  /** Whole days from wall-clock day `from` to `to`. */
  dayDiff(from: string, to: string): string;
  /** In a SELECT list: every period start of `unit` (one period is `step`) from `from` to `to`, both period starts. */
  periodStarts(from: string, to: string, unit: PeriodUnit, step: string): string;
  /** A FROM clause of the same, as column `name`. */
  periodSeries(low: string, high: string, unit: PeriodUnit, step: string, name: string): string;
  /** The value of the row with the greatest `order` (keys compared in turn) among those where `where` holds. */
  latest(value: string, order: string[], where?: string): string;
  /** The value of the row with the least `order` (keys compared in turn), among those where `where` holds. */
  earliest(value: string, order: string[], where?: string): string;
  /** The values of a group's rows as a list, in the order of `order`. */
  orderedList(value: string, order: string): string;
  /** A list's texts joined by `separator` (an SQL text literal). */
  joinList(list: string, separator: string): string;
  /** In a SELECT list: a row for each element of a list (the row's other columns repeated). */
  unnest(list: string): string;
  /**
   * A number for each row of a step, the same however often the step is read:
   * the input's order where the engine keeps one, else the order of `keys`.
   */
  rowNumber(keys: string[]): string;
  /** What ends every statement (settings the definitions rely on); '' for none. */
  suffix: string;
}

/** What DuckDB and PostgreSQL write alike. */
const STANDARD = {
  localLiteral: (text: string) => `CAST(${quote(text)} AS TIMESTAMP)`,
  instantLiteral: (ms: number) => `TIMESTAMPTZ '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00')}'`,
  interval: (n: number, unit: string) => `INTERVAL '${n} ${unit}${n === 1 ? '' : 's'}'`,
  trunc: (unit: PeriodUnit, local: string) => `date_trunc('${unit}', ${local})`,
  allTrue: (condition: string) => `bool_and(${condition})`,
  anyTrue: (condition: string) => `bool_or(${condition})`,
  dayDiff: (from: string, to: string) => `(CAST(${to} AS DATE) - CAST(${from} AS DATE))`,
  periodSeries: (low: string, high: string, _unit: PeriodUnit, step: string, name: string) => `(SELECT generate_series AS ${name} FROM generate_series(${low}, ${high}, ${step})) AS series`,
  latest: (value: string, order: string[], where?: string) =>
    `(array_agg(${value} ORDER BY ${order.map((key) => `${key} DESC`).join(', ')})${where === undefined ? '' : ` FILTER (WHERE ${where})`})[1]`,
  earliest: (value: string, order: string[], where?: string) => `(array_agg(${value} ORDER BY ${order.join(', ')})${where === undefined ? '' : ` FILTER (WHERE ${where})`})[1]`,
  joinList: (list: string, separator: string) => `array_to_string(${list}, ${separator})`,
  unnest: (list: string) => `unnest(${list})`,
  // DuckDB reads a table in its order, and PostgreSQL computes a step read twice once.
  rowNumber: () => 'row_number() OVER ()',
  suffix: '',
};

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

export const DUCKDB: Dialect = {
  ...STANDARD,
  name: 'duckdb',
  local: (ts, zone) => `timezone(${quote(zone)}, ${ts})`,
  instant: (local, zone) => `timezone(${quote(zone)}, ${local})`,
  label(start, unit, weekStart) {
    switch (unit) {
      case 'day':
        return `strftime(${start}, '%Y-%m-%d')`;
      case 'week':
        // A Sunday-start week takes the ISO week of the Monday after its Sunday.
        return `strftime(${weekStart === 'sunday' ? `${start} + INTERVAL 1 DAY` : start}, '%G-W%V')`;
      case 'month':
        return `strftime(${start}, '%Y-%m')`;
      case 'quarter':
        return `strftime(${start}, '%Y') || '-Q' || CAST(quarter(${start}) AS VARCHAR)`;
      case 'year':
        return `strftime(${start}, '%Y')`;
    }
  },
  percentile: (value, fraction) => `quantile_cont(${value}, ${fraction})`,
  orderedList: (value, order) => `list(${value} ORDER BY ${order})`,
  // fsum compensates for rounding, as engage's own exact sum does: the digits then agree.
  mean: (value) => `(fsum(${value}) / count(${value}))`,
  double: (value) => `CAST(${value} AS DOUBLE)`,
  text: (value) => `CAST(${value} AS VARCHAR)`,
  refuse: (bad, message) => `CASE WHEN ${bad} THEN error(${message}) IS NULL ELSE true END`,
  isNumber: (text) => `regexp_full_match(${text}, ${sqlPattern(NUMBER_LABEL)})`,
  binary: (text) => text,
  series: (from, to, step) => `unnest(generate_series(${from}, ${to}, ${step}))`,
  periodStarts: (from, to, _unit, step) => `unnest(generate_series(${from}, ${to}, ${step}))`,
  secondsBetween: (a, b) => `(epoch(${b}) - epoch(${a}))`,
  sum: (value) => `fsum(${value})`,
};

export const POSTGRES: Dialect = {
  ...STANDARD,
  name: 'postgres',
  // AT TIME ZONE binds tighter than + and -: the operand is parenthesized.
  local: (ts, zone) => `((${ts}) AT TIME ZONE ${quote(zone)})`,
  instant: (local, zone) => `((${local}) AT TIME ZONE ${quote(zone)})`,
  label(start, unit, weekStart) {
    switch (unit) {
      case 'day':
        return `to_char(${start}, 'YYYY-MM-DD')`;
      case 'week':
        return `to_char(${weekStart === 'sunday' ? `${start} + INTERVAL '1 day'` : start}, 'IYYY-"W"IW')`;
      case 'month':
        return `to_char(${start}, 'YYYY-MM')`;
      case 'quarter':
        return `to_char(${start}, 'YYYY-"Q"Q')`;
      case 'year':
        return `to_char(${start}, 'YYYY')`;
    }
  },
  percentile: (value, fraction) => `percentile_cont(${fraction}) WITHIN GROUP (ORDER BY ${value})`,
  // Texts compared by their characters' codes, as engage sorts names.
  orderedList: (value, order) => `array_agg(${value} COLLATE "C" ORDER BY ${order})`,
  mean: (value) => `avg(${value})`,
  double: (value) => `CAST(${value} AS DOUBLE PRECISION)`,
  text: (value) => `CAST(${value} AS TEXT)`,
  // PostgreSQL has no error() in SQL: a cast of the message to an integer fails with the message in it.
  // The message is made to depend on the row, or the planner would cast a constant, and fail, before any row.
  refuse: (bad, message) => `CASE WHEN ${bad} THEN CAST(${message} || CASE WHEN ${bad} THEN '' END AS INTEGER) IS NULL ELSE true END`,
  isNumber: (text) => `(${text} ~ ${quote(NUMBER_LABEL.source)})`,
  binary: (text) => `(${text} COLLATE "C")`,
  series: (from, to, step) => `generate_series(${from}, ${to}, ${step})`,
  periodStarts: (from, to, _unit, step) => `generate_series(${from}, ${to}, ${step})`,
  secondsBetween: (a, b) => `CAST(extract(epoch FROM (${b} - ${a})) AS DOUBLE PRECISION)`,
  sum: (value) => `sum(${value})`,
};

/** A regular expression whose pattern is anchored at both ends, as an SQL literal of the pattern without its anchors (for a whole-text match). */
export function sqlPattern(pattern: RegExp): string {
  return quote(pattern.source.replace(/^\^/, '').replace(/\$$/, ''));
}

/** Whether an SQL value says nothing: NULL, or text that is one of engage's blank words (METRICS.md "Missing values"). */
export function isBlankSql(value: string): string {
  return `(${value} IS NULL OR lower(trim(CAST(${value} AS VARCHAR))) IN (${BLANK_WORDS.map(quote).join(', ')}))`;
}

/** An SQL string literal. */
export function sqlString(text: string): string {
  return quote(text);
}

/** A quoted identifier: a column or table name as the user's table spells it. */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** ORDER BY keys that sort group labels as engage does: blanks, numbers as numbers, other text by its characters. */
export function labelOrder(dialect: Dialect, key: string): string[] {
  return [`CASE WHEN ${key} = '${BLANK_LABEL}' THEN 0 WHEN ${dialect.isNumber(key)} THEN 1 ELSE 2 END`, `CASE WHEN ${dialect.isNumber(key)} THEN ${dialect.double(key)} END`, dialect.binary(key)];
}
