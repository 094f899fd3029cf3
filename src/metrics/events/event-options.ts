import { z } from 'zod';
import { PeriodUnit } from '../../time/periods.js';
import { eventOptions, groupByOption, inputOptions, timeOptions } from '../options.js';

// The options every customer-event metric takes, after its --period and
// before its own; the order is the order JSON output lists them in.
export const timeAndGroups = { ...timeOptions, groupBy: groupByOption };
export const inputsAndEvents = { ...inputOptions, ...eventOptions };

const EventBase = z.object({ period: PeriodUnit.optional(), ...timeAndGroups, compare: z.enum(['previous', 'yoy']).optional(), ...inputsAndEvents });
/** What the shared event reading needs of any event metric's options. */
export type EventOptions = z.output<typeof EventBase>;
