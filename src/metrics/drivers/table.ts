import type { EventPlan } from '../../schema/plans/events.js';
import { UsageError } from '../../errors.js';
import { noSuchCell } from '../customer-list.js';
import { compareLabels } from '../grouped.js';
import { counted } from '../../notes/plural.js';
import type { JobResult } from '../job.js';
import type { EventLog } from '../events/event-log.js';
import type { Cell, ResultColumn } from '../types.js';
import { thresholdFigures, type Cells, type ThresholdFigures } from './contingency.js';
import { driverCounts, type CountedOutcome, type DriverCounts } from './drivers.js';
import { MIN_SHARE, type DriversOptions } from './options.js';
import { ANY_EVENT, driversSetup, type DriversSetup } from './outcome.js';

// engage drivers: a row per candidate and threshold, the candidates by the
// phi of their magic number (the threshold of highest phi among those that
// cover at least --min-share of customers), those without one after, by name.

const COLUMNS: ResultColumn[] = [
  { name: 'event', type: 'text' },
  { name: 'threshold', type: 'count' },
  { name: 'customers_did', type: 'count' },
  { name: 'customers_not', type: 'count' },
  { name: 'outcome_did', type: 'count' },
  { name: 'outcome_not', type: 'count' },
  { name: 'rate_did', type: 'rate' },
  { name: 'rate_not', type: 'rate' },
  { name: 'lift', type: 'number' },
  { name: 'odds_ratio', type: 'number' },
  { name: 'odds_ratio_low', type: 'number' },
  { name: 'odds_ratio_high', type: 'number' },
  { name: 'phi', type: 'number' },
  { name: 'share', type: 'rate' },
  { name: 'magic', type: 'flag' },
];

export function driversTable(log: EventLog, plan: EventPlan, options: DriversOptions, setup: DriversSetup): JobResult {
  const { outcome, within, funnel, excluded } = setup;
  const byName = log.ids;
  const names = [...byName.keys()];
  const wanted = options.candidates?.map((name) => name.toLowerCase()) ?? names.filter((name) => !excluded.includes(name));
  const candidates = [...new Set(wanted)].filter((name) => byName.has(name)).sort();
  const missing = options.candidates?.filter((name) => !byName.has(name.toLowerCase())) ?? [];
  // A step the log lacks has no id: no event is of it.
  const measured: CountedOutcome =
    outcome.kind === 'funnel'
      ? { ...outcome, rule: { order: 'ordered', entry: 'first', window: funnel!.window, steps: funnel!.steps.map((step) => byName.get(step) ?? -2), exclusions: [] } }
      : { ...outcome, id: outcome.event === ANY_EVENT ? 'any' : byName.get(outcome.event) };
  const listCell = options.list === undefined ? undefined : parseListCell(options.list, candidates, options.maxCount);
  const counts = driverCounts(log, candidates.map((name) => byName.get(name)!), measured, within, options.maxCount, plan.time.zone, plan.time.span.end(), listCell === undefined ? -1 : candidates.indexOf(listCell.event));
  if (listCell !== undefined) return driverList(listCell, counts.listed, plan);
  const result = driversResult(candidates, counts, missing, options, setup, plan.time.zone.name);
  // An outcome event no row has is likely a misspelling: say so, with the names there are.
  const named = outcome.kind === 'funnel' ? funnel!.steps.filter((step) => !byName.has(step)) : outcome.event !== ANY_EVENT && !byName.has(outcome.event) ? [outcome.event] : [];
  if (named.length > 0 && names.length > 0) result.notes.unshift(`no row of ${named.map((n) => `"${n}"`).join(', ')} was read (the events: ${names.slice(0, 8).map((n) => (n === '' ? '(none: no event column)' : n)).join(', ')}${names.length > 8 ? ', …' : ''})`);
  return result;
}

/**
 * The table and notes from each candidate's 2×2 tables, whichever engine counted them: the
 * figures, the magic numbers, the candidates ranked by them.
 */
