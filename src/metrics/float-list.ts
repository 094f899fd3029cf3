// A growable list of doubles: 8 bytes a value instead of a boxed array slot.
export class FloatList {
  private values = new Float64Array(16);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  append(other: FloatList): void {
    for (let i = 0; i < other.length; i++) this.push(other.values[i]);
  }

  /** Median of the values, or null when there are none. */
  median(): number | null {
    if (this.length === 0) return null;
    const sorted = this.values.slice(0, this.length).sort();
    const middle = this.length >> 1;
    return this.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}

/** Neumaier's compensated sum: the mean of many rates stays exact to the last digits whatever the merge order. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const total = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - total + value;
    else this.compensation += value - total + this.sum;
    this.sum = total;
  }

  merge(other: CompensatedSum): void {
    this.add(other.sum);
    this.add(other.compensation);
  }

  value(): number {
    return this.sum + this.compensation;
  }
}
