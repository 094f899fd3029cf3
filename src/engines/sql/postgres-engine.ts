import { DataErrors, InputError, UsageError } from '../../errors.js';
import { SAMPLE_RECORDS } from '../../io/records.js';
import type { OutputDocument } from '../../format/document.js';
import { parseOptions } from '../../metrics/options.js';
import { rowKindOf, type MetricSpec } from '../../metrics/spec.js';
import { parseMapOptions } from '../../schema/columns.js';
import { resolveRowColumns } from '../../schema/exports/resolve-row-columns.js';
import { ROW_COLUMNS, type RowKind } from '../../schema/row-kinds.js';
import { SqlContext } from '../../sql/sql-context.js';
import { cellOf, resultTable, withTable, type Describer } from './sql-document.js';
import { assertSqlForm, sqlStatement, type SqlRunner } from './sql-form.js';

// --db postgres://…: a metric computed by a PostgreSQL server from its SQL
// form, over a table or view of the database, through node-postgres. Unlike
// a file, a table can be asked for its columns first: its headers are
// matched to canonical columns (aliases, --map) as a file's are, so the SQL
// names exactly the columns the table has.

const DB_RUNNER: SqlRunner = { name: '--db', hint: 'export the table to a file and read it with the streaming engine' };

export async function computeWithPostgres(spec: MetricSpec, input: unknown, url: string, tableName: string | undefined, describer: Describer): Promise<OutputDocument> {
  const options = parseOptions(spec.options, input) as Record<string, unknown> & { map: string[]; compare?: unknown; tz: string; skipInvalid?: boolean };
  assertSqlForm(spec, options, DB_RUNNER);
  const rows = rowKindOf(spec, options);
  const table = tableName ?? rows;
  const where = redacted(url);

  const pg = (await import('pg')).default;
  // Counts (int8) and sums (numeric) arrive as numbers, not text.
  const parseNumber = (text: string) => Number(text);
  const client = new pg.Client({
    connectionString: url,
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 1700 ? parseNumber : pg.types.getTypeParser(oid, format)) } as never,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new InputError(`cannot connect to ${where}: ${(error as Error).message}`);
  }
  try {
    const { header, source, resolution, map } = await describeTable(client, where, table, rows, options.map, '--table');
    const skeleton = describer.skeleton(source, header);
    // Tables read beside the metric's own (engage growth --posts names one), each with its own columns.
    const companions: Record<string, { rows: RowKind; table: string; columns: string[]; map: string[] }> = {};
    for (const { option, rows: kind, source: named } of spec.companionTables?.(options as never) ?? []) {
      const described = await describeTable(client, where, named, kind, [], option);
      companions[option] = { rows: kind, table: named, columns: [...described.resolution.columns.keys()], map: described.map };
    }
    const run = async (maxOffset?: number) => {
      const context = new SqlContext(spec.name, rows, { dialect: 'postgres', table, columns: [...resolution.columns.keys()], map, compare: describer.compare(source, header), maxOffset, companions });
      try {
        const result = await client.query({ text: sqlStatement(spec, options, context, DB_RUNNER), rowMode: 'array' });
        return { names: result.fields.map((f) => f.name), rows: (result.rows as unknown[][]).map((row) => row.map(cellOf)) };
      } catch (error) {
        const message = (error as Error).message;
        const refused = /"(engage: [^"]*)"/.exec(message);
        if (refused) throw new DataErrors([`${source}: ${refused[1].replace(/^engage: /, '')}`], ['fix the rows in the table, or leave them out with a view']);
        throw new InputError(`${source}: the server could not compute ${spec.name}: ${message}`);
      }
    };
    let result = await run();
    // The data reaches past the statement's columns (a triangle of days over a year): asked again with as many as it needs.
    const needed = spec.sqlOffsetsNeeded?.(result.names, result.rows, options as never);
    if (needed !== undefined) result = await run(needed);
    return withTable(skeleton, resultTable(spec, skeleton, result.names, result.rows, options));
  } finally {
    await client.end();
  }
}

/** A table's header, matched to the row kind's columns as a file's is (its first rows checked), and the --map that names each canonical column by its header. */
async function describeTable(client: import('pg').Client, where: string, table: string, rows: RowKind, mapOptions: string[], option: string) {
  const [schema, name] = table.includes('.') ? table.split('.', 2) : [undefined, table];
  const described = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND ($2::text IS NULL OR table_schema = $2) ORDER BY ordinal_position`,
    [name, schema ?? null],
  );
  const header = described.rows.map((row) => row.column_name);
  if (header.length === 0) throw new InputError(`${where} has no table or view "${table}"`, [`name it with ${option}`]);
  const source = `${where} ${table}`;
  // The first rows, which the columns guessed from the header are checked against, as the streaming engine checks them.
  const first = await client.query({ text: `SELECT * FROM ${table} LIMIT ${SAMPLE_RECORDS}`, rowMode: 'array' });
  const resolution = resolveRowColumns(rows, header, parseMapOptions(mapOptions, ROW_COLUMNS[rows]), source, first.rows as unknown[][]);
  if (resolution.timeOfDay !== undefined || resolution.fallbacks !== undefined || resolution.composite !== undefined) {
    throw new UsageError(`${source}: its columns need engage's own reading (a date and a time of day in two columns, or a known export's per-row rules), which the SQL form does not do yet`, ['export the table to CSV and leave out --db']);
  }
  // The SQL names each canonical column by the table's own header for it.
  const map = [...resolution.columns].map(([canonical, column]) => `${canonical}=${column.header}`);
  return { header, source, resolution, map };
}

/** The URL without its password, for messages. */
function redacted(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
