import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { InputError, UsageError } from '../errors.js';
import { parseCheck } from '../metrics/checks.js';
import { METRIC_NAMES, metricNamed } from '../metrics/registry.js';

// engage.config.json: several metrics over several inputs in one run. JSON,
// with whole-line // comments allowed (the starter config explains itself).
// Every key and value is checked with zod and reported with its path.

const InputEntry = z.union([
  z.string().min(1),
  z.strictObject({
    path: z.string().min(1),
    encoding: z.string().optional(),
    /** The sheet of an Excel workbook, as --sheet takes it. */
    sheet: z.string().min(1).optional(),
    /** column=Header, as --map takes it. */
    map: z.array(z.string()).optional(),
    /** The column names of a CSV file without a header line, as --header takes them. */
    header: z.array(z.string().trim().min(1)).min(1).optional(),
    skipInvalid: z.boolean().optional(),
  }),
]);

const ReportEntry = z.strictObject({
  metric: z.enum(METRIC_NAMES),
  /** A name from "inputs". */
  input: z.string().min(1),
  title: z.string().optional(),
  /** The metric's options, in the library's names: groupBy, period, by, … */
  options: z.record(z.string(), z.unknown()).default({}),
  /** A file for this table: .csv, .json, .ndjson or .md. */
  output: z.string().optional(),
  failIf: z.array(z.string()).default([]),
  failIfAny: z.boolean().default(false),
});

export const ReportConfig = z.strictObject({
  inputs: z.record(z.string(), InputEntry),
  reports: z.array(ReportEntry).min(1),
  /** One Markdown file with every table, for a CI job summary or a chat message. */
  markdown: z.string().optional(),
});
export type ReportConfig = z.output<typeof ReportConfig>;
export type ReportEntry = z.output<typeof ReportEntry>;

export interface LoadedConfig {
  path: string;
  config: ReportConfig;
  /** Folder that relative paths in the config are read from. */
  base: string;
}

export async function loadConfig(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code}`, [
      'write a starter config with: engage report --init',
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ReportConfig.safeParse(json);
  if (!parsed.success) throw new UsageError(`${path} is not a valid engage config`, parsed.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`));
  const config = parsed.data;
  const problems: string[] = [];
  config.reports.forEach((report, index) => {
    if (!(report.input in config.inputs)) {
      problems.push(`reports[${index}].input: "${report.input}" is not one of the inputs (${Object.keys(config.inputs).join(', ')})`);
    }
    // Unknown option names would otherwise be dropped silently: the metric's schema is strict here.
    const options = metricNamed(report.metric)!.options.safeParse(report.options);
    if (!options.success) {
      for (const issue of options.error.issues) problems.push(`reports[${index}].options${issue.path.length ? `.${pathOf(issue.path)}` : ''}: ${issue.message}`);
    }
    report.failIf.forEach((check, i) => {
      try {
        parseCheck(check);
      } catch (error) {
        problems.push(`reports[${index}].failIf[${i}]: ${(error as Error).message}`);
      }
    });
    if (report.output !== undefined && !/\.(csv|json|ndjson|jsonl|md|markdown)$/i.test(report.output)) {
      problems.push(`reports[${index}].output: "${report.output}" should end in .csv, .json, .ndjson or .md`);
    }
  });
  if (problems.length > 0) throw new UsageError(`${path} is not a valid engage config`, problems);
  return { path, config, base: dirname(resolve(path)) };
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '');
}
