export { compute as runEvents } from './compute.js';

// Hand-worked in test/unit/events.test.ts. c1 buys in January (twice: o1 has
// two lines) and April; c2 buys in January and February and visits in
// January; c3 buys once in February; c4 only visits, in March.
export const EVENTS = [
  'customer_id,timestamp,event,amount,order_id,country',
  'c1,2026-01-05T10:00:00Z,purchase,10,o1,JP',
  'c1,2026-01-05T10:00:00Z,purchase,5,o1,JP',
  'c1,2026-01-20T10:00:00Z,purchase,20,o2,JP',
  'c2,2026-01-07T10:00:00Z,purchase,30,o3,US',
  'c2,2026-01-08T10:00:00Z,visit,,,US',
  'c3,2026-02-01T10:00:00Z,purchase,15,o4,JP',
  'c2,2026-02-10T10:00:00Z,purchase,25,o5,US',
  'c1,2026-04-02T10:00:00Z,purchase,40,o6,JP',
  'c4,2026-03-15T10:00:00Z,visit,,,US',
].join('\n');
