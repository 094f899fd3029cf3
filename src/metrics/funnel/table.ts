import { groupedBy } from '../../kernels/grouped-by.js';
import { meanOf, percentileOfSorted } from '../../kernels/percentile.js';
import { snakeCase } from '../../schema/columns.js';
import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import { UsageError } from '../../errors.js';
import { compareLabels, type Grouped } from '../grouped.js';
import { customerList, noSuchCell } from '../customer-list.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import type { CompiledRule } from './attempts.js';
import { countedAttempts, countedSteps, stepInstantsOf, type Counted, type FunnelLog, type StepInstants } from './log.js';
import { timeColumnNames, type FunnelOptions } from './options.js';
import type { FunnelRule } from './rule.js';

// The funnel's tables (product-analytics.md "Funnels"): per step the
// customers whose counted attempt reached it, the conversions, and the time
// to convert from the step before and from the first step (mean and
// percentiles, in hours); by entry period and by group; or the histogram of
// the converters' times (--time-to-convert).

const MS_PER_HOUR = 3_600_000;

/** What the tables are made from: the state, the rule in the log's names, and the options. */
export interface FunnelRun {
  grouped: Grouped<EventInput, FunnelLog>;
  rule: FunnelRule;
  compiled: CompiledRule;
  options: FunnelOptions;
  plan: EventPlan;
}

/** The step rows of one block of customers' counted attempts. */
function stepRows(steps: StepInstants, run: FunnelRun, prefix: Cell[]): Cell[][] {
  const n = run.rule.steps.length;
  const reached = steps.at.map((at) => at.reduce((sum, time) => (time === Infinity ? sum : sum + 1), 0));
  // Each step's times from the step before and from the first, over the attempts that reached it.
  const sinceStep = (k: number, from: number): Float64Array => {
    const [at, before] = [steps.at[k], steps.at[from]];
    const since = new Float64Array(reached[k]);
    let j = 0;
    for (let i = 0; i < at.length; i++) if (at[i] !== Infinity) since[j++] = at[i] - before[i];
    return since;
  };
  const times = (since: Float64Array): Cell[] => {
    const sorted = since.sort();
    const hours = (ms: number | null) => (ms === null ? null : ms / MS_PER_HOUR);
    return [hours(meanOf(sorted)), ...run.options.percentiles.map((p) => hours(percentileOfSorted(sorted, p)))];
  };
  const unordered = run.rule.order === 'unordered';
  return run.rule.steps.map((step, k) => [
    ...prefix,
    k + 1,
    unordered ? `${k + 1} of ${n} steps` : step,
    reached[k],
    k === 0 ? null : reached[k - 1] > 0 ? reached[k] / reached[k - 1] : null,
    reached[0] > 0 ? reached[k] / reached[0] : null,
    ...(k === 0 ? new Array<Cell>(2 * (1 + run.options.percentiles.length)).fill(null) : [...times(sinceStep(k, k - 1)), ...times(sinceStep(k, 0))]),
  ]);
}

function stepColumns(run: FunnelRun): ResultColumn[] {
  const timeColumns = (from: 'previous' | 'first') => timeColumnNames(run.options.percentiles, from).map((name): ResultColumn => ({ name, type: 'number' }));
  return [
    { name: 'step', type: 'count' },
    { name: 'event', type: 'text' },
    { name: 'customers', type: 'count' },
    { name: 'conversion_from_previous', type: 'rate' },
    { name: 'conversion_from_first', type: 'rate' },
    ...timeColumns('previous'),
    ...timeColumns('first'),
  ];
}

/**
 * A block per group (nobody at step 1: not printed), then the groups
 * together: `countedOf` gives a log's counted attempts with their labels
 * (--attribution), `stepsOf` the same as columns, where a quicker way than
 * countedOf's gives them.
 */
