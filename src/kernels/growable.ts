// Append-only typed arrays for per-event records: 4 or 8 bytes a value,
// growing by half again, instead of JS arrays of boxed or tagged numbers.
// Two classes, not one generic: a push that stores into both Int32Array and
// Float64Array would be polymorphic at its one store, which made it the
// hottest line of a funnel over 10 million events.

export class Int32List {
  private values = new Int32Array(256);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length + (this.values.length >> 1));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  /** Another list's values after this one's, copied at once (a part's log joins the whole's). */
  append(other: Int32List): void {
    const length = this.length + other.length;
    if (length > this.values.length) {
      const grown = new Int32Array(Math.max(length, this.values.length + (this.values.length >> 1)));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    this.values.set(other.values.subarray(0, other.length), this.length);
    this.length = length;
  }

  view(): Int32Array {
    return this.values.subarray(0, this.length);
  }
}

export class Float64List {
  private values = new Float64Array(256);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length + (this.values.length >> 1));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  /** Another list's values after this one's, copied at once (a part's log joins the whole's). */
  append(other: Float64List): void {
    const length = this.length + other.length;
    if (length > this.values.length) {
      const grown = new Float64Array(Math.max(length, this.values.length + (this.values.length >> 1)));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    this.values.set(other.values.subarray(0, other.length), this.length);
    this.length = length;
  }

  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/** Renumbers the customer indexes in a list: local customer i becomes mapping[i] (a part read on another thread). */
export function remapIndexes(list: Int32List, mapping: Int32Array): void {
  const values = list.view();
  for (let i = 0; i < values.length; i++) values[i] = mapping[values[i]];
}
