import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { rowObjects } from '../../src/format/document.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { computeDocument } from '../../src/orchestrator/compute-document.js';

/** Runs a metric in-process over text given as stdin, through the real readers, with options in the library's names. */
export async function compute(metric: string, text: string | Buffer, options: Record<string, unknown> = {}) {
  const spec = metricNamed(metric);
  if (spec === undefined) throw new Error(`no metric ${metric}`);
  const stdin = Readable.from([typeof text === 'string' ? Buffer.from(text) : text]);
  const doc = await computeDocument(spec, options, ['-'], { stdin });
  return { doc, rows: rowObjects(doc.table), formula: doc.table.formula, notes: doc.notes, table: doc.table };
}

/** As compute, over the text saved as a file (what reads its input twice, --segment, cannot read stdin). */
export async function computeOnFile(metric: string, text: string, options: Record<string, unknown> = {}) {
  const spec = metricNamed(metric);
  if (spec === undefined) throw new Error(`no metric ${metric}`);
  const file = join(mkdtempSync(join(tmpdir(), 'engage-file-')), 'events.csv');
  writeFileSync(file, text);
  const doc = await computeDocument(spec, options, [file], { stdin: Readable.from([]) });
  return { doc, rows: rowObjects(doc.table), formula: doc.table.formula, notes: doc.notes, table: doc.table };
}
