import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readInput } from '../io/read.js';
import type { FileHeader } from '../io/records.js';
import { metricsReading } from '../metrics/registry.js';
import type { StarterSample } from '../metrics/spec.js';
import { withArticle } from '../notes/plural.js';
import type { Resolution } from '../schema/columns.js';
import { resolveRowColumns } from '../schema/exports/resolve-row-columns.js';
import { ROW_KINDS, type RowKind } from '../schema/row-kinds.js';

// `engage report --init`: a starter config for the data files of a folder.
// Each file's header (and a sample of rows) says what it is: posts, events
// or survey answers; each metric of that kind proposes its report (its
// spec's starter), and the config explains itself in // comments.

// A .zip is an Amplitude export (gzip NDJSON files); a workbook .xlsx is read too.
const DATA_FILE = /\.(csv|tsv|txt|json|ndjson|jsonl)(\.gz)?$|\.(zip|xlsx)$/i;
const SAMPLE_ROWS = 500;

interface Sample {
  header: FileHeader;
  rows: unknown[][];
}

interface Proposal {
  file: string;
  name: string;
  kind: string;
  reports: { metric: string; options: unknown; comment: string; failIf?: string }[];
}

/** Thrown by the sink once enough rows are in. */
class Enough {}

export async function starterConfig(folder: string): Promise<{ text: string; skipped: string[] }> {
  const files = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && DATA_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const proposals: Proposal[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const proposal = propose(file, await sample(join(folder, file)));
    if (proposal) proposals.push(proposal);
    else skipped.push(file);
  }
  return { text: render(proposals), skipped };
}

async function sample(path: string): Promise<Sample | undefined> {
  let header: FileHeader | undefined;
  const rows: unknown[][] = [];
  try {
    await readInput(path, {
      begin(found) {
        header = found;
        return (cells) => {
          rows.push([...cells]);
          if (rows.length >= SAMPLE_ROWS) throw new Enough();
        };
      },
    }, { skipInvalid: true });
  } catch (error) {
    if (!(error instanceof Enough) && header === undefined) return undefined;
  }
  return header && { header, rows };
}

const KIND_NAMES: Record<RowKind, string> = { posts: 'social posts', events: 'customer events', answers: 'survey answers', users: 'experiment users', subscriptions: 'subscription events', accounts: 'account days' };

/** The row kind of a file (answers before events before posts), and what each metric of that kind proposes. */
function propose(file: string, sampled: Sample | undefined): Proposal | undefined {
  if (!sampled) return undefined;
  const { header, rows } = sampled;
  const resolutions = Object.fromEntries(ROW_KINDS.map((kind) => [kind, resolveRowColumns(kind, header.header, new Map(), file, header.sample)])) as Record<RowKind, Resolution>;
  const samples = Object.fromEntries(ROW_KINDS.map((kind) => [kind, sampleAs(resolutions[kind], rows)])) as Record<RowKind, StarterSample>;
  const kind: RowKind | undefined =
    samples.answers.has('score') && !samples.events.has('customer_id', 'timestamp', 'event') ? 'answers'
      : samples.events.has('customer_id', 'timestamp') ? 'events'
        : 'posts';
  const reports = metricsReading(kind).flatMap((spec) => {
    const starter = spec.starter?.(samples[kind]);
    return starter ? [{ metric: spec.name, ...starter }] : [];
  });
  if (reports.length === 0) return undefined;
  const name = basename(file).replace(/(\.[a-z]+)+$/i, '').replace(/[^\w-]+/g, '_');
  const native = resolutions[kind].native;
  const described = reports.find((r) => r.kind)?.kind ?? KIND_NAMES[kind];
  return { file, name, kind: native ? `${described}: ${withArticle(native.name)}` : described, reports };
}

function sampleAs(resolution: Resolution, rows: unknown[][]): StarterSample {
  return {
    has: (...columns) => columns.every((name) => resolution.columns.has(name)),
    values: (column) => {
      const found = resolution.columns.get(column);
      return found === undefined ? [] : rows.map((row) => row[found.index]);
    },
    header: (column) => resolution.columns.get(column)?.header,
  };
}

function render(proposals: Proposal[]): string {
  const lines = [
    '// engage report config, written by `engage report --init`. Run it with: engage report',
    '// JSON with whole-line // comments. Each report runs a metric on an input; its options are',
    '// the library names of the command-line flags (groupBy, period, tz, since, until, by, …).',
    '// "output" writes that table (.csv, .json, .ndjson, .md); "markdown" writes every table into',
    '// one file. "failIf" makes `engage report` exit 1 when the overall row meets the condition:',
    '// the starter checks below can never fail; write your own, e.g. "pooled_rate < 0.02".',
    '{',
    '  "inputs": {',
  ];
  proposals.forEach((p, i) => lines.push(`    // ${p.kind}`, `    ${JSON.stringify(p.name)}: ${JSON.stringify(p.file)}${i < proposals.length - 1 ? ',' : ''}`));
  lines.push('  },', '  "reports": [');
  const entries = proposals.flatMap((p) => p.reports.map((r) => ({ p, r })));
  entries.forEach(({ p, r }, i) => {
    const entry: Record<string, unknown> = { metric: r.metric, input: p.name, options: r.options, output: `engage-out/${p.name}-${r.metric}.csv` };
    if (r.failIf) entry.failIf = [r.failIf];
    lines.push(`    // ${r.comment}`, `    ${JSON.stringify(entry)}${i < entries.length - 1 ? ',' : ''}`);
  });
  lines.push('  ],', '  "markdown": "engage-out/report.md"', '}');
  return `${lines.join('\n')}\n`;
}
