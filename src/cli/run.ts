import { stat } from 'node:fs/promises';
import { DataErrors, UsageError } from '../errors.js';
import { addComparison, type CompareMode } from '../metrics/compare.js';
import type { InputSummary, OutputDocument } from '../format/document.js';
import { isHumanFormat, render } from '../format/render.js';
import { readInput } from '../io/read.js';
import type { RecordSink } from '../io/records.js';
import { writeFileAtomically, writeStdout } from '../io/write.js';
import type { MetricJob, RowContext } from '../metrics/job.js';
import { counted } from '../metrics/plural.js';
import { Tally } from '../metrics/tally.js';
import { parseMapOptions, resolveColumns } from '../schema/columns.js';
import { progressLine, type Progress } from '../ui/progress.js';
import type { CommonOptions, Terminal } from './options.js';

// The one generic action: inputs → rows → accumulator → result → format → write.
// Nothing is written until every input has been read without a fatal error,
// so a failed run never leaves a partial result behind.

export interface ReadSettings {
  map: string[];
  skipInvalid: boolean;
  encoding?: string;
}

/** Reads every input into the job and returns the finished result; writes nothing. */
export async function computeDocument(
  command: string,
  job: MetricJob,
  files: string[],
  settings: ReadSettings,
  io: { stdin: NodeJS.ReadableStream; progress?: Progress },
): Promise<OutputDocument> {
  const map = parseMapOptions(settings.map, job.columns);
  const context: RowContext = { problems: new Tally(), notes: new Tally(), skipInvalid: settings.skipInvalid };
  const inputs: InputSummary[] = [];
  const sink: RecordSink = {
    begin(header, cursor) {
      const resolution = resolveColumns(header.header, job.columns, map, header.file);
      return job.begin(header, resolution, cursor, context);
    },
    skippedRecord(file, line, problem) {
      context.problems.add(`structure:${problem}`, (n) => `${counted(n, 'row')} with a broken structure: ${problem}`, () => ({ file, line }));
    },
  };
  for (const file of inputPaths(files)) {
    io.progress?.startFile(file === '-' ? 'stdin' : file, file === '-' ? undefined : await fileSize(file));
    const report = await readInput(file, sink, {
      skipInvalid: settings.skipInvalid,
      encoding: settings.encoding,
      onBytes: io.progress ? (count) => io.progress!.bytes(count) : undefined,
      stdin: io.stdin,
    });
    inputs.push({ file: report.file, format: report.format, encoding: report.encoding, rows: report.records });
  }
  io.progress?.done();

  const problems = context.problems.messages();
  if (problems.length > 0 && !settings.skipInvalid) {
    throw new DataErrors(problems, ['fix those cells, or pass --skip-invalid to leave such rows out (they are counted and reported)']);
  }
  const result = job.finish();
  const compare = job.effectiveOptions.compare as CompareMode | undefined;
  if (compare !== undefined) {
    if (result.periods === undefined || result.table.periodKeys === undefined) {
      throw new UsageError(`--compare needs a table with one row per period: add --period (${command} has none by default)`);
    }
    result.table = addComparison(result.table, result.periods, compare);
  }
  const notes = [...problems.map((p) => `left out by --skip-invalid: ${p}`), ...context.notes.messages(), ...result.notes];
  return { command, table: result.table, options: job.effectiveOptions, inputs, notes };
}

export async function runJob(command: string, job: MetricJob, files: string[], options: CommonOptions, terminal: Terminal): Promise<void> {
  const progress = progressLine(terminal.messenger, terminal.showProgress);
  const doc = await computeDocument(command, job, files, options, { stdin: terminal.stdin, progress });
  const format = options.format;
  let text = render(doc, format, { color: format === 'table' && terminal.color && options.output === undefined });
  if (options.bom && format === 'csv') text = `\uFEFF${text}`;

  if (options.output !== undefined) await writeFileAtomically(options.output, text);
  else await writeStdout(text, terminal.stdout);

  const { table } = doc;
  if (!isHumanFormat(format) || options.output !== undefined) terminal.messenger.note(`${table.title}: ${table.formula}`);
  for (const note of doc.notes) terminal.messenger.note(note);
}

function inputPaths(files: string[]): string[] {
  const paths = files.length === 0 ? ['-'] : files;
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('stdin ("-") can be read only once');
  return paths;
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}
