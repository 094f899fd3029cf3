import { CheckFailedError } from '../errors.js';
import { isHumanFormat, render } from '../format/render.js';
import { writeFileAtomically, writeStdout } from '../io/write.js';
import { assertCheckColumns, failedChecks, parseCheck, type CheckFailure } from '../metrics/checks.js';
import type { MetricSpec } from '../metrics/spec.js';
import { computeDocument } from '../orchestrator/compute-document.js';
import { progressLine } from '../ui/progress.js';
import type { Terminal } from './io.js';
import type { Output } from './output-options.js';

// The one action of every metric command: compute the document (every input
// read, nothing written), check --fail-if columns, write the output, then
// report notes and failed checks. Nothing is written until every input has
// been read without a fatal error, so a failed run leaves no partial result.

export async function runMetric(spec: MetricSpec, options: Record<string, unknown>, files: string[], output: Output, terminal: Terminal): Promise<void> {
  const checks = output.failIf.map(parseCheck);
  const progress = progressLine(terminal.messenger, terminal.showProgress);
  const doc = await computeDocument(spec, options, files, { stdin: terminal.stdin, progress });
  assertCheckColumns(checks, doc.table, spec.name);
  const { format } = output;
  let text = render(doc, format, { color: format === 'table' && terminal.color && output.output === undefined });
  if (output.bom && format === 'csv') text = `\uFEFF${text}`;

  if (output.output !== undefined) await writeFileAtomically(output.output, text);
  else await writeStdout(text, terminal.stdout);

  const { table } = doc;
  if (!isHumanFormat(format) || output.output !== undefined) terminal.messenger.note(`${table.title}: ${table.formula}`);
  for (const note of doc.notes) terminal.messenger.note(note);
  throwFailedChecks(failedChecks(checks, table, output.failIfAny));
}

/** Exit 1 with every failed check and its actual value, after the output was written. */
export function throwFailedChecks(failures: CheckFailure[]): void {
  if (failures.length === 0) return;
  const lines = failures.map(({ check, row, actual }) => `check failed: ${check.text} (${row}: ${check.column} = ${actual === null ? 'undefined' : actual})`);
  throw new CheckFailedError(lines.join('\n'));
}
