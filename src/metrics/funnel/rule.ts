import { UsageError } from '../../errors.js';
import { durationMs } from '../../time/duration.js';
import type { FunnelOptions } from './options.js';

// A funnel's options as the rule every engine applies (product-analytics.md
// "Funnels"): the steps by name (a name may repeat), the order, the entry
// rule, the window in milliseconds and the exclusions with their step ranges.
// What the definition refuses is refused here, once.


export interface Exclusion {
  event: string;
  /** Steps numbered from 1: the attempt is void for an exclusion after step `from` and before step `to`. */
  from: number;
  to: number;
}

export interface FunnelRule {
  /** Each step's event, lower-cased; a name may repeat (not in an unordered funnel). */
  steps: string[];
  order: FunnelOptions['order'];
  entry: FunnelOptions['entry'];
  /** Elapsed milliseconds; an event exactly this long after the start is inside. */
  window: number;
  exclusions: Exclusion[];
}

export function funnelRule(options: FunnelOptions): FunnelRule {
  const steps = options.steps.map((step) => step.trim().toLowerCase());
  const n = steps.length;
  if (options.order === 'unordered' && new Set(steps).size < n) {
    throw new UsageError('--steps: an unordered funnel names each step once', ['a step that repeats needs --order ordered or strict']);
  }
  const exclusions = options.exclude.map((text): Exclusion => {
    const match = /^(.*?)(?:@(\d+)-(\d+))?$/.exec(text.trim())!;
    const event = match[1].trim().toLowerCase();
    const [from, to] = match[2] === undefined ? [1, n] : [Number(match[2]), Number(match[3])];
    if (event === '') throw new UsageError(`--exclude "${text}": name the event, e.g. --exclude logout@2-3`);
    if (steps.includes(event)) throw new UsageError(`--exclude ${event}: it is a step of the funnel`, ['an exclusion is an event that is not a step']);
    if (!(from >= 1 && from < to && to <= n)) throw new UsageError(`--exclude ${text}: steps F-T need 1 ≤ F < T ≤ ${n}`, [`e.g. --exclude ${event}@1-${n}`]);
    if (match[2] !== undefined && options.order === 'unordered') {
      throw new UsageError(`--exclude ${text}: an unordered funnel's steps have no fixed places, so an exclusion takes no step range`, [`--exclude ${event}`]);
    }
    return { event, from, to };
  });
  return { steps, order: options.order, entry: options.entry, window: durationMs(options.window), exclusions };
}
