import { Command, Option } from 'commander';
import { readInput } from '../../io/read.js';
import type { FileHeader } from '../../io/records.js';
import type { Cell, ResultTable } from '../../metrics/types.js';
import { columnSpecs, parseMapOptions, resolveColumns } from '../../schema/columns.js';
import { EventRow } from '../../schema/event.js';
import { PostRow } from '../../schema/post.js';
import { ResponseRow } from '../../schema/response.js';
import { render } from '../../format/render.js';
import { writeStdout } from '../../io/write.js';
import { addOutputOptions, commonOptions, type Terminal } from '../options.js';

const EXAMPLES = `Examples:
  engage columns fixtures/posts.csv
  engage columns fixtures/exports/x_content_ja.csv --encoding shift_jis
  engage columns fixtures/exports/meta_facebook_posts.csv --map likes="Reactions, Comments and Shares"
  engage columns fixtures/real/online_retail.csv.gz --kind events
`;

/** The row kinds a file can be read as, by the commands that read them. */
const KINDS = {
  posts: { columns: columnSpecs(PostRow), commands: 'rate' },
  events: { columns: columnSpecs(EventRow), commands: 'repeat, churn, retention, stickiness, lifecycle, funnel' },
  answers: { columns: columnSpecs(ResponseRow), commands: 'nps, csat, ces' },
} as const;
type Kind = keyof typeof KINDS;

/** Thrown by the sink once the header and first row are in: nothing more is read. */
class Enough {}

export function columnsCommand(terminal: Terminal): Command {
  const command = new Command('columns')
    .summary('show how engage understands the headers of a file')
    .description('Show how each header of a file maps to the columns engage reads, and which columns it did not find.')
    .argument('<file>', 'a CSV, JSON or NDJSON export ("-" for stdin)')
    .option('--map <column=Header>', 'try a mapping, as the metric commands take it', (v: string, p: string[]) => [...p, v], [])
    .option('--encoding <name>', 'text encoding: utf-8 (default), shift_jis, utf-16le, …')
    .addOption(new Option('--kind <kind>', 'read the file as posts (rate), events (repeat, churn, …) or answers (nps, csat, ces); default: the best match').choices(Object.keys(KINDS)));
  addOutputOptions(command);
  command.addHelpText('before', EXAMPLES);
  command.action(async (file: string, raw: Record<string, unknown>) => {
    const common = commonOptions(raw, Boolean(terminal.stdout.isTTY));
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
    const kind = (raw.kind as Kind | undefined) ?? bestKind(header!);
    const map = parseMapOptions(common.map, KINDS[kind].columns);
    const table = columnsTable(header!, firstRow, map, kind);
    const text = render({ command: 'columns', table, options: {}, inputs: [], notes: [] }, common.format, { color: terminal.color });
    await writeStdout(text, terminal.stdout);
  });
  return command;
}

/** The kind whose columns most of the headers match (posts on a tie). */
function bestKind(header: FileHeader): Kind {
  const matched = (kind: Kind) => resolveColumns(header.header, KINDS[kind].columns, new Map(), header.file).columns.size;
  return (Object.keys(KINDS) as Kind[]).reduce((best, kind) => (matched(kind) > matched(best) ? kind : best), 'posts');
}

function columnsTable(header: FileHeader, firstRow: unknown[], map: Map<string, string>, kind: Kind): ResultTable {
  const columns = KINDS[kind].columns;
  const resolution = resolveColumns(header.header, columns, map, header.file);
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
    title: `Columns of ${header.file} (${header.format}) read as ${kind}`,
    formula: `each header matched to a column of ${kind} (for engage ${KINDS[kind].commands}), by name, alias or --map; --kind chooses`,
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
