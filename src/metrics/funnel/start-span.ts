// Each customer's first and last start event, kept as a funnel's log is
// read: the end of the run then sorts only the events an attempt can reach
// (reach.ts) without a pass over the whole log to find them.
// Customers are dense indices; one with no start has +∞ and −∞.

export class StartSpan {
  first = new Float64Array(0);
  last = new Float64Array(0);

  see(customer: number, time: number): void {
    if (customer >= this.first.length) this.grow(customer + 1);
    if (time < this.first[customer]) this.first[customer] = time;
    if (time > this.last[customer]) this.last[customer] = time;
  }

  /** Local customer i becomes mapping[i] (a part read on another thread). */
  remapCustomers(mapping: Int32Array): void {
    const [first, last] = [this.first, this.last];
    // Sized once for the largest new number: grown as the customers came, it was written to fresh memory some ten times over.
    let size = 0;
    for (let c = 0; c < first.length; c++) if (first[c] !== Infinity && mapping[c] >= size) size = mapping[c] + 1;
    this.first = new Float64Array(size).fill(Infinity);
    this.last = new Float64Array(size).fill(-Infinity);
    for (let c = 0; c < first.length; c++) if (first[c] !== Infinity) this.spanTo(mapping[c], first[c], last[c]);
  }

  merge(other: StartSpan): void {
    for (let c = 0; c < other.first.length; c++) if (other.first[c] !== Infinity) this.spanTo(c, other.first[c], other.last[c]);
  }

  private spanTo(customer: number, first: number, last: number): void {
    this.see(customer, first);
    this.see(customer, last);
  }

  private grow(needed: number): void {
    const size = Math.max(needed, this.first.length * 2, 1024);
    const [first, last] = [new Float64Array(size).fill(Infinity), new Float64Array(size).fill(-Infinity)];
    first.set(this.first);
    last.set(this.last);
    this.first = first;
    this.last = last;
  }
}
