import { Command } from 'commander';
import { z } from 'zod';
import { render } from '../../format/render.js';
import { readInput } from '../../io/read.js';
import { SAMPLE_RECORDS, type FileHeader } from '../../io/records.js';
import { writeStdout } from '../../io/write.js';
import { inputOptions, option, parseOptions } from '../../metrics/options.js';
import { metricsReading } from '../../metrics/registry.js';
import type { Cell, ResultTable } from '../../metrics/types.js';
import { withArticle } from '../../notes/plural.js';
import { cellText, isBlankCell } from '../../schema/blank.js';
import { parseMapOptions, type Resolution } from '../../schema/columns.js';
import { headerLooksLikeData } from '../../schema/header-check.js';
import { resolveRowColumns } from '../../schema/exports/resolve-row-columns.js';
import { ROW_COLUMNS, ROW_KINDS, type RowKind } from '../../schema/row-kinds.js';
import type { Terminal } from '../io.js';
import { chooseOutput, SummaryOutputOptions } from '../output-options.js';
import { addSchemaOptions, flagNames } from '../schema-options.js';

const EXAMPLES = `Examples:
  engage columns fixtures/posts.csv
  engage columns fixtures/exports/x_content_ja.csv --encoding shift_jis
  engage columns fixtures/exports/meta_facebook_posts.csv --map likes="Reactions, Comments and Shares"
  engage columns fixtures/real/online_retail.csv.gz --kind events
`;

const ColumnsOptions = SummaryOutputOptions.extend({
  map: inputOptions.map,
  encoding: inputOptions.encoding,
  header: inputOptions.header,
  sheet: inputOptions.sheet,
  kind: option(z.enum(ROW_KINDS).optional(), {
    flag: '--kind <kind>',
    help: `read the file as ${ROW_KINDS.map((kind) => `${kind} (${commandsReading(kind)})`).join(', ')}; default: the best match`,
  }),
});

function commandsReading(kind: RowKind): string {
  return metricsReading(kind).map((spec) => spec.name).join(', ');
}

/** Thrown by the sink once the header and first row are in: nothing more is read. */
class Enough {}

export function columnsCommand(terminal: Terminal): Command {
  const command = new Command('columns')
    .summary('show how engage understands the headers of a file')
    .description('Show how each header of a file maps to the columns engage reads, and which columns it did not find.')
    .argument('<file>', 'a CSV, JSON or NDJSON export ("-" for stdin)');
  const input = addSchemaOptions(command, ColumnsOptions);
  command.option('--no-color', 'no colour, even on a terminal');
  command.addHelpText('before', EXAMPLES);
  command.action(async (file: string, raw: Record<string, unknown>) => {
    const options = parseOptions(ColumnsOptions, input(raw), flagNames(ColumnsOptions));
    const { format } = chooseOutput(options, Boolean(terminal.stdout.isTTY));
    let header: FileHeader | undefined;
    try {
      // The header comes with the file's first records (its sample): that is all that is read.
      await readInput(file, {
        begin(found) {
          header = found;
          throw new Enough();
        },
      }, { skipInvalid: false, encoding: options.encoding, sheet: options.sheet, header: options.header, stdin: terminal.stdin });
    } catch (error) {
      if (!(error instanceof Enough)) throw error;
    }
    const kind = options.kind ?? bestKind(header!);
    const map = parseMapOptions(options.map, ROW_COLUMNS[kind]);
    const table = columnsTable(header!, map, kind);
    const notes = header!.format === 'csv' && !header!.given && headerLooksLikeData(header!.header)
      ? ['the first line looks like data, not a header: if the file has none, name its columns in order with --header a,b,c (engage METRIC FILE --header … takes the same)']
      : [];
    const text = render({ command: 'columns', table, options: {}, inputs: [], notes }, format, { color: terminal.color });
    await writeStdout(text, terminal.stdout);
  });
  return command;
}

/** The kind whose columns most of the headers match (posts on a tie). */
function bestKind(header: FileHeader): RowKind {
  const matched = (kind: RowKind) => resolveRowColumns(kind, header.header, new Map(), header.file, header.sample).columns.size;
  return ROW_KINDS.reduce((best, kind) => (matched(kind) > matched(best) ? kind : best), 'posts');
}

function columnsTable(header: FileHeader, map: Map<string, string>, kind: RowKind): ResultTable {
  const columns = ROW_COLUMNS[kind];
  const sample = header.sample ?? [];
  const resolution = resolveRowColumns(kind, header.header, map, header.file, sample);
  const byIndex = new Map([...resolution.columns.values()].map((c) => [c.index, c]));
  const rows: Cell[][] = header.header.map((name, index) => {
    const column = byIndex.get(index);
    // Long texts (a user agent) cut, so that the evidence stays readable.
    const values = [...new Set(sample.map((record) => record[index]).filter((cell) => !isBlankCell(cell)).map((cell) => cellText(cell)))].map((v) => (v.length > 40 ? `${v.slice(0, 39)}…` : v));
    const shown = values.length === 0 ? null : values.slice(0, 3).join(' | ') + (values.length > 3 ? ' | …' : '');
    return [index + 1, name, column ? column.name : null, evidence(name, index, resolution), shown];
  });
  for (const spec of columns) {
    const made = resolution.composite?.column === spec.name ? resolution.composite : undefined;
    if (made) rows.push([null, null, spec.name, `export: one per ${made.header}`, null]);
    else if (!resolution.columns.has(spec.name)) rows.push([null, null, spec.name, 'not found', null]);
  }
  return {
    title: `Columns of ${header.file} (${header.format}) read as ${kind}${resolution.native ? `, ${withArticle(resolution.native.name)}` : ''}`,
    formula: `each header matched to a column of ${kind} (for engage ${commandsReading(kind)}), by name, alias, a known export or --map; a header found by an alias is taken only when the first ${SAMPLE_RECORDS} rows' values fit it (first_values shows up to 3 of them); --kind chooses`,
    columns: [
      { name: 'position', type: 'count' },
      { name: 'header', type: 'text' },
      { name: 'column', type: 'text' },
      { name: 'via', type: 'text' },
      { name: 'first_values', type: 'text' },
    ],
    rows,
  };
}

/** How a header was read, or why not: the evidence behind the resolution. */
function evidence(name: string, index: number, resolution: Resolution): string {
  const column = [...resolution.columns.values()].find((c) => c.index === index);
  const time = resolution.timeOfDay;
  if (column) {
    const dated = time && time.column === column.name ? `, at the time of day in "${time.header}"` : '';
    return `${column.via}${dated}`;
  }
  if (time && time.index === index) return `the time of day of ${time.column}, read with "${resolution.columns.get(time.column)?.header}"`;
  const fallback = resolution.fallbacks?.find((f) => f.from.some((c) => c.index === index));
  if (fallback) return `stands in for ${fallback.column} where "${resolution.columns.get(fallback.column)?.header}" is blank`;
  const refused = resolution.refused.find((r) => r.index === index);
  if (refused) return `passed over for ${refused.column}: ${refused.why}`;
  const shadow = resolution.shadowed.find((s) => s.header === name);
  if (shadow) return `could also be ${shadow.column}; "${shadow.usedHeader}" was taken`;
  if (resolution.composite?.parts.includes(index)) return `part of ${resolution.composite.column} (${resolution.composite.header})`;
  return 'not used';
}