export function driversResult(candidates: readonly string[], counts: Omit<DriverCounts, 'listed'>, missing: readonly string[], options: DriversOptions, setup: DriversSetup, zoneName: string): JobResult {
  const { outcome, within, withinText, funnel } = setup;
  const rows = candidates.map((event, s) => {
    const figures = counts.cells[s].map((cells) => ({ cells, ...thresholdFigures(cells) }));
    return { event, figures, magic: magicOf(figures, options.minShare ?? MIN_SHARE) };
  });
  rows.sort((x, y) => (x.magic === undefined ? 1 : 0) - (y.magic === undefined ? 1 : 0) || (y.magic !== undefined && x.magic !== undefined ? y.figures[y.magic].phi! - x.figures[x.magic].phi! : 0) || (x.event < y.event ? -1 : 1));
  const table: Cell[][] = rows.flatMap(({ event, figures, magic }) =>
    // A file without an event column has one event, of no name: any event.
    figures.map((f, i): Cell[] => [event === '' ? ANY_EVENT : event, i + 1, f.did, f.not, f.cells.a, f.cells.c, f.rateDid, f.rateNot, f.lift, f.oddsRatio, f.oddsLow, f.oddsHigh, f.phi, f.share, magic === i]),
  );
  const windowText = 'days' in within ? `the first ${withinText} (calendar days in ${zoneName})` : `the first ${withinText}${outcome.kind === 'funnel' ? ' after their first step' : ''}`;
  const outcomeText =
    outcome.kind === 'retained'
      ? `did ${outcome.event === ANY_EVENT ? 'anything' : outcome.event} on one of days ${outcome.from} … ${outcome.to} after the first day`
      : outcome.kind === 'converted'
        ? `did ${outcome.event} (counting only what came before it)`
        : `reached step ${outcome.step} (${funnel!.steps[outcome.step - 1]}) of ${funnel!.steps.join(' → ')} within ${options.window ?? '30d'} (counting only what came before it)`;
  const notes: string[] = [];
  if (counts.population > 0) notes.push(`outcome: ${counts.outcomeYes} of ${counted(counts.population, 'customer')} ${outcomeText} (${((100 * counts.outcomeYes) / counts.population).toFixed(1)}%)`);
  if (counts.undecided > 0) notes.push(`${counted(counts.undecided, 'customer')} whose day ${outcome.kind === 'retained' ? outcome.to : ''} is not over when the data ends left out`);
  if (counts.openWindows > 0) notes.push(`${counted(counts.openWindows, 'customer')} whose ${withinText} window is not over when the data ends: counted on what the data shows`);
  if (counts.population > 0 && (counts.outcomeYes === 0 || counts.outcomeYes === counts.population)) notes.push('every customer has the same outcome: no driver can be measured');
  if (outcome.kind === 'retained' && 'days' in within && outcome.from < within.days) notes.push(`warning: the outcome's days ${outcome.from} … ${outcome.to} overlap the first ${withinText}, in which the actions are counted`);
  if (missing.length > 0) notes.push(`--candidates names events the data does not have: ${missing.join(', ')}`);
  for (const { event, figures, magic } of rows) {
    if (magic !== undefined) notes.push(`magic number of ${event === '' ? 'any event' : event}: ${magic + 1} or more in ${withinText} (phi ${figures[magic].phi!.toFixed(3)}, ${(100 * figures[magic].share!).toFixed(1)}% of customers)`);
  }
  return {
    table: {
      title: 'Drivers',
      formula: `per event and threshold t: customers who did it at least t times in ${windowText} against the outcome (${outcomeText}); odds ratio with a prior count of 1 in each cell, 95 % interval (Woolf); phi on the counts; share = customers_did / customers`,
      columns: COLUMNS,
      rows: table,
    },
    notes,
  };
}

interface ListCell {
  event: string;
  threshold: number;
  reached?: boolean;
  outcome?: boolean;
}

