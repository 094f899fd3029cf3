import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { DataErrors, EngageError, UsageError } from '../../errors.js';
import type { InputSummary, OutputDocument } from '../../format/document.js';
import { readInput } from '../../io/read.js';
import { readingColumns, type RecordHandler, type RecordSink } from '../../io/records.js';
import { addComparison } from '../../metrics/compare.js';
import type { MetricJob } from '../../metrics/job.js';
import type { RowContext } from '../../schema/plans/row-plan.js';
import { counted } from '../../notes/plural.js';
import { compareOption, inputOptions } from '../../metrics/options.js';
import type { MetricSpec } from '../../metrics/spec.js';
import { Tally } from '../../notes/tally.js';
import { parseMapOptions } from '../../schema/columns.js';
import { assertHeaderIsNotData } from '../../schema/header-check.js';
import { resolveRowColumns } from '../../schema/exports/resolve-row-columns.js';
import type { Progress } from '../../ui/progress.js';
import { withColumnNotes } from './column-notes.js';
import { readingExportRows, withCompositeHeader } from './export-rows.js';
import { billingRows } from './billing-rows.js';
import { deriveProducts } from '../../schema/derived.js';
import { readingTimeOfDay } from './time-of-day.js';

// inputs → rows → accumulators → finished documents, with no output. Each
// input is read once, however many metrics use it: its records are handed to
// every job's compiled handler in turn.

export interface JobRun {
  command: string;
  /** Names the run in errors when several share an input ("reports[2] (churn)"). */
  label?: string;
  job: MetricJob;
  map: Map<string, string>;
  context: RowContext;
  inputs: InputSummary[];
  /** Notes of the files its companions read (engage growth --posts), printed with its own. */
  companionNotes: string[];
}

/** How a metric's options say its inputs are read (--map, --skip-invalid, --encoding). */
const ReadSettings = z.object(inputOptions);
export type ReadSettings = z.output<typeof ReadSettings>;

export function readSettingsOf(options: unknown): ReadSettings {
  return ReadSettings.parse(options);
}

export function startRun(command: string, job: MetricJob, settings: { map: string[]; skipInvalid: boolean }, label?: string): JobRun {
  const map = parseMapOptions(settings.map, job.plan.columns);
  const context: RowContext = { problems: new Tally(), notes: new Tally(), skipInvalid: settings.skipInvalid, platformRows: 0, counted: 0 };
  return { command, label, job, map, context, inputs: [], companionNotes: [] };
}

/** The sink that hands each record of a file to every run's plan. */
export function runSink(runs: JobRun[]): RecordSink {
  return {
    begin(header, cursor) {
      const handlers: RecordHandler[] = runs.map((run) => {
        try {
          assertHeaderIsNotData(header, run.job.plan.kind);
          // A billing export of one row per subscription is read as the events of each.
          const billing = run.job.plan.kind === 'subscriptions' ? billingRows(header, run.map, run.context.notes, () => cursor.line()) : undefined;
          const source = billing?.header ?? header;
          const map = billing?.map ?? run.map;
          const derived = deriveProducts(source.header, map);
          const seen = { ...source, header: derived.header };
          const sample = derived.fill === undefined ? source.sample : source.sample?.map((record) => withProducts(record, derived.fill!));
          const resolution = resolveRowColumns(run.job.plan.kind, seen.header, map, header.file, sample);
          const planned = run.job.plan.begin(withCompositeHeader(seen, resolution), resolution, cursor, run.context, run.job.state);
          const exportRows = readingExportRows(readingTimeOfDay(planned, resolution), resolution, run.context.notes, seen, () => cursor.line());
          const handler = withColumnNotes(exportRows, resolution, { notes: run.context.notes, kind: run.job.plan.kind }, seen);
          const fill = derived.fill;
          const filled = fill === undefined ? handler : readingColumns((cells) => {
            fill(cells);
            handler(cells);
          }, handler.usedColumns && [...handler.usedColumns, ...derived.factors]);
          return billing ? billing.reading(filled) : filled;
        } catch (error) {
          throw labelled(error, run);
        }
      });
      if (handlers.length === 1) return handlers[0];
      // Several reports on one input read the union of their columns.
      const used = handlers.every((h) => h.usedColumns) ? handlers.flatMap((h) => h.usedColumns!) : undefined;
      return readingColumns((cells) => {
        for (const handler of handlers) handler(cells);
      }, used);
    },
    skippedRecord(file, line, problem) {
      for (const run of runs) {
        run.context.problems.add(`structure:${problem}`, (n) => `${counted(n, 'row')} with a broken structure: ${problem}`, () => ({ file, line }));
      }
    },
  };
}

