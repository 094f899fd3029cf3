import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { z } from 'zod';
import { SqlContext } from '../../sql/sql-context.js';
import { assumedHeader, FILE_ONLY_OPTIONS, SqlOptions } from './sql-options.js';
import { assertSqlForm, sqlStatement } from '../../engines/sql/sql-form.js';
import { describerOf } from '../../orchestrator/describer.js';
import { writeStdout } from '../../io/write.js';
import { parseOptions } from '../../metrics/options.js';
import { METRICS } from '../../metrics/registry.js';
import { rowKindOf, type MetricSpec } from '../../metrics/spec.js';
import type { Terminal } from '../io.js';
import { addSchemaOptions, flagNames } from '../schema-options.js';

// engage sql METRIC [its options] --dialect …: the metric's definition as one
// SQL statement over a table, computing the table `engage METRIC FILE
// --format csv` prints. One subcommand a metric, with the metric's own
// options (but those about reading files) and the SQL options.

const EXAMPLES = `Examples:
  engage sql nps --dialect duckdb                         NPS of the table "answers"
  engage sql nps --dialect postgres --table survey.answers --group-by store --period month --tz Asia/Tokyo
  engage sql rate --dialect duckdb --columns followers,likes,comments,shares --group-by platform
`;

const DETAILS = `
The table's columns are the canonical names (engage columns lists them) or the
headers --map gives. SQL cannot look at a table before it runs: the optional
columns (interactions, the basis …) are the ones named by --map, by an option or by
--columns. Timestamps are timestamp with time zone; numbers are numbers (a blank is
NULL). A bad value stops the statement with a message, as engage stops.
`;

export function sqlCommand(terminal: Terminal): Command {
  const command = new Command('sql')
    .summary("a metric's definition as one SQL statement, for DuckDB or PostgreSQL")
    .description("Prints one SQL statement that computes the metric's table from a table or view.")
    .usage('METRIC [options] --dialect duckdb|postgres');
  command.addHelpText('before', EXAMPLES);
  command.addHelpText('after', `${DETAILS}\nWith a SQL form: ${METRICS.filter((m) => m.sql && m.sqlIsModelInput === undefined).map((m) => m.name).join(', ')}.`);
  for (const spec of METRICS) command.addCommand(metricSqlCommand(spec, terminal));
  return command;
}

function metricSqlCommand(spec: MetricSpec, terminal: Terminal): Command {
  const note = spec.sql === undefined ? ' (no SQL form yet)' : spec.sqlIsModelInput !== undefined ? ' (fitted in engage: see engage sql customers)' : '';
  const command = new Command(spec.name).summary(`${spec.summary}${note}`).usage('[options] --dialect duckdb|postgres');
  const fileOnly: Record<string, true> = Object.fromEntries(FILE_ONLY_OPTIONS.filter((key) => key in spec.options.shape).map((key) => [key, true]));
  const metricOptions = spec.options.omit(fileOnly as never);
  const metricInput = addSchemaOptions(command, metricOptions);
  const sqlInput = addSchemaOptions(command, SqlOptions);
  command.action(async (raw: Record<string, unknown>) => {
    const runner = { name: `engage sql ${spec.name}`, hint: `the metrics and options with one: engage sql --help` };
    const options = parseOptions(spec.options, metricInput(raw), flagNames(spec.options)) as z.output<typeof spec.options> & { map?: string[] };
    assertSqlForm(spec, options as { skipInvalid?: boolean }, runner);
    if (spec.sqlIsModelInput !== undefined) throw new UsageError(`engage sql ${spec.name}: ${spec.sqlIsModelInput}`);
    const sql = parseOptions(SqlOptions, sqlInput(raw), flagNames(SqlOptions));
    // No table is looked at: the metric's figures for --compare come from its table over every column the table may have.
    const rows = rowKindOf(spec, options);
    const header = assumedHeader(rows, { ...sql, map: options.map }, 'groupBy' in options ? (options.groupBy as string[]) : []);
    const compare = describerOf(spec, options).compare(sql.table ?? rows, header);
    const context = new SqlContext(spec.name, rows, { ...sql, map: options.map, compare });
    await writeStdout(`${sqlStatement(spec, options, context, runner)};\n`, terminal.stdout);
  });
  return command;
}
