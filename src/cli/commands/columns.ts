import { Command } from 'commander';
import { z } from 'zod';
import { render } from '../../format/render.js';
import { readInput } from '../../io/read.js';
import type { FileHeader } from '../../io/records.js';
import { writeStdout } from '../../io/write.js';
import { inputOptions, option, parseOptions } from '../../metrics/options.js';
import { metricsReading } from '../../metrics/registry.js';
import type { Cell, ResultTable } from '../../metrics/types.js';
import { parseMapOptions } from '../../schema/columns.js';
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
    let firstRow: unknown[] = [];
    try {
      await readInput(file, {
        begin(found) {
          header = found;
          return (cells) => {
            firstRow = cells;
            throw new Enough();
          };
        },
      }, { skipInvalid: false, encoding: options.encoding, stdin: terminal.stdin });
    } catch (error) {
      if (!(error instanceof Enough)) throw error;
    }
    const kind = options.kind ?? bestKind(header!);
    const map = parseMapOptions(options.map, ROW_COLUMNS[kind]);
    const table = columnsTable(header!, firstRow, map, kind);
    const text = render({ command: 'columns', table, options: {}, inputs: [], notes: [] }, format, { color: terminal.color });
    await writeStdout(text, terminal.stdout);
  });
  return command;
}

/** The kind whose columns most of the headers match (posts on a tie). */
function bestKind(header: FileHeader): RowKind {
  const matched = (kind: RowKind) => resolveRowColumns(kind, header.header, new Map(), header.file).columns.size;
  return ROW_KINDS.reduce((best, kind) => (matched(kind) > matched(best) ? kind : best), 'posts');
}

function columnsTable(header: FileHeader, firstRow: unknown[], map: Map<string, string>, kind: RowKind): ResultTable {
  const columns = ROW_COLUMNS[kind];
  const resolution = resolveRowColumns(kind, header.header, map, header.file);
  const byIndex = new Map([...resolution.columns.values()].map((c) => [c.index, c]));
  const shadowed = new Map(resolution.shadowed.map((s) => [s.header, s]));
  const rows: Cell[][] = header.header.map((name, index) => {
    const column = byIndex.get(index);
    const shadow = shadowed.get(name);
    const understood = column ? column.name : null;
    const how = column ? column.via : shadow ? `unused: "${shadow.usedHeader}" is ${shadow.column}` : 'not used';
    const sample = firstRow[index];
    return [index + 1, name, understood, how, sample === undefined || sample === null ? null : String(sample)];
  });
  for (const spec of columns) {
    if (!resolution.columns.has(spec.name)) rows.push([null, null, spec.name, 'not found', null]);
  }
  return {
    title: `Columns of ${header.file} (${header.format}) read as ${kind}${resolution.native ? `, a ${resolution.native.name}` : ''}`,
    formula: `each header matched to a column of ${kind} (for engage ${commandsReading(kind)}), by name, alias or --map; --kind chooses`,
    columns: [
      { name: 'position', type: 'count' },
      { name: 'header', type: 'text' },
      { name: 'column', type: 'text' },
      { name: 'via', type: 'text' },
      { name: 'first_value', type: 'text' },
    ],
    rows,
  };
}
