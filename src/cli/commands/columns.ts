import { Command } from 'commander';
import { readInput } from '../../io/read.js';
import type { FileHeader } from '../../io/records.js';
import type { Cell, ResultTable } from '../../metrics/types.js';
import { columnSpecs, parseMapOptions, resolveColumns } from '../../schema/columns.js';
import { PostRow } from '../../schema/post.js';
import { render } from '../../format/render.js';
import { writeStdout } from '../../io/write.js';
import { addOutputOptions, commonOptions, type Terminal } from '../options.js';

const EXAMPLES = `Examples:
  engage columns fixtures/posts.csv
  engage columns fixtures/exports/x_content_ja.csv --encoding shift_jis
  engage columns fixtures/exports/meta_facebook_posts.csv --map likes="Reactions, Comments and Shares"
`;

const POST_COLUMNS = columnSpecs(PostRow);

/** Thrown by the sink once the header and first row are in: nothing more is read. */
class Enough {}

export function columnsCommand(terminal: Terminal): Command {
  const command = new Command('columns')
    .summary('show how engage understands the headers of a file')
    .description('Show how each header of a file maps to the columns engage reads, and which columns it did not find.')
    .argument('<file>', 'a CSV, JSON or NDJSON export ("-" for stdin)')
    .option('--map <column=Header>', 'try a mapping, as the metric commands take it', (v: string, p: string[]) => [...p, v], [])
    .option('--encoding <name>', 'text encoding: utf-8 (default), shift_jis, utf-16le, …');
  addOutputOptions(command);
  command.addHelpText('before', EXAMPLES);
  command.action(async (file: string, raw: Record<string, unknown>) => {
    const common = commonOptions(raw, Boolean(terminal.stdout.isTTY));
    const map = parseMapOptions(common.map, POST_COLUMNS);
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
      }, { skipInvalid: false, encoding: common.encoding, stdin: terminal.stdin });
    } catch (error) {
      if (!(error instanceof Enough)) throw error;
    }
    const table = columnsTable(header!, firstRow, map);
    const text = render({ command: 'columns', table, options: {}, inputs: [], notes: [] }, common.format, { color: terminal.color });
    await writeStdout(text, terminal.stdout);
  });
  return command;
}

function columnsTable(header: FileHeader, firstRow: unknown[], map: Map<string, string>): ResultTable {
  const resolution = resolveColumns(header.header, POST_COLUMNS, map, header.file);
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
  for (const spec of POST_COLUMNS) {
    if (!resolution.columns.has(spec.name)) rows.push([null, null, spec.name, 'not found', null]);
  }
  return {
    title: `Columns of ${header.file} (${header.format})`,
    formula: 'each header matched to a column of a post row, by name, alias or --map',
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
