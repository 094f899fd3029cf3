import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EngageError } from '../errors.js';
import type { OutputDocument } from '../format/document.js';
import { renderMarkdown } from '../format/markdown.js';
import { formatOfPath } from '../format/format-of-path.js';
import { render } from '../format/render.js';
import { readCounts } from '../io/read.js';
import { writeFileAtomically } from '../io/write.js';
import { assertCheckColumns, failedChecks, parseCheck, type CheckFailure } from '../metrics/checks.js';
import { optionMeta, parseOptions } from '../metrics/options.js';
import type { MetricSpec } from '../metrics/spec.js';
import type { z } from 'zod';
import { metricNamed } from '../metrics/registry.js';
import type { Cell, ResultTable } from '../metrics/types.js';
import { finishRun, readCompanions, readIntoRuns, readSettingsOf, startRun, type JobRun } from '../engines/streaming/run.js';
import { computeDocument } from '../orchestrator/compute-document.js';
import type { LoadedConfig, ReportEntry } from './config.js';

// `engage report`: every report of a config, each input read once for all the
// metrics that use it, each table written where the config says, then one
// summary. Checks are evaluated after everything is written.

export interface ReportOutcome {
  label: string;
  entry: ReportEntry;
  doc: OutputDocument;
  failures: CheckFailure[];
}

export interface ReportRun {
  outcomes: ReportOutcome[];
  summary: ResultTable;
  notes: string[];
}

