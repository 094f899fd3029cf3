import { EventPlan, type EventPlanOptions } from '../../schema/plans/events.js';
import type { EventOptions } from './event-options.js';
import { segmentationOf, type SegmentOptions } from '../segments/setup.js';

// The event plan of a metric: its options, and which events it counts when
// --event does not say (purchases for repeat, every event for churn …).

export function eventPlan(
  options: EventOptions & SegmentOptions,
  reading: {
    defaultEvents?: readonly string[];
    selected?: readonly string[] | 'all';
    readAmount?: boolean;
    readOrders?: boolean;
    amountExpected?: EventPlanOptions['amountExpected'];
    /** The option that chose the events, when the user or the metric's model chose them (EventPlanOptions.chosenBy). */
    chosenBy?: string;
    chosenNames?: readonly string[];
    measures?: EventPlanOptions['measures'];
    groupFlags?: EventPlanOptions['groupFlags'];
    labels?: EventPlanOptions['labels'];
    kind?: 'events' | 'subscriptions';
    /** Where a customer's first days start when not at their first event (retention's --start-event). */
    originEvents?: readonly string[];
    /** EventPlanOptions.namesRead. */
    namesRead?: boolean;
  } = {},
): EventPlan {
  const purchaseDefault = reading.selected === undefined && options.events.length === 0 && reading.defaultEvents !== undefined;
  const selected = countedEvents(options, reading);
  const chosenBy = reading.chosenBy ?? (options.events.length > 0 ? '--event' : undefined);
  const segments = segmentationOf(options, reading.kind ?? 'events', reading.originEvents);
  return new EventPlan({ ...options, selected, segments, purchaseDefault, readAmount: reading.readAmount ?? false, readOrders: reading.readOrders ?? false, amountExpected: reading.amountExpected, chosenBy, chosenNames: reading.chosenNames ?? (chosenBy === '--event' || reading.chosenBy === '--steps' ? options.events : undefined), measures: reading.measures, groupFlags: reading.groupFlags, labels: reading.labels, namesRead: reading.namesRead }, reading.kind);
}

/** The events a metric counts: its own choice, else --event, else its default; undefined for every event. */
export function countedEvents(options: EventOptions, reading: { defaultEvents?: readonly string[]; selected?: readonly string[] | 'all' } = {}): readonly string[] | undefined {
  return reading.selected === 'all' ? undefined : (reading.selected ?? (options.events.length > 0 ? options.events : reading.defaultEvents));
}
