import type { Resolution } from '../../schema/columns.js';
import { ROW_COLUMNS, type RowKind } from '../../schema/row-kinds.js';
import { sqlName, sqlString } from './dialect.js';

// A file as the table a metric's SQL form reads: its canonical columns under
// their canonical names, typed by engage's own rules for a cell (the blank
// words are NULL; a count is a plain number, thousands separators allowed;
// a timestamp without an offset is in the session's zone, which is --tz),
// and its other columns under their headers, for --group-by. A cell that
// does not convert stops the statement: the caller then lets the streaming
// engine name its file, line and column.

/** A marker in the message of a cell that did not convert. */
export const BAD_CELL = 'engage-bad-cell';

const BLANK_WORDS = "('', 'na', 'n/a', '#n/a', 'null', '-', '—')";

/** The cell as trimmed text, NULL when it says nothing. */
function blankToNull(cell: string): string {
  return `CASE WHEN lower(trim(${cell})) IN ${BLANK_WORDS} THEN NULL ELSE trim(${cell}) END`;
}

/** A text cell converted by `convert` (NULL when it cannot be), refused when it says something and does not convert. */
function converted(cell: string, convert: (text: string) => string, what: string, valid = (value: string) => `${value} IS NOT NULL`): string {
  const text = blankToNull(cell);
  const value = convert(text);
  return `CASE WHEN ${text} IS NULL THEN NULL WHEN ${valid(value)} THEN ${value} ELSE error(${sqlString(`${BAD_CELL}: ${what} `)} || ${sqlString('"')} || ${cell} || ${sqlString('"')}) END`;
}

const COUNT = (text: string): string =>
  `CASE WHEN regexp_full_match(${text}, '\\+?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|\\+?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?') THEN TRY_CAST(replace(${text}, ',', '') AS DOUBLE) END`;

/** The SELECT list of the view over a source whose columns are all text (CSV, NDJSON). */
export function textSourceColumns(kind: RowKind, header: readonly string[], resolution: Resolution, asCounts: ReadonlySet<string>): string[] {
  const kinds = new Map(ROW_COLUMNS[kind].map((spec) => [spec.name, spec.kind]));
  const canonicalAt = new Map([...resolution.columns].map(([name, column]) => [column.index, name]));
  return visible(header, resolution).map((index) => {
    const h = header[index];
    const cell = sqlName(h);
    const canonical = canonicalAt.get(index);
    const kindOf = canonical === undefined ? (asCounts.has(h) ? 'count' : 'text') : kinds.get(canonical);
    const name = sqlName(canonical ?? h);
    if (kindOf === 'count' || kindOf === 'number') return `${converted(cell, COUNT, `a ${canonical ?? h} that is not a number`, (v) => `isfinite(${v})`)} AS ${name}`;
    if (kindOf === 'timestamp') return `${converted(cell, (t) => `TRY_CAST(${t} AS TIMESTAMPTZ)`, `a ${canonical} that DuckDB does not read as a time`)} AS ${name}`;
    return `${cell} AS ${name}`;
  });
}

/** The SELECT list of the view over a typed source (Parquet): canonical columns renamed, the others as they are. */
export function typedSourceColumns(header: readonly string[], resolution: Resolution): string[] {
  const canonicalAt = new Map([...resolution.columns].map(([name, column]) => [column.index, name]));
  return visible(header, resolution).map((index) => `${sqlName(header[index])} AS ${sqlName(canonicalAt.get(index) ?? header[index])}`);
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