/** --list EVENT:T, then :did or :not, then :yes or :no (an event's name may hold a colon: the parts are read from the right). */
function parseListCell(text: string, candidates: readonly string[], maxCount: number): ListCell {
  const parts = text.split(':');
  const outcome = parts[parts.length - 1] === 'yes' ? true : parts[parts.length - 1] === 'no' ? false : undefined;
  if (outcome !== undefined) parts.pop();
  const reached = parts[parts.length - 1] === 'did' ? true : parts[parts.length - 1] === 'not' ? false : undefined;
  if (reached !== undefined) parts.pop();
  const threshold = Number(parts.pop());
  const event = parts.join(':').toLowerCase();
  if (!(Number.isInteger(threshold) && threshold >= 1 && threshold <= maxCount) || parts.length === 0) {
    throw new UsageError(`--list ${text}: expected EVENT:T with T from 1 to ${maxCount}, then :did or :not, then :yes or :no`, ['e.g. --list invite:2 or --list invite:2:did:no']);
  }
  const shown = event === ANY_EVENT ? '' : event;
  if (!candidates.includes(shown)) throw noSuchCell(text, 'candidate event', candidates.map((c) => (c === '' ? ANY_EVENT : c)));
  return { event: shown, threshold, reached, outcome };
}

/** The customers of one row (or group, or cell): whether each reached the threshold and had the outcome. */
function driverList(cell: ListCell, listed: readonly { customer: number; count: number; yes: boolean }[], plan: EventPlan): JobResult {
  const rows = listed
    .filter(({ count, yes }) => (cell.reached === undefined || count >= cell.threshold === cell.reached) && (cell.outcome === undefined || yes === cell.outcome))
    .map(({ customer, count, yes }) => ({ id: plan.customers.idOf(customer), reached: count >= cell.threshold, yes }))
    .sort((a, b) => compareLabels(a.id, b.id))
    .map(({ id, reached, yes }): Cell[] => [id, reached ? 'yes' : 'no', yes ? 'yes' : 'no']);
  const name = cell.event === '' ? 'any event' : cell.event;
  const narrowed = [cell.reached === undefined ? '' : cell.reached ? ', who reached it' : ', who did not', cell.outcome === undefined ? '' : cell.outcome ? ', outcome yes' : ', outcome no'].join('');
  return {
    table: {
      title: `Customers of ${name} at ${cell.threshold} or more${narrowed}`,
      formula: counted(rows.length, 'customer'),
      columns: [{ name: 'customer_id', type: 'text' }, { name: 'reached', type: 'text' }, { name: 'outcome', type: 'text' }],
      rows,
    },
    notes: [],
  };
}

/** The table from the SQL form's rows (sql.ts names their order): each candidate's 2×2 tables, and the population's figures. */
export function driversFromSql(rows: readonly Cell[][], options: DriversOptions, zoneName: string): JobResult {
  const byEvent = new Map<string, Cells[]>();
  for (const [event, t, a, b, c, d] of rows) {
    const name = String(event);
    const cells = byEvent.get(name) ?? Array.from({ length: options.maxCount }, () => ({ a: 0, b: 0, c: 0, d: 0 }));
    cells[Number(t) - 1] = { a: Number(a), b: Number(b), c: Number(c), d: Number(d) };
    byEvent.set(name, cells);
  }
  const candidates = [...byEvent.keys()].sort();
  const [population, outcomeYes, undecided, openWindows] = rows.length === 0 ? [0, 0, 0, 0] : rows[0].slice(6, 10).map(Number);
  const missing = options.candidates?.filter((name) => !byEvent.has(name.toLowerCase())) ?? [];
  return driversResult(candidates, { cells: candidates.map((name) => byEvent.get(name)!), population, outcomeYes, undecided, openWindows }, missing, options, driversSetup(options), zoneName);
}

/** The threshold of highest phi among those covering at least minShare (ties: the smaller); none when that phi is not above 0. */
function magicOf(figures: readonly ThresholdFigures[], minShare: number): number | undefined {
  let best: number | undefined;
  figures.forEach((f, i) => {
    if (f.phi === null || f.share === null || f.share < minShare) return;
    if (best === undefined || f.phi > figures[best].phi!) best = i;
  });
  return best !== undefined && figures[best].phi! > 0 ? best : undefined;
}
