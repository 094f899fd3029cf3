import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readInput } from '../io/read.js';
import type { FileHeader } from '../io/records.js';
import { columnSpecs, resolveColumns, type Resolution } from '../schema/columns.js';
import { EventRow } from '../schema/event.js';
import { PostRow } from '../schema/post.js';
import { ResponseRow } from '../schema/response.js';

// `engage report --init`: a starter config for the data files of a folder.
// Each file's header (and a sample of rows) says what it is: posts, events
// or survey answers; each kind gets the reports people usually want, and the
// config explains itself in // comments.

const DATA_FILE = /\.(csv|tsv|txt|json|ndjson|jsonl)(\.gz)?$/i;
const SAMPLE_ROWS = 500;
const SUBSCRIPTION_EVENTS = new Set(['start', 'subscribe', 'subscribed', 'cancel', 'cancelled', 'canceled', 'end']);

interface Sample {
  header: FileHeader;
  rows: unknown[][];
}

interface Proposal {
  file: string;
  name: string;
  kind: string;
  reports: { metric: string; options: Record<string, unknown>; comment: string; failIf?: string }[];
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

function propose(file: string, sampled: Sample | undefined): Proposal | undefined {
  if (!sampled) return undefined;
  const { header, rows } = sampled;
  const resolve = (schema: Parameters<typeof columnSpecs>[0]): Resolution => resolveColumns(header.header, columnSpecs(schema), new Map(), file);
  const posts = resolve(PostRow);
  const events = resolve(EventRow);
  const answers = resolve(ResponseRow);
  const name = basename(file).replace(/(\.[a-z]+)+$/i, '').replace(/[^\w-]+/g, '_');
  const has = (resolution: Resolution, ...names: string[]) => names.every((n) => resolution.columns.has(n));

  if (has(answers, 'score') && !has(events, 'customer_id', 'timestamp', 'event')) {
    const scores = rows.map((row) => Number(row[answers.columns.get('score')!.index])).filter(Number.isFinite);
    const max = Math.max(...scores);
    const min = Math.min(...scores);
    const metric = max <= 5 && min >= 1 ? 'csat' : max <= 7 && min >= 1 ? 'ces' : 'nps';
    const options: Record<string, unknown> = has(answers, 'responded_at') ? { period: 'month' } : {};
    const check = metric === 'nps' ? 'nps < -100' : metric === 'csat' ? 'csat < 0' : 'ces < 1';
    return { file, name, kind: 'survey answers', reports: [{ metric, options, comment: `answers from ${min} to ${max}`, failIf: check }] };
  }
  if (has(events, 'customer_id', 'timestamp')) {
    const eventColumn = events.columns.get('event');
    const names = new Set(eventColumn ? rows.map((row) => String(row[eventColumn.index] ?? '').trim().toLowerCase()) : []);
    if ([...names].some((n) => SUBSCRIPTION_EVENTS.has(n))) {
      return {
        file, name, kind: 'subscription events',
        reports: [{ metric: 'churn', options: { model: 'subscription', period: 'month' }, comment: 'start and cancel events', failIf: 'churn_rate > 1' }],
      };
    }
    return {
      file, name, kind: 'customer events',
      reports: [
        { metric: 'repeat', options: {}, comment: 'strict repeat purchase rate', failIf: 'repeat_rate < 0' },
        { metric: 'churn', options: { period: 'month' }, comment: 'activity churn per month' },
        { metric: 'retention', options: { period: 'month' }, comment: 'monthly cohorts' },
      ],
    };
  }
  const basis = ['followers', 'reach', 'impressions', 'views'].some((b) => posts.columns.has(b));
  const interactions = ['likes', 'comments', 'shares', 'saves', 'engagements'].some((c) => posts.columns.has(c));
  if (basis && interactions) {
    const options: Record<string, unknown> = {};
    if (posts.columns.has('platform')) options.groupBy = ['platform'];
    if (posts.columns.has('published_at')) options.period = 'month';
    return { file, name, kind: 'social posts', reports: [{ metric: 'rate', options, comment: 'engagement rate', failIf: 'pooled_rate < 0' }] };
  }
  return undefined;
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
