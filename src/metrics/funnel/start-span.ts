// Each customer's first and last start event, kept as a funnel's log is
// read: the end of the run then sorts only the events an attempt can reach
// (reach.ts) without a pass over the whole log to find them.
// Customers are dense indices; one with no start has +∞ and −∞.

export class StartSpan {
  private firsts = new Float64Array(0);
  private lasts = new Float64Array(0);
  /**
   * A part read on another thread, renumbered: its customer c is customer
   * pending[c] of the whole. Applied as it merges: a renumbered copy of its
   * two arrays, each filled first, was a tenth of a funnel's end, for the
   * merge to read once and drop.
   */
  private pending: Int32Array | undefined;

  get first(): Float64Array {
    this.settle();
    return this.firsts;
  }

  get last(): Float64Array {
    this.settle();
    return this.lasts;
  }

  see(customer: number, time: number): void {
    if (customer >= this.firsts.length) this.grow(customer + 1);
    if (time < this.firsts[customer]) this.firsts[customer] = time;
    if (time > this.lasts[customer]) this.lasts[customer] = time;
  }

  /** Local customer i becomes mapping[i] (a part read on another thread). */
  remapCustomers(mapping: Int32Array): void {
    this.pending = this.pending === undefined ? mapping : this.pending.map((inPart) => mapping[inPart]);
  }

  merge(other: StartSpan): void {
    const { firsts, lasts, pending } = other;
    for (let c = 0; c < firsts.length; c++) if (firsts[c] !== Infinity) this.spanTo(pending === undefined ? c : pending[c], firsts[c], lasts[c]);
  }

  /** A renumbered span read as it is (not merged): renumbered now. */
  private settle(): void {
    const mapping = this.pending;
    if (mapping === undefined) return;
    const [firsts, lasts] = [this.firsts, this.lasts];
    this.pending = undefined;
    this.firsts = new Float64Array(0);
    this.lasts = new Float64Array(0);
    for (let c = 0; c < firsts.length; c++) if (firsts[c] !== Infinity) this.spanTo(mapping[c], firsts[c], lasts[c]);
  }

  private spanTo(customer: number, first: number, last: number): void {
    this.see(customer, first);
    this.see(customer, last);
  }

  private grow(needed: number): void {
    const size = Math.max(needed, this.firsts.length * 2, 1024);
    const [first, last] = [new Float64Array(size).fill(Infinity), new Float64Array(size).fill(-Infinity)];
    first.set(this.firsts);
    last.set(this.lasts);
    this.firsts = first;
    this.lasts = last;
  }
}