function groupBlocks(run: FunnelRun, block: { countedOf: (log: FunnelLog) => Counted[]; stepsOf?: (log: FunnelLog) => StepInstants }, prefix: Cell[], notes: Set<string>, inPeriod: boolean): Cell[][] {
  const { options } = run;
  const n = run.rule.steps.length;
  const stepsOf = block.stepsOf ?? ((log: FunnelLog) => stepInstantsOf(block.countedOf(log), n));
  const rows: Cell[][] = [];
  if (options.groupBy.length === 0) return stepRows(stepsOf(run.grouped.overall()), run, prefix);
  if (options.attribution === undefined) {
    for (const group of run.grouped.sorted()) {
      const steps = stepsOf(group.state);
      if (steps.customers.length > 0) rows.push(...stepRows(steps, run, [...prefix, ...group.key.values]));
    }
    // An entry period can hold one value's entries and no customer's first: its block has no all rows, as a group with nobody
    // at step 1 has none. The whole funnel's all rows are printed even then (zeros), as without --group-by.
    const overall = stepsOf(run.grouped.overall());
    return overall.customers.length > 0 || !inPeriod ? [...rows, ...stepRows(overall, run, [...prefix, ...options.groupBy.map(() => 'all')])] : rows;
  }
  // --attribution: the funnel over all of a customer's rows; one event of the counted attempt labels them.
  const counted = block.countedOf(run.grouped.overall());
  const log = run.grouped.overall();
  const names = [...log.labelIds.keys()];
  const labelled = counted.filter((c) => attributedEvent(options.attribution!, c) !== undefined);
  const unlabelled = counted.length - labelled.length;
  const byLabel = groupedBy(labelled, (c) => c.labels[attributedEvent(options.attribution!, c)!]);
  const byValues = (a: string[], b: string[]) => a.reduce((order, value, i) => order || compareLabels(value, b[i]), 0);
  const sorted = [...byLabel.keys()].map((id) => ({ id, values: names[id].split('\u0000') })).sort((a, b) => byValues(a.values, b.values));
  for (const { id, values } of sorted) rows.push(...stepRows(stepInstantsOf(byLabel.get(id)!, n), run, [...prefix, ...values]));
  if (unlabelled > 0) notes.add(`${unlabelled} customer${unlabelled === 1 ? '' : 's'} did not reach step ${options.attribution.slice(5)}: counted in the all rows only (--attribution ${options.attribution})`);
  return [...rows, ...stepRows(stepInstantsOf(counted, n), run, [...prefix, ...options.groupBy.map(() => 'all')])];
}

/** Which of the counted attempt's events labels the customer; undefined when the attempt did not reach step N. */
function attributedEvent(attribution: string, counted: Counted): number | undefined {
  if (attribution === 'first-touch') return 0;
  if (attribution === 'last-touch') return counted.labels.length - 1;
  const step = Number(attribution.slice(5));
  return counted.labels.length >= step ? step - 1 : undefined;
}

export function funnelTable(run: FunnelRun): JobResult {
  const { options, plan } = run;
  const { periods, span } = plan.time;
  const notes = new Set<string>();
  const columns: ResultColumn[] = [
    ...(periods ? [{ name: 'period', type: 'period' } as ResultColumn, { name: 'partial', type: 'flag' } as ResultColumn] : []),
    ...options.groupBy.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
    ...stepColumns(run),
  ];
  const rows: Cell[][] = [];
  const partial = new Set<number>();
  if (periods) {
    // Each entry period's block: the customers with an attempt starting there, each with the best such attempt.
    const cache = new Map<FunnelLog, Counted[]>();
    const byPeriod = (log: FunnelLog) => {
      if (!cache.has(log)) cache.set(log, countedAttempts(log, run.compiled, true));
      return cache.get(log)!;
    };
    // Without --attribution each value's funnel is its own rows': a customer's first start in one value can fall in a
    // period where their first start overall does not, so the periods are every log's, not the overall's alone.
    const logs = options.groupBy.length > 0 && options.attribution === undefined ? [run.grouped.overall(), ...run.grouped.sorted().map((group) => group.state)] : [run.grouped.overall()];
    const keys = [...new Set(logs.flatMap((log) => byPeriod(log).map((c) => c.period)))].sort((a, b) => a - b);
    for (const key of keys) {
      const isPartial = span.isPartial(periods, key);
      if (isPartial) partial.add(key);
      rows.push(...groupBlocks(run, { countedOf: (log) => byPeriod(log).filter((c) => c.period === key) }, [periods.label(key), isPartial], notes, true));
    }
  }
  const whole = { countedOf: (log: FunnelLog) => countedAttempts(log, run.compiled, false), stepsOf: (log: FunnelLog) => countedSteps(log, run.compiled) };
  rows.push(...groupBlocks(run, whole, periods ? ['all', false] : [], notes, false));
  return {
    table: {
      title: `Funnel (${options.order === 'ordered' ? '' : `${options.order}, `}window ${options.window}${options.entry === 'any' ? ', any entry' : ''})`,
      formula: `${attemptWords(run)}; conversion_from_previous = customers at the step / customers at the step before; times in hours`,
      columns,
      rows,
      partialColumn: periods ? 'partial' : undefined,
    },
    notes: [...notes, ...[...partial].map((key) => span.partialNote(periods!, key))],
  };
}

