import type { Resolution } from '../../schema/columns.js';
import { ROW_COLUMNS, type RowKind } from '../../schema/row-kinds.js';
import { AMOUNT, COUNT_SHAPES } from '../../schema/values.js';
import { isBlankSql, sqlName, sqlPattern, sqlString } from '../../sql/dialect.js';

// A file as the table a metric's SQL form reads: its canonical columns under
// their canonical names, typed by engage's own rules for a cell (the blank
// words are NULL; a count is a plain number, thousands separators allowed;
// a timestamp without an offset is in the session's zone, which is --tz),
// and its other columns under their headers, for --group-by (a canonical
// column's header too, as text, for a --where that names it). A cell that
// does not convert stops the statement: the caller then lets the streaming
// engine name its file, line and column.

/** A marker in the message of a cell that did not convert. */
export const BAD_CELL = 'engage-bad-cell';

/** The cell as trimmed text, NULL when it says nothing. */
function blankToNull(cell: string): string {
  return `CASE WHEN ${isBlankSql(cell)} THEN NULL ELSE trim(${cell}) END`;
}

/** How an engine converts text the way engage reads a cell, and stops on one that does not convert. */
export interface SourceSql {
  /** Whether the whole text matches a pattern (given without its anchors). */
  matches(text: string, pattern: RegExp): string;
  /** Whether the text holds a digit. */
  hasDigit(text: string): string;
  /** The text with `characters` (a regular-expression class) taken out. */
  without(text: string, characters: string): string;
  /** The text as a double, NULL when it is none. */
  double(text: string): string;
  /** The text as a timestamp with time zone (an offset, else the session's zone), NULL when it is none. */
  timestamp(text: string): string;
  isFinite(value: string): string;
  /** Names that differ in case only are one name (DuckDB's): a header "Views" is the canonical "views" itself. */
  caseInsensitiveNames?: boolean;
  /** A value of the column's type that stops the statement with the message (an SQL text expression) of a bad cell. */
  stop(message: string, kind: 'number' | 'timestamp'): string;
}

export const DUCKDB_SOURCE: SourceSql = {
  matches: (text, pattern) => `regexp_full_match(${text}, ${sqlPattern(pattern)})`,
  hasDigit: (text) => `regexp_matches(${text}, '[0-9]')`,
  without: (text, characters) => `regexp_replace(${text}, '${characters}', '', 'g')`,
  double: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  timestamp: (text) => `TRY_CAST(${text} AS TIMESTAMPTZ)`,
  isFinite: (value) => `isfinite(${value})`,
  caseInsensitiveNames: true,
  stop: (message) => `error(${message})`,
};

/** A count as engage reads one (src/schema/values.ts): its shapes, commas dropped; anything else NULL. */
const COUNT = (s: SourceSql, text: string): string =>
  `CASE WHEN ${COUNT_SHAPES.map((shape) => s.matches(text, shape)).join(' OR ')} THEN ${s.double(s.without(text, ','))} END`;

/** An amount as engage reads one: a sign, a currency sign, thousands separators; anything else NULL. */
const AMOUNT_VALUE = (s: SourceSql, text: string): string =>
  `CASE WHEN ${s.matches(text, AMOUNT)} AND ${s.hasDigit(text)} THEN ${s.double(s.without(text, '[\\s$€£¥₩,+]'))} END`;

/**
 * The SELECT of the view over a source whose columns are all text (CSV), in
 * three steps so that each cell is trimmed, converted and checked once (one
 * expression repeated in a CASE was evaluated again each time: 2M posts took
 * 7 s instead of 1): the trimmed text (NULL for a blank word), the value,
 * then the value or a refusal of the text that said something and did not convert.
 */
