// Events ordered by customer, and each customer's in time order (ties in
// input order), whatever order the rows came in. Customers are dense
// integers, so this is a counting sort on them, then a sort of each
// customer's few events by time. Repeat (days between orders), the funnel
// walk and subscription periods all read events this way.

export interface ByCustomer {
  /** Event indices: customer 0's in time order, then customer 1's, … */
  order: Int32Array;
  /** order[start[c]] … order[start[c + 1] − 1] are customer c's events. */
  start: Int32Array;
}

export function eventsByCustomer(customers: Int32Array, times: Float64Array): ByCustomer {
  let highest = -1;
  for (const customer of customers) if (customer > highest) highest = customer;
  const start = new Int32Array(highest + 2);
  for (const customer of customers) start[customer + 1]++;
  for (let c = 0; c <= highest; c++) start[c + 1] += start[c];
  const next = start.slice(0, highest + 1);
  const order = new Int32Array(customers.length);
  for (let i = 0; i < customers.length; i++) order[next[customers[i]]++] = i;
  const byTime = (a: number, b: number) => times[a] - times[b] || a - b;
  for (let c = 0; c <= highest; c++) {
    const count = start[c + 1] - start[c];
    if (count > INSERTION_MAX) order.subarray(start[c], start[c + 1]).sort(byTime);
    else if (count > 1) insertionSort(order, start[c], start[c + 1], times);
  }
  return { order, start };
}

/**
 * A customer with this many events or fewer is sorted in place by insertion:
 * most have a handful, and a typed array's sort with a comparator costs a
 * view and a call a comparison (a funnel's end sorts half a million customers).
 */
const INSERTION_MAX = 16;

/** order[from, to) by time, ties by index: the order the comparator sort gives. */
function insertionSort(order: Int32Array, from: number, to: number, times: Float64Array): void {
  for (let i = from + 1; i < to; i++) {
    const event = order[i];
    const time = times[event];
    let j = i - 1;
    while (j >= from && (times[order[j]] > time || (times[order[j]] === time && order[j] > event))) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = event;
  }
}