function attemptWords(run: FunnelRun): string {
  const { rule, options } = run;
  const start = rule.order === 'unordered' ? 'event of any step' : rule.steps[0];
  const entry = rule.entry === 'first' ? `a customer's first ${start} starts their one attempt` : `every ${start} starts an attempt, and the furthest (then earliest) counts`;
  const steps =
    rule.order === 'unordered'
      ? `it holds each other step's earliest event within ${options.window}`
      : `each later step is the earliest unmatched event of its name at or after the step before and within ${options.window}${rule.order === 'strict' ? ', with no other event between' : ''}`;
  const exclusions = rule.exclusions.length === 0 ? '' : `; an attempt with ${rule.exclusions.map((e) => `${e.event} between steps ${e.from} and ${e.to}`).join(' or ')} is void`;
  return `${entry}; ${steps}${exclusions}`;
}

/** --time-to-convert: the converters' times from step 1 to the last step, in bins (PostHog's layout). */
export function timeToConvertTable(run: FunnelRun): JobResult {
  const n = run.rule.steps.length;
  const { at } = countedSteps(run.grouped.overall(), run.compiled);
  const totals: number[] = [];
  for (let j = 0; j < at[0].length; j++) if (at[n - 1][j] !== Infinity) totals.push((at[n - 1][j] - at[0][j]) / 1000);
  const columns: ResultColumn[] = [
    { name: 'bin_start_hours', type: 'number' },
    { name: 'bin_end_hours', type: 'number' },
    { name: 'customers', type: 'count' },
  ];
  const table = { title: `Time to convert (window ${run.options.window})`, formula: `customers by their time from step 1 (${run.rule.steps[0]}) to step ${n}; bins of whole seconds`, columns, rows: [] as Cell[][] };
  if (totals.length === 0) return { table, notes: ['nobody reached the last step: no time to convert'] };
  const lo = Math.floor(Math.min(...totals));
  const hi = Math.ceil(Math.max(...totals));
  const bins = run.options.bins ?? Math.min(60, Math.max(1, Math.ceil(Math.cbrt(totals.length))));
  const width = Math.ceil((hi - lo) / bins) || 60;
  const counts = new Array<number>(bins + 1).fill(0);
  for (const t of totals) counts[Math.min(bins, Math.floor((t - lo) / width))]++;
  table.rows = counts.map((count, i) => [(lo + i * width) / 3600, (lo + (i + 1) * width) / 3600, count]);
  return { table, notes: [] };
}

/** --list STEP or STEP:dropped: the customers whose counted attempt reached a step (by number, or a name the funnel has once), or reached it and not the next. */
export function funnelList(run: FunnelRun, cell: string): JobResult {
  const steps = run.rule.steps;
  const dropped = /:dropped$/i.test(cell);
  const name = cell.replace(/:dropped$/i, '').trim().toLowerCase();
  const k = /^\d+$/.test(name) ? Number(name) - 1 : steps.indexOf(name);
  if (k < 0 || k >= steps.length) throw noSuchCell(cell, 'step', [...steps.map((_, i) => String(i + 1)), ...steps, ...steps.map((step) => `${step}:dropped`)]);
  if (!/^\d+$/.test(name) && steps.lastIndexOf(name) !== k) throw new UsageError(`--list ${cell}: step ${name} is in the funnel more than once`, [`name it by its number: --list ${k + 1}`]);
  const { customers, at } = countedSteps(run.grouped.overall(), run.compiled);
  // Reached step k (and, for :dropped, not the next).
  const members = [...customers].filter((_, j) => at[k][j] !== Infinity && !(dropped && k + 1 < steps.length && at[k + 1][j] !== Infinity));
  return customerList({
    title: dropped ? `Customers who reached step ${k + 1} (${steps[k]}) and went no further` : `Customers who reached step ${k + 1} (${steps[k]})`,
    cell: [
      { name: 'step', value: String(k + 1) },
      { name: 'event', value: steps[k] },
      ...(dropped ? [{ name: 'dropped', value: 'true' }] : []),
    ],
    customers: members,
    ids: run.plan.customers,
  });
}
