import { z } from 'zod';
import { PeriodUnit } from '../../time/periods.js';
import { eventOptions, groupByOption, inputOptions, option, timeOptions } from '../options.js';

// The options every customer-event metric takes, after its --period and
// before its own; the order is the order JSON output lists them in.
export const timeAndGroups = { ...timeOptions, groupBy: groupByOption };
export const inputsAndEvents = { ...inputOptions, ...eventOptions };

const EventBase = z.object({ period: PeriodUnit.optional(), ...timeAndGroups, compare: z.enum(['previous', 'yoy']).optional(), ...inputsAndEvents });
/** What the shared event reading needs of any event metric's options. */
export type EventOptions = z.output<typeof EventBase>;

/** --segment: behavioural segments (segments-and-drivers.md), for --group-by @segment and --list @NAME. */
export const segmentOption = option(z.array(z.string().trim().min(1)).default([]), {
  flag: '--segment <NAME=CONDITION>',
  help: "a behavioural segment, for --group-by @segment or --list @NAME: counts of events in a customer's first days or a period's last, e.g. engaged='login>=3 within 7d' (repeatable)",
});

/** --list of a metric without lists of its own: one segment's customers. */
export const segmentListOption = option(z.string().trim().regex(/^@./, 'a segment is listed as @NAME, e.g. @engaged').optional(), {
  flag: '--list <@segment>',
  help: "the customers of one --segment (@NAME, or '@(none)'), with their first event",
});
