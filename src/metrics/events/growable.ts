// Append-only typed arrays for per-order records: 4 or 8 bytes a value,
// growing by half again, instead of JS arrays of boxed or tagged numbers.

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

  append(other: Int32List): void {
    for (let i = 0; i < other.length; i++) this.push(other.values[i]);
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

  append(other: Float64List): void {
    for (let i = 0; i < other.length; i++) this.push(other.values[i]);
  }

  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}
