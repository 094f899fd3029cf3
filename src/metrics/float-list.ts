// A growable list of doubles: 8 bytes a value instead of a boxed array slot.
// It is a multiset: median() may reorder the values in place.
export class FloatList {
  private values = new Float64Array(1024);
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
    const needed = this.length + other.length;
    if (needed > this.values.length) {
      const grown = new Float64Array(Math.max(needed, this.values.length * 2));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    this.values.set(other.values.subarray(0, other.length), this.length);
    this.length = needed;
  }

  /** Median of the values, or null when there are none; O(n) by selection, no copy. */
  median(): number | null {
    const n = this.length;
    if (n === 0) return null;
    const values = this.values;
    const upper = n >> 1;
    select(values, upper, 0, n - 1);
    if (n % 2 === 1) return values[upper];
    // After selecting, everything left of `upper` is ≤ it: the lower middle is their maximum.
    let lower = values[0];
    for (let i = 1; i < upper; i++) if (values[i] > lower) lower = values[i];
    return (lower + values[upper]) / 2;
  }
}

/** Hoare's selection (quickselect): puts the k-th smallest at index k. */
function select(values: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    // Median of three as the pivot keeps sorted input from being the worst case.
    const middle = (left + right) >> 1;
    const a = values[left];
    const b = values[middle];
    const c = values[right];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
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
