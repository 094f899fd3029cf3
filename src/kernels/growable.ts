// Append-only typed arrays for per-order records: 4 or 8 bytes a value,
// growing by half again, instead of JS arrays of boxed or tagged numbers.

type Typed = Int32Array | Float64Array;

class TypedList<T extends Typed> {
  private values: T;
  length = 0;

  constructor(private readonly make: (size: number) => T) {
    this.values = make(256);
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = this.make(this.values.length + (this.values.length >> 1));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  append(other: TypedList<T>): void {
    for (let i = 0; i < other.length; i++) this.push(other.values[i]);
  }

  view(): T {
    return this.values.subarray(0, this.length) as T;
  }
}

export class Int32List extends TypedList<Int32Array> {
  constructor() {
    super((size) => new Int32Array(size));
  }
}

export class Float64List extends TypedList<Float64Array> {
  constructor() {
    super((size) => new Float64Array(size));
  }
}

/** Renumbers the customer indexes in a list: local customer i becomes mapping[i] (a part read on another thread). */
export function remapIndexes(list: Int32List, mapping: Int32Array): void {
  const values = list.view();
  for (let i = 0; i < values.length; i++) values[i] = mapping[values[i]];
}
