import type { StarterSample } from '../spec.js';

// Whether a sampled event log is a subscription log, for `report --init`.
const SUBSCRIPTION_EVENTS = new Set(['start', 'subscribe', 'subscribed', 'cancel', 'cancelled', 'canceled', 'end']);

export function isSubscriptionLog(sample: StarterSample): boolean {
  return sample.values('event').some((cell) => SUBSCRIPTION_EVENTS.has(String(cell ?? '').trim().toLowerCase()));
}
