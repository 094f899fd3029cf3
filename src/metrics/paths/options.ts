import { z } from 'zod';
import { inputsAndEvents } from '../events/event-options.js';
import { option, timeOptions } from '../options.js';

// The options of engage paths, apart from its spec: its table and its SQL form read them too.

export const PathsOptions = z.strictObject({
  ...timeOptions,
  ...inputsAndEvents,
  after: option(z.string().trim().min(1).optional(), { flag: '--after <event>', help: "the paths that follow each customer's first such event" }),
  before: option(z.string().trim().min(1).optional(), { flag: '--before <event>', help: "the paths that lead to each customer's first such event" }),
  depth: option(z.number().int().min(1).max(20).default(3), { flag: '--depth <n>', help: 'how many events a path holds after (or before) the anchor' }),
  top: option(z.number().int().min(1).default(10), { flag: '--top <k>', help: 'how many paths are listed before the other row' }),
  list: option(z.string().trim().min(1).optional(), {
    flag: '--list <path>',
    help: "the customers on one path: its rank (1) or its events after (before) the anchor joined by > (search>item>cart)",
  }),
});
export type PathsOptions = z.output<typeof PathsOptions>;

/** The anchor event, lower-cased, and which way the paths go; the options name exactly one. */
export function anchorOf(options: PathsOptions): { event: string; direction: 'after' | 'before' } {
  const event = (options.after ?? options.before)!.toLowerCase();
  return { event, direction: options.after !== undefined ? 'after' : 'before' };
}

/** A path as printed: its names joined by arrows, starting (after) or ending (before) with the anchor. */
export function pathText(names: readonly string[], anchor: string, direction: 'after' | 'before'): string {
  return (direction === 'after' ? [anchor, ...names] : [...names, anchor]).join(' → ');
}
