import { UsageError } from '../../errors.js';
import { snakeCase } from '../../schema/columns.js';

// A series of `engage trend` (product-analytics.md "Trends"), as
// --series NAME=EVENT[:events|customers|sum:COL|mean:COL] gives it. The
// event may itself hold a colon (page:view): the aggregation is read off the
// end, and what is left is the event. Without NAME= the series is named
// after what it counts (purchase_customers), so that a formula can name it.

export type SeriesKind = 'events' | 'customers' | 'sum' | 'mean';

export interface Series {
  name: string;
  /** The event, lower-cased as rows are matched; undefined for `*`, every event. */
  event: string | undefined;
  kind: SeriesKind;
  /** The column summed or averaged. */
  column?: string;
  /** As the user wrote it, for messages. */
  given: string;
}

/** A name a formula can use (formula.ts reads the same). */
export const SERIES_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export function parseSeries(given: string): Series {
  const eq = given.indexOf('=');
  const name = eq >= 0 ? given.slice(0, eq).trim() : undefined;
  const body = (eq >= 0 ? given.slice(eq + 1) : given).trim();
  if (name !== undefined && !SERIES_NAME.test(name)) {
    throw new UsageError(`--series "${given}": "${name}" is not a name a formula can use`, ['a letter or _, then letters, digits or _: --series revenue=purchase:sum:amount']);
  }
  const measured = /^(.*):(sum|mean):([^:]+)$/.exec(body);
  const counted = measured === null ? /^(.*):(events|customers)$/.exec(body) : null;
  const eventText = (measured?.[1] ?? counted?.[1] ?? body).trim();
  const kind = (measured?.[2] ?? counted?.[2] ?? 'events') as SeriesKind;
  const column = measured?.[3].trim();
  if (eventText === '') throw new UsageError(`--series "${given}" names no event`, ['an event, or * for every event: --series orders=purchase, --series active=*:customers']);
  if (/:(sum|mean):?$/.test(body)) {
    throw new UsageError(`--series "${given}": sum and mean need the column they read`, ['e.g. --series revenue=purchase:sum:amount']);
  }
  const event = eventText === '*' ? undefined : eventText.toLowerCase();
  const derived = snakeCase([eventText === '*' ? 'events' : eventText, ...(kind === 'events' ? [] : [kind]), ...(column ? [column] : [])].join(' ')).replace(/^events_(customers|sum|mean)/, '$1');
  return { name: name ?? derived, event, kind, column, given };
}

/** Every --series (one counting every event when none is given), their names unique and none a column of the table already. */
export function seriesOf(given: readonly string[], taken: readonly string[]): Series[] {
  const series = (given.length > 0 ? given : ['events=*']).map(parseSeries);
  const seen = new Set<string>(taken);
  for (const s of series) {
    if (seen.has(s.name)) {
      throw new UsageError(`--series "${s.given}": the name "${s.name}" is ${taken.includes(s.name) ? 'a column of the table already' : 'given twice'}`, ['name it: --series NAME=EVENT…']);
    }
    seen.add(s.name);
  }
  return series;
}

/** Whether a series counts rows of this (lower-cased) event. */
export function seriesCounts(series: Series, event: string): boolean {
  return series.event === undefined || series.event === event;
}
