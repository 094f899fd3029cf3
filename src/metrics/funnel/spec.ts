import { UsageError } from '../../errors.js';
import { canonical } from '../../kernels/canonical.js';
import { cellList, SEGMENT_GROUP } from '../segments/setup.js';
import type { EventInput } from '../../schema/plans/events.js';
import { eventPlan } from '../events/event-plan.js';
import { Grouped } from '../grouped.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { earliestStepsApply } from './earliest-steps.js';
import { compileRule, FunnelLog } from './log.js';
import { FunnelOptions } from './options.js';
import { funnelRule, type FunnelRule } from './rule.js';
import { funnelSql } from './sql.js';
import { funnelList, funnelTable, timeToConvertTable, type FunnelRun } from './table.js';

// No --compare: a funnel's periods are the periods attempts start in, and a
// customer may count in several; run it twice with --since/--until to compare.
export const funnel = defineMetric({
  name: 'funnel',
  summary: 'conversion funnel: ordered, strict or unordered steps within a window',
  description: 'Conversion through steps (events) within a window from the start of an attempt, with the time to convert.',
  rows: 'events',
  options: FunnelOptions,
  refuses: {
    '--compare': 'a funnel has no periods to compare: run it twice with --since/--until',
  },
  sql: (options, context) => funnelSql(options, context),
  create: (options) => {
    const rule = funnelRule(options);
    assertOptionsAct(options, rule);
    // The names the rule looks for, by id: the steps' (once each), then the exclusions'.
    const nameIds = new Map<string, number>();
    for (const name of [...rule.steps, ...rule.exclusions.map((e) => e.event)].map(canonical)) if (!nameIds.has(name)) nameIds.set(name, nameIds.size);
    // --event chooses the rows; else a strict funnel reads every event (any of them breaks a sequence), another only the names it looks for.
    const chosen = options.events.length > 0;
    const plan = eventPlan({ ...options, events: chosen ? options.events : [...nameIds.keys()] }, {
      selected: chosen ? options.events : rule.order === 'strict' ? 'all' : [...nameIds.keys()],
      chosenBy: chosen ? '--event' : '--steps',
      chosenNames: chosen ? options.events : options.steps,
    });
    const attribution = options.attribution !== undefined;
    // The names that start an attempt: step 1, or in an unordered funnel any step.
    const startIds = (rule.order === 'unordered' ? rule.steps : [rule.steps[0]]).map((step) => nameIds.get(step)!);
    // --attribution: one funnel over all of a customer's rows, each event with its group label; else one per group.
    const grouped = new Grouped(() => new FunnelLog({ nameIds, keepOthers: rule.order === 'strict', attribution, periods: options.period !== undefined, starts: startIds }), attribution ? 0 : options.groupBy.length, false, plan.groupOrders);
    const run = (state: Grouped<EventInput, FunnelLog>): FunnelRun => ({ grouped: state, rule, compiled: compileRule(rule, nameIds), options, plan });
    const table = (state: Grouped<EventInput, FunnelLog>) => {
      if (options.list !== undefined) return funnelList(run(state), options.list);
      return options.timeToConvert ? timeToConvertTable(run(state)) : funnelTable(run(state));
    };
    const made = job(plan, grouped, table, options);
    // The step table from the passes of earliest-steps.ts holds minima and counts over each customer's events, and groups in
    // their labels' order: neither the order a part's rows are read in nor the customers' numbers change it. Periods and
    // --attribution walk each customer's events in order (ties in it), and --list lists customers by number.
    const anyOrder = earliestStepsApply(compileRule(rule, nameIds)) && !attribution && options.period === undefined && cellList(options.list) === undefined && made.companions === undefined;
    return anyOrder ? { ...made, rowsInAnyOrder: true } : made;
  },
  examples: `Examples:
  engage funnel fixtures/funnel.csv --steps view,cart,purchase --window 7d
  engage funnel fixtures/funnel.csv --steps view,purchase --window 24h --group-by channel
  engage funnel fixtures/funnel.csv --steps view,cart,purchase --order strict --entry any
  engage funnel fixtures/funnel.csv --steps view,cart,purchase --period week --percentiles 50,90
  engage funnel fixtures/funnel.csv --steps view,purchase --time-to-convert --bins 4
  engage funnel fixtures/funnel.csv --steps view,cart,purchase --window 7d --list cart:dropped
`,
  details: `
An attempt starts at a step-1 event (--order unordered: an event of any step). Each later
step is the earliest event of its name at or after the step before, not matched already
(a repeated step needs a second event), and within --window of the start:
  --order ordered     other events may come between two steps (default)
  --order strict      no other event between two steps (one at the same instant is not between)
  --order unordered   the steps in any order: step k is "k of n steps done"
  --entry first       a customer's first step-1 event starts their only attempt (default)
  --entry any         every step-1 event starts one; the furthest, then earliest, counts
  --exclude E@F-T     an E after step F and before step T (or, when T is not reached, up to
                      the window's end) voids the attempt; --exclude E is E@1-n
  conversion_from_previous  customers at the step / customers at the step before
  conversion_from_first     customers at the step / customers who started
  *_hours_from_previous     mean and --percentiles (default 50,90,95; linear between ranks)
  *_hours_from_first        of the time from the step before, and from step 1, in hours
--window is elapsed time: 90s, 30m, 24h, 7d (86,400 s a day, DST or not), 2w (default 30d);
a step exactly --window after the start is inside. --period: one block per period in which
attempts start (with --entry any a customer can count in several), then all periods.
--group-by: each value's funnel on its own rows; with --attribution first-touch|last-touch|
step:N, one funnel over all rows and each customer labelled by that event of their attempt.
`,
});