export function textSourceSelect(
  kind: RowKind,
  header: readonly string[],
  resolution: Resolution,
  /** Other columns read as numbers: interactions (counts), factors of a --map product (amounts). */
  others: { counts: ReadonlySet<string>; amounts: ReadonlySet<string> },
  reader: string,
  engine: SourceSql = DUCKDB_SOURCE,
): string {
  const kinds = new Map(ROW_COLUMNS[kind].map((spec) => [spec.name, spec.kind]));
  const canonicalAt = new Map([...resolution.columns].map(([name, column]) => [column.index, name]));
  const texts: string[] = [];
  const values: string[] = [];
  const checked: string[] = [];
  for (const index of visible(header, resolution)) {
    const h = header[index];
    const canonical = canonicalAt.get(index);
    const amount = canonical === 'amount' || (canonical === undefined && others.amounts.has(h));
    const kindOf = amount ? 'number' : canonical === undefined ? (others.counts.has(h) ? 'count' : 'text') : kinds.get(canonical);
    const name = sqlName(canonical ?? h);
    const text = sqlName(`${canonical ?? h} text`);
    const sameName = canonical !== undefined && (engine.caseInsensitiveNames ? canonical.toLowerCase() === h.toLowerCase() : canonical === h);
    if (canonical !== undefined && !sameName && !resolution.columns.has(h)) {
      // Its header too, as text, for a --where or --group-by that names it (--where 'InvoiceNo!^=C'); as an amount where the metric reads it as one.
      texts.push(sqlName(h));
      values.push(others.amounts.has(h) ? `${AMOUNT_VALUE(engine, blankToNull(sqlName(h)))} AS ${sqlName(h)}` : sqlName(h));
      checked.push(sqlName(h));
    }
    if (kindOf === 'text' || kindOf === undefined) {
      texts.push(`${sqlName(h)} AS ${name}`);
      values.push(name);
      checked.push(name);
      continue;
    }
    const convert = kindOf === 'timestamp' ? (t: string) => engine.timestamp(t) : amount ? (t: string) => AMOUNT_VALUE(engine, t) : (t: string) => COUNT(engine, t);
    const valid = kindOf === 'timestamp' ? `${name} IS NOT NULL` : engine.isFinite(name);
    const what = kindOf === 'timestamp' ? `a ${canonical} that the engine does not read as a time` : `a ${canonical ?? h} that is not a number`;
    texts.push(`${blankToNull(sqlName(h))} AS ${text}`);
    values.push(`${text}, ${convert(text)} AS ${name}`);
    const stop = engine.stop(`${sqlString(`${BAD_CELL}: ${what} "`)} || ${text} || '"'`, kindOf === 'timestamp' ? 'timestamp' : 'number');
    checked.push(`CASE WHEN ${text} IS NULL THEN NULL WHEN ${valid} THEN ${name} ELSE ${stop} END AS ${name}`);
  }
  return `SELECT ${checked.join(', ')} FROM (SELECT ${values.join(', ')} FROM (SELECT ${texts.join(', ')} FROM ${reader}) texts) values_read`;
}

/** The SELECT list of the view over a typed source (Parquet): canonical columns renamed, the others as they are. */
export function typedSourceColumns(header: readonly string[], resolution: Resolution): string[] {
  const canonicalAt = new Map([...resolution.columns].map(([name, column]) => [column.index, name]));
  return visible(header, resolution).flatMap((index) => {
    const [h, canonical] = [header[index], canonicalAt.get(index)];
    const renamed = `${sqlName(h)} AS ${sqlName(canonical ?? h)}`;
    return canonical !== undefined && canonical !== h && !resolution.columns.has(h) ? [renamed, sqlName(h)] : [renamed];
  });
}

/** The names of the view's columns, in order: canonical names, and the headers of the other columns (a renamed column's header too). */
export function sourceViewNames(header: readonly string[], resolution: Resolution): string[] {
  const canonicalAt = new Map([...resolution.columns].map(([name, column]) => [column.index, name]));
  return visible(header, resolution).flatMap((index) => {
    const [h, canonical] = [header[index], canonicalAt.get(index)];
    return canonical !== undefined && canonical !== h && !resolution.columns.has(h) ? [h, canonical] : [canonical ?? h];
  });
}

/**
 * The columns of the view: every column but one whose header is the name of
 * a canonical column that another header fills (--map score="Support rating"
 * leaves the file's own "score" out, as the streaming engine does).
 */
function visible(header: readonly string[], resolution: Resolution): number[] {
  const filled = new Set(resolution.columns.keys());
  const canonicalAt = new Set([...resolution.columns.values()].map((column) => column.index));
  return header.flatMap((h, index) => (canonicalAt.has(index) || !filled.has(h) ? [index] : []));
}
