import { z } from 'zod';
import { inputsAndEvents, timeAndGroups } from '../events/event-options.js';
import { option } from '../options.js';

// The options of engage funnel, apart from its spec: its table and its SQL form read them too.

export const FunnelOptions = z.strictObject({
  ...timeAndGroups,
  ...inputsAndEvents,
  steps: option(
    z.array(z.string().trim().min(1)).min(2, 'a funnel needs at least two steps, e.g. view,cart,purchase').refine((steps) => new Set(steps.map((s) => s.toLowerCase())).size === steps.length, 'names a step twice'),
    { flag: '--steps <a,b,c>', help: 'the events of the funnel, in order', list: 'comma' },
  ),
  window: option(z.string().regex(/^\d+(\.\d+)?[mhdw]$/, 'a window is written like 30m, 24h, 7d or 2w').default('30d'), {
    flag: '--window <duration>',
    help: 'how long after the first step later steps count: 30m, 24h, 7d, 2w',
  }),
  list: option(z.string().trim().min(1).optional(), {
    flag: '--list <step>',
    help: 'the customers who reached a step (its event or number), or with STEP:dropped reached it and no further',
  }),
});
export type FunnelOptions = z.output<typeof FunnelOptions>;
