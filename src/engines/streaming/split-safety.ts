import { gunzippedFirstBytes, headOf, headOfBytes, ndjsonHeadOf, ndjsonHeadOfBytes } from '../../io/file-head.js';
import { resolveRowColumns } from '../../schema/exports/resolve-row-columns.js';
import type { JobRun, ReadSettings } from './run.js';

// What makes an input safe to read on several threads, whether a file is cut
// into byte ranges (parts.ts) or several files into runs of whole files
// (files-in-parts.ts): one answer for both, so that they never disagree.

/** Whether the bytes are read as UTF-8, which the threads' scanners read. */
export function readsUtf8(settings: ReadSettings): boolean {
  return settings.encoding === undefined || /^utf-?8$/i.test(settings.encoding);
}

/** A file's head, as its format finds it (a gzip file's from the start of its text). */
export async function headIn(path: string, format: 'csv' | 'ndjson', gzip = false): ReturnType<typeof headOf> {
  if (!gzip) return format === 'csv' ? headOf(path) : ndjsonHeadOf(path, false);
  const text = await gunzippedFirstBytes(path).catch(() => undefined);
  if (text === undefined) return undefined;
  return format === 'csv' ? headOfBytes(text) : ndjsonHeadOfBytes(text);
}

/**
 * The plan's absorb, when the run's state may be read in pieces and merged:
 * its plan gathers what a piece read, no file is read beside the input
 * (engage growth --posts), and for events the state renumbers its customers
 * and no order's lines are filled down (Shopify) in a file of these columns.
 * Where a file is cut into byte ranges (`cuts`), also no order may be counted
 * once over its lines by an order id the file has (repeat, customers, rfm):
 * each piece counts its own orders, and the cut between two pieces falls
 * inside an order as often as not. Whole files read apart share an order
 * only when one was cut between them. Undefined otherwise.
 */
export function splittable(run: JobRun, headers: { header: readonly string[]; path: string }[], cuts: boolean): NonNullable<JobRun['job']['plan']['absorb']> | undefined {
  const { plan, state, companions } = run.job;
  if (plan.absorb === undefined || companions !== undefined) return undefined;
  if (plan.kind === 'events' || plan.kind === 'subscriptions') {
    if (state.remapCustomers === undefined) return undefined;
    const unsplittable = (header: readonly string[], path: string): boolean => {
      const resolution = resolveRowColumns(plan.kind, [...header], run.map, path);
      return resolution.native?.lineItems === true || (cuts && plan.countsOrders === true && resolution.columns.has('order_id'));
    };
    if (headers.some(({ header, path }) => unsplittable(header, path))) return undefined;
  }
  return plan.absorb.bind(plan);
}

/**
 * Whether a piece (a part of a file, a run of files) gave plain figures: no problem, no platform row, and,
 * for the first piece, every note with all the first places it shows
 * (later pieces' notes then add to the counts alone).
 */
export function isPlain(run: JobRun, first: boolean): boolean {
  const { context } = run;
  return context.problems.size === 0 && context.platformRows === 0 && (!first || context.notes.settled);
}