/** Options that have nothing to act on in the funnel asked for are errors, never ignored. */
function assertOptionsAct(options: FunnelOptions, rule: FunnelRule): void {
  if (options.bins !== undefined && !options.timeToConvert) throw new UsageError('--bins sets the bins of --time-to-convert', ['add --time-to-convert, or leave out --bins']);
  if (options.timeToConvert) {
    for (const [given, flag] of [[options.groupBy.length > 0, '--group-by'], [options.period !== undefined, '--period'], [cellList(options.list) !== undefined, '--list']] as const) {
      if (given) throw new UsageError(`--time-to-convert is one histogram of every converter: ${flag} has nothing to act on there`, [`leave out ${flag}, or --time-to-convert`]);
    }
  }
  if (options.attribution !== undefined) {
    if (options.groupBy.length === 0) throw new UsageError('--attribution says which event labels a customer for --group-by', ['add --group-by COLUMN, or leave out --attribution']);
    if (options.groupBy.some((name) => name.toLowerCase() === SEGMENT_GROUP)) throw new UsageError('--attribution labels a customer by the event of one step, and @segment labels them by what they did: the two do not go together', ['leave out --attribution to see each segment\'s funnel']);
    const step = /^step:(\d+)$/.exec(options.attribution);
    if (step && !(Number(step[1]) >= 1 && Number(step[1]) <= rule.steps.length)) throw new UsageError(`--attribution ${options.attribution}: the funnel has steps 1 to ${rule.steps.length}`);
  }
  // Times of the step table: the histogram and a list of customers print none.
  if ((options.timeToConvert || cellList(options.list) !== undefined) && options.percentiles.join() !== '50,90,95') {
    throw new UsageError(`--percentiles sets the time columns of the step table: ${options.timeToConvert ? '--time-to-convert' : '--list'} prints none`, ['leave out --percentiles']);
  }
  if (cellList(options.list) !== undefined && options.period !== undefined) throw new UsageError('--list lists the customers of the whole funnel: --period has nothing to act on there', ['leave out --period']);
}

export { FunnelOptions };
