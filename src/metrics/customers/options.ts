import { z } from 'zod';
import { UsageError } from '../../errors.js';
import { parseTimestamp, TIMESTAMP_EXPECTED } from '../../schema/timestamps.js';
import { Periods } from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { inputsAndEvents, segmentListOption, segmentOption } from '../events/event-options.js';
import type { SegmentOptions } from '../segments/setup.js';
import { eventPlan } from '../events/event-plan.js';
import { option, timeOptions } from '../options.js';
import { PURCHASE_EVENTS } from '../repeat/options.js';

// What engage customers, rfm and clv share: an order log read as purchases
// (purchase events by default, one order per order_id), the time unit of the
// BTYD summaries and the last day observed.

export const customerOptions = {
  ...timeOptions,
  ...inputsAndEvents,
  freq: option(z.enum(['day', 'week', 'month']).default('day'), {
    flag: '--freq <unit>',
    help: 'the time unit of frequency, recency and T: day, week (Monday–Sunday) or month',
  }),
  observationEnd: option(z.string().min(1).optional(), {
    flag: '--observation-end <date>',
    help: 'the last day observed, included (default: the day of the latest purchase); later purchases are left out',
  }),
};

export const CustomersOptions = z.strictObject({
  ...customerOptions,
  // One row per customer: a grouping can only say which segments each is in, as a column.
  groupBy: option(z.array(z.string().regex(/^@segment$/i, "a customer summary is one row per customer: --group-by takes only @segment, which adds each customer's segments as a column")).default([]), {
    flag: '--group-by <@segment>',
    help: "@segment: a column of each customer's behavioural segments (--segment)",
  }),
  segment: segmentOption,
  list: segmentListOption,
});
export type CustomersOptions = z.output<typeof CustomersOptions>;

const { freq: _freq, ...rfmBase } = customerOptions;

export const RfmOptions = z.strictObject({
  ...rfmBase,
  perCustomer: option(z.boolean().default(false), { flag: '--per-customer', help: 'one row per customer (scores, cell, segment) instead of one per segment' }),
  list: option(z.string().trim().min(1).optional(), { flag: '--list <segment>', help: 'the customers of one segment, e.g. "At risk", for a CRM import' }),
});
export type RfmOptions = z.output<typeof RfmOptions>;

const CustomerBase = z.object(customerOptions);
export type CustomerOptions = z.output<typeof CustomerBase>;

/** The plan that reads purchases: purchase events by default, amounts and orders. */
export function purchasePlan(options: CustomerOptions & SegmentOptions & { groupBy?: string[] }) {
  return eventPlan({ ...options, groupBy: options.groupBy ?? [] }, { defaultEvents: PURCHASE_EVENTS, readAmount: true, readOrders: true });
}

/** The --freq periods in --tz. */
export function freqPeriods(options: CustomerOptions): Periods {
  return new Periods(options.freq, new TimeZone(options.tz), options.weekStart);
}

/** --observation-end as a day number in --tz, or undefined. */
export function observationEndDay(options: CustomerOptions): number | undefined {
  if (options.observationEnd === undefined) return undefined;
  const zone = new TimeZone(options.tz);
  const ms = parseTimestamp(options.observationEnd, zone);
  if (Number.isNaN(ms)) throw new UsageError(`--observation-end "${options.observationEnd}" is not ${TIMESTAMP_EXPECTED}`, ['give the last day observed, e.g. 1997-09-30']);
  return new Periods('day', zone).keyOf(ms);
}