/** Reads each file once and hands its records to every run. */
export async function readIntoRuns(
  runs: JobRun[],
  files: string[],
  settings: { skipInvalid: boolean; encoding?: string; sheet?: string; header?: readonly string[] },
  io: { stdin: NodeJS.ReadableStream; progress?: Progress },
): Promise<void> {
  const sink = runSink(runs);
  for (const file of inputPaths(files)) {
    io.progress?.startFile(file === '-' ? 'stdin' : file, file === '-' ? undefined : await fileSize(file));
    const platformRowsBefore = runs.map((run) => run.context.platformRows);
    const report = await readInput(file, sink, {
      skipInvalid: settings.skipInvalid,
      encoding: settings.encoding,
      sheet: settings.sheet,
      header: settings.header,
      onBytes: io.progress ? (count) => io.progress!.bytes(count) : undefined,
      stdin: io.stdin,
    });
    // Rows counts data rows: a platform's own rows (YouTube's Total) are not among them.
    runs.forEach((run, i) => {
      const rows = report.records - (run.context.platformRows - platformRowsBefore[i]);
      run.inputs.push({ file: report.file, format: report.format, encoding: report.encoding, rows });
    });
  }
  io.progress?.done();
}

const SKIP_HINT = 'fix those cells, or pass --skip-invalid to leave such rows out (they are counted and reported)';
const EVERY_ROW_BAD = 'no row is without a problem, so --skip-invalid would leave nothing: the column is likely not the one meant, or its format is another (engage columns FILE shows what was read; --map and --date-format choose)';
const EVERY_ROW_LEFT_OUT = '--skip-invalid left out every row: there is no figure to give; the column is likely not the one meant, or its format is another (engage columns FILE shows what was read; --map and --date-format choose)';

/**
 * Reads the files of a run's companions (engage growth --posts) into their
 * states, each with its own columns (--map names the input's), stopping on
 * bad rows as the run itself does; their inputs and notes join the run's.
 * Those read `before` the input (--segment) are read first, and a companion
 * of the input itself reads it with the input's settings.
 */
export async function readCompanions(
  run: JobRun,
  settings: ReadSettings,
  io: { stdin: NodeJS.ReadableStream; progress?: Progress },
  when: { before: boolean; input: readonly string[] },
): Promise<void> {
  for (const { option, files, before, plan, state } of run.job.companions ?? []) {
    if ((before ?? false) !== when.before) continue;
    const ofInput = files === 'input';
    if (ofInput && inputPaths([...when.input]).includes('-')) {
      throw labelled(new UsageError(`${option} reads the input twice, once to decide it and once for the figures: standard input can be read only once`, ['give the file by its path (or save the stream to one first)']), run);
    }
    const own = startRun(`${run.command} ${option}`, { plan, state, table: () => { throw new Error(`${option} has no table of its own`); }, options: {} }, { map: ofInput ? settings.map : [], skipInvalid: settings.skipInvalid });
    await readIntoRuns([own], ofInput ? [...when.input] : files, ofInput ? settings : { skipInvalid: settings.skipInvalid }, io);
    const skipped = assertNoProblems(own).map((problem) => `left out by --skip-invalid: ${problem}`);
    // The input read again is the run's input already: its rows are not counted twice.
    if (!ofInput) run.inputs.push(...own.inputs);
    run.companionNotes.push(...[...skipped, ...(ofInput ? [] : [...own.context.notes.messages(), ...plan.notes()])].map((note) => `${option}: ${note}`));
  }
}

