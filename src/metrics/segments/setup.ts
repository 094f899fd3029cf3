import { UsageError } from '../../errors.js';
import { EventPlan } from '../../schema/plans/events.js';
import type { EventOptions } from '../events/event-options.js';
import { parseSegments } from './grammar.js';
import { Segmentation } from './segmentation.js';

// Which options ask for behavioural segments, checked together: --segment
// goes with --group-by @segment or --list @NAME, and neither of those
// without a --segment; nothing given is ever ignored.

export const SEGMENT_GROUP = '@segment';

/** What an event metric's options say of segments, beyond the shared event options. */
export interface SegmentOptions {
  segment?: string[];
  list?: string;
}

/** The segment --list @NAME names, or undefined when --list names a cell of the metric's own. */
export function listedSegment(list: string | undefined): string | undefined {
  return list !== undefined && list.startsWith('@') ? list.slice(1) : undefined;
}

/** --list when it names a cell of the metric's own table, not a segment. */
export function cellList(list: string | undefined): string | undefined {
  return listedSegment(list) === undefined ? list : undefined;
}

export function segmentationOf(options: EventOptions & SegmentOptions, kind: 'events' | 'subscriptions', originEvents?: readonly string[]): Segmentation | undefined {
  const texts = options.segment ?? [];
  const slots = options.groupBy.flatMap((name, i) => (name.toLowerCase() === SEGMENT_GROUP ? [i] : []));
  if (slots.length > 1) throw new UsageError('--group-by @segment is given twice', ['give it once']);
  const slot = slots[0] ?? -1;
  const listed = listedSegment(options.list);
  if (texts.length === 0) {
    if (slot >= 0) throw new UsageError('--group-by @segment needs the segments: --segment NAME=CONDITION (repeatable)', ["e.g. --segment engaged='login>=3 within 7d'"]);
    if (listed !== undefined) throw new UsageError(`--list @${listed} lists a segment, and no --segment defines one`, ["e.g. --segment engaged='login>=3 within 7d' --list @engaged"]);
    return undefined;
  }
  if (slot < 0 && listed === undefined) throw new UsageError('--segment has nothing to act on: segments are used by --group-by @segment or --list @NAME', ['add --group-by @segment, or --list @NAME']);
  // Every event of the input decides the segments, whatever --event counts.
  const reading = new EventPlan({ ...options, groupBy: [], events: [], selected: undefined, readAmount: false, readOrders: false }, kind);
  return new Segmentation(parseSegments(texts), slot, listed, reading, originEvents);
}
