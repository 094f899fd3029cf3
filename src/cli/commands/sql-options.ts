import { z } from 'zod';
import { inputOptions, option } from '../../metrics/options.js';
import { parseMapOptions } from '../../schema/columns.js';
import { ROW_COLUMNS, type RowKind } from '../../schema/row-kinds.js';
import { DialectName } from '../../sql/dialect.js';

// The options of engage sql (the statement's dialect, table and columns), and
// what a statement over a table makes of a metric's own options.

export const SqlOptions = z.strictObject({
  dialect: option(DialectName, { flag: '--dialect <engine>', help: 'the SQL engine the statement is written for' }),
  table: option(z.string().trim().min(1).optional(), { flag: '--table <name>', help: 'the table or view to read (default: posts, events or answers by the metric)' }),
  columns: option(z.array(z.string().trim().min(1)).default([]), {
    flag: '--columns <names>',
    help: "the table's optional columns, comma-separated (e.g. likes,comments,shares): SQL cannot look before it runs",
    list: 'comma',
  }),
  maxOffset: option(z.number().int().min(0).max(400).default(24), {
    flag: '--max-offset <k>',
    help: 'retention: the last offset column (a statement has fixed columns; offsets past the data are NULL)',
  }),
});
export type SqlOptions = z.output<typeof SqlOptions>;

/**
 * The options of a metric that only concern reading its input (every input option but
 * --map, and how a file writes its dates): no meaning for a statement over a table.
 */
export const FILE_ONLY_OPTIONS: readonly string[] = [...Object.keys(inputOptions).filter((key) => key !== 'map'), 'dateFormat', 'year'];

/**
 * A header of every column a table may have (each canonical one by the name --map gives it,
 * the --columns, the groups): what the metric's table (its columns and their types) is made
 * from where no table is looked at (engage sql).
 */
export function assumedHeader(rows: RowKind, options: { map?: string[]; columns: string[] }, groupBy: readonly string[]): string[] {
  const map = parseMapOptions(options.map ?? [], ROW_COLUMNS[rows]);
  const named = (name: string) => map.get(name) ?? name;
  return [...new Set([...ROW_COLUMNS[rows].map((c) => named(c.name)), ...options.columns, ...groupBy.map(named)])];
}