/** Bad rows stop a run unless --skip-invalid leaves them out (and never when it must not, or would leave no row). */
function assertNoProblems(run: JobRun): string[] {
  const { context } = run;
  const problems = context.problems.messages();
  const fixes = context.problems.fixes();
  const mustStop = fixes.some((fix) => fix !== undefined && !fix.skippable);
  // Whether the problems left no row: leaving them all out is no figure, but a wrong column or format.
  const leftNone = problems.length > 0 && context.counted === 0;
  if (problems.length > 0 && (!context.skipInvalid || mustStop || leftNone)) {
    // With --skip-invalid, only the problems that it must not hide are shown.
    const shown = context.skipInvalid && !leftNone ? context.problems.messages((fix) => fix !== undefined && !fix.skippable) : problems;
    const hints = [...new Set(fixes.flatMap((fix) => (fix === undefined ? [] : [fix.hint()])))];
    if (leftNone) hints.push(context.skipInvalid ? EVERY_ROW_LEFT_OUT : EVERY_ROW_BAD);
    else if (!context.skipInvalid && fixes.some((fix) => fix === undefined || fix.skippable)) hints.push(SKIP_HINT);
    throw labelled(new DataErrors(shown, hints), run);
  }
  return problems;
}

/** The finished document of a run: bad rows are fatal unless --skip-invalid; --compare applied. */
export function finishRun(run: JobRun, headerOnly = false): OutputDocument {
  const { job, context, command } = run;
  const problems = assertNoProblems(run);
  const result = job.table();
  const compare = compareOption.parse(job.options.compare);
  if (compare !== undefined) {
    if (result.periods === undefined || result.table.periodKeys === undefined) {
      throw labelled(new UsageError(`--compare needs a table with one row per period: add --period (${command} has none by default)`), run);
    }
    result.table = addComparison(result.table, result.periods, compare);
  }
  const rows = run.inputs.reduce((sum, input) => sum + input.rows, 0);
  const empty = rows > 0 && context.counted === 0 ? [`no row was counted: all ${rows} rows read were left out (by the reasons above); every figure is of nothing`] : [];
  // Over a header alone, the table's notes on its figures are of no rows: the SQL engine's rows have their own.
  const tableNotes = headerOnly ? (result.headerNotes ?? []) : [...(result.headerNotes ?? []), ...result.notes];
  const notes = [...problems.map((p) => `left out by --skip-invalid: ${p}`), ...context.notes.messages(), ...job.plan.notes(), ...run.companionNotes, ...empty, ...tableNotes];
  return { command, table: result.table, options: job.options, inputs: run.inputs, notes };
}

/** A metric's document over a header alone, no row read: its title, formula and columns, every header-level check made. */
export function headerDocument(spec: MetricSpec, options: Record<string, unknown>, source: string, header: string[]): OutputDocument {
  const run = startRun(spec.name, spec.create(options as never), readSettingsOf(options));
  runSink([run]).begin({ file: source, format: 'csv', header, headerLine: 1 }, { line: () => 1 });
  return finishRun(run, true);
}

/** A copy of a sampled record with its virtual columns (--map amount="Quantity*UnitPrice") filled. */
function withProducts(record: readonly unknown[], fill: (cells: unknown[]) => void): unknown[] {
  const copy = [...record];
  fill(copy);
  return copy;
}

function labelled(error: unknown, run: JobRun): unknown {
  return run.label !== undefined && error instanceof EngageError ? error.within(run.label) : error;
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
