import { isBlankCell } from '../../schema/blank.js';
import type { StarterSample } from '../spec.js';

// What `report --init` reads in a sampled event log: whether it is a
// subscription log, and whether some rows have no customer (guest orders),
// which the starter reports then leave out with --where.
const SUBSCRIPTION_EVENTS = new Set(['start', 'subscribe', 'subscribed', 'cancel', 'cancelled', 'canceled', 'end']);

export function isSubscriptionLog(sample: StarterSample): boolean {
  return sample.values('event').some((cell) => SUBSCRIPTION_EVENTS.has(String(cell ?? '').trim().toLowerCase()));
}

/** The --where that leaves out rows without a customer, when the sample has some. */
export function withoutAnonymous(sample: StarterSample): { where?: string[] } {
  const header = sample.header('customer_id');
  return header !== undefined && sample.values('customer_id').some(isBlankCell) ? { where: [`${header}!=`] } : {};
}