export async function runReport(loaded: LoadedConfig, io: { stdin: NodeJS.ReadableStream }): Promise<ReportRun> {
  const { config, base } = loaded;
  const inputs = Object.entries(config.inputs).map(([name, entry]) => {
    const spec = typeof entry === 'string' ? { path: entry } : entry;
    return { name, path: resolve(base, spec.path), shown: spec.path, encoding: spec.encoding, sheet: spec.sheet, header: spec.header, map: spec.map ?? [], skipInvalid: spec.skipInvalid ?? false };
  });
  const before = new Map(readCounts);
  // A report that names an engine, a database or threads is computed as the command line would
  // compute it, on its own (DuckDB reads the file itself); the others share one read of each input.
  const planned = config.reports.map((entry, index): JobRun | { own: () => Promise<OutputDocument>; label: string } => {
    const label = `reports[${index}] (${entry.metric} on ${entry.input})`;
    const input = inputs.find((i) => i.name === entry.input)!;
    const spec = metricNamed(entry.metric)!;
    try {
      const given = parseOptions(spec.options, filesFrom(spec, base, entry.options));
      const options = parseOptions(spec.options, { ...given, map: [...input.map, ...readSettingsOf(given).map], skipInvalid: input.skipInvalid, encoding: input.encoding, sheet: input.sheet, header: input.header });
      const settings = readSettingsOf(options);
      if (settings.engine !== 'streaming' || settings.db !== undefined || settings.threads !== undefined) {
        const files = settings.db === undefined ? [input.path] : [];
        return { label, own: () => computeDocument(spec, options, files, io).catch((error: unknown) => Promise.reject(error instanceof EngageError ? error.within(`${loaded.path}: ${label}`) : error)) };
      }
      return startRun(entry.metric, spec.create(options), settings, label);
    } catch (error) {
      if (error instanceof EngageError) throw error.within(`${loaded.path}: ${label}`);
      throw error;
    }
  });
  const runs = planned.filter((run): run is JobRun => !('own' in run));
  const inputOf = (run: JobRun) => [inputs.find((i) => i.name === config.reports[planned.indexOf(run)].input)!.path];
  // What a report decides from its input before reading it (--segment).
  for (const run of runs) await readCompanions(run, readSettingsOf(run.job.options), io, { before: true, input: inputOf(run) });
  for (const input of inputs) {
    const users = runs.filter((run) => config.reports[planned.indexOf(run)].input === input.name);
    if (users.length > 0) await readIntoRuns(users, [input.path], { skipInvalid: input.skipInvalid, encoding: input.encoding, sheet: input.sheet, header: input.header }, io);
  }
  // Files a report reads beside its input (growth's --posts), each its own.
  for (const run of runs) await readCompanions(run, readSettingsOf(run.job.options), io, { before: false, input: inputOf(run) });
  const shared = new Map(readCounts);
  const docs: OutputDocument[] = [];
  for (const run of planned) docs.push('own' in run ? await run.own() : finishRun(run));
  const outcomes = planned.map((run, index): ReportOutcome => {
    const entry = config.reports[index];
    const doc = docs[index];
    if (entry.title) doc.table = { ...doc.table, title: entry.title };
    const checks = entry.failIf.map(parseCheck);
    assertCheckColumns(checks, doc.table, `${run.label}: ${entry.metric}`);
    return { label: run.label!, entry, doc, failures: failedChecks(checks, doc.table, entry.failIfAny) };
  });

  const write = async (path: string, text: string) => {
    const target = resolve(base, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFileAtomically(target, text);
  };
  for (const { entry, doc } of outcomes) {
    if (entry.output !== undefined) await write(entry.output, render(doc, formatOfPath(entry.output) ?? 'csv', { color: false }));
  }
  if (config.markdown !== undefined) await write(config.markdown, markdownReport(outcomes));

  const notes = inputs.map((input) => {
    const reads = (shared.get(input.path) ?? 0) - (before.get(input.path) ?? 0);
    const users = runs.filter((run) => config.reports[planned.indexOf(run)].input === input.name).length;
    const own = planned.filter((run, index) => 'own' in run && config.reports[index].input === input.name).length;
    const alone = own === 0 ? '' : `; ${own} more report${own === 1 ? '' : 's'} with their own engine, database or threads read it on their own`;
    return `input ${input.name} (${input.shown}): read ${reads === 1 ? 'once' : `${reads} times`} for ${users} report${users === 1 ? '' : 's'}${alone}`;
  });
  return { outcomes, summary: summaryTable(outcomes), notes };
}

function summaryTable(outcomes: ReportOutcome[]): ResultTable {
  const rows = outcomes.map(({ entry, doc, failures }): Cell[] => [
    entry.metric,
    entry.input,
    doc.table.rows.length,
    entry.output ?? null,
    entry.failIf.length === 0 ? null : failures.length === 0 ? 'passed' : `${failures.length} failed`,
  ]);
  return {
    title: 'engage report',
    formula: 'one row per report of the config; checks are its failIf entries',
    columns: [
      { name: 'metric', type: 'text' },
      { name: 'input', type: 'text' },
      { name: 'rows', type: 'count' },
      { name: 'output', type: 'text' },
      { name: 'checks', type: 'text' },
    ],
    rows,
  };
}

/** Every table in one Markdown document, checks first, notes under each table. */
export function markdownReport(outcomes: ReportOutcome[]): string {
  const parts = ['# engage report', ''];
  const checked = outcomes.filter((o) => o.entry.failIf.length > 0);
  if (checked.length > 0) {
    parts.push('## Checks', '');
    for (const { entry, failures } of checked) {
      for (const check of entry.failIf) {
        const failed = failures.filter((f) => f.check.text === check.trim());
        const mark = failed.length === 0 ? '✅ passed' : `❌ failed (${failed.map((f) => `${f.row}: ${f.actual ?? 'undefined'}`).join('; ')})`;
        parts.push(`- ${entry.metric} on ${entry.input}: fail if \`${check}\` — ${mark}`);
      }
    }
    parts.push('');
  }
  for (const { entry, doc } of outcomes) {
    parts.push(`## ${doc.table.title} — ${entry.metric} on ${entry.input}`, '');
    parts.push(renderMarkdown(doc).replace(/^### .*\n\n/, ''));
    if (doc.notes.length > 0) parts.push(...doc.notes.map((note) => `- ${note}`), '');
  }
  return `${parts.join('\n').trimEnd()}\n`;
}

/** Options that name a file (their meta says so: growth's --posts) are paths from the config's folder, as its inputs are; with --db they name tables. */
function filesFrom(spec: MetricSpec, base: string, options: Record<string, unknown>): Record<string, unknown> {
  if (options.db !== undefined) return options;
  const resolved = { ...options };
  for (const [key, field] of Object.entries(spec.options.shape)) {
    const value = resolved[key];
    if (optionMeta(field as z.ZodType)?.file === true && typeof value === 'string' && value !== '-') resolved[key] = resolve(base, value);
  }
  return resolved;
}
