import { CheckFailedError } from '../errors.js';
import { isHumanFormat, render } from '../format/render.js';
import { writeFileAtomically, writeStdout } from '../io/write.js';
import { assertCheckColumns, failedChecks, parseCheck, type CheckFailure } from '../metrics/checks.js';
import type { MetricJob } from '../metrics/job.js';
import { computeDocument } from '../pipeline/compute.js';
import { progressLine } from '../ui/progress.js';
import type { CommonOptions, Terminal } from './options.js';

// The one generic action of a metric command: compute the document (every
// input read, nothing written), check --fail-if columns, write the output,
// then report notes and failed checks. Nothing is written until every input
// has been read without a fatal error, so a failed run leaves no partial result.

export async function runJob(command: string, job: MetricJob, files: string[], options: CommonOptions, terminal: Terminal): Promise<void> {
  const checks = options.failIf.map(parseCheck);
  const progress = progressLine(terminal.messenger, terminal.showProgress);
  const doc = await computeDocument(command, job, files, options, { stdin: terminal.stdin, progress });
  assertCheckColumns(checks, doc.table, command);
  const format = options.format;
  let text = render(doc, format, { color: format === 'table' && terminal.color && options.output === undefined });
  if (options.bom && format === 'csv') text = `\uFEFF${text}`;

  if (options.output !== undefined) await writeFileAtomically(options.output, text);
  else await writeStdout(text, terminal.stdout);

  const { table } = doc;
  if (!isHumanFormat(format) || options.output !== undefined) terminal.messenger.note(`${table.title}: ${table.formula}`);
  for (const note of doc.notes) terminal.messenger.note(note);
  throwFailedChecks(failedChecks(checks, table, options.failIfAny));
}

/** Exit 1 with every failed check and its actual value, after the output was written. */
export function throwFailedChecks(failures: CheckFailure[], prefix = ''): void {
  if (failures.length === 0) return;
  const lines = failures.map(({ check, row, actual }) => `${prefix}check failed: ${check.text} (${row}: ${check.column} = ${actual === null ? 'undefined' : actual})`);
  throw new CheckFailedError(lines.join('\n'));
}


