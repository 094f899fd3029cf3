// Append-only typed arrays for per-event records: 4 or 8 bytes a value,
// instead of JS arrays of boxed or tagged numbers.
//
// A list past GROW_WIDE_FROM values grows sixteenfold, into memory taken
// uninitialized (Buffer.allocUnsafeSlow: values past the length are never
// read), whose pages the kernel maps only as they are first written: a list
// of 5M values grows twice past 65,536 (to 1M, then 16M), and its pages are
// written about once, by the copy or the push.
//
// Not a resizable ArrayBuffer grown in place, as before: V8 (Node 20) reads
// and writes a typed array over one more slowly than over a plain buffer (in
// isolation, 10M writes and 10M reads 35–39 ms against 19–22), and a list
// that moved to one made its push site see two kinds of array. A funnel over
// 10M events: 1.287 s → 1.217 s (median of 10, alternating). The factor is
// measured, not derived: fourfold in zeroed memory (new ArrayBuffer) was
// level with the resizable buffer (its step passes ~30 ms quicker, its read
// ~90 ms slower, traced), fourfold uninitialized 1.276 s, 64-fold 1.277 s and
// 36 MB more peak memory.
//
// Two classes, not one generic: a push that stores into both Int32Array and
// Float64Array would be polymorphic at its one store, which made it the
// hottest line of a funnel over 10 million events.

/** Values a list holds before it grows sixteenfold rather than twofold. */
const GROW_WIDE_FROM = 1 << 16;
/** The most a list reserves at once (2 GiB); past it a list grows only as far as it needs. */
const MAX_RESERVED_BYTES = 2 ** 31;

/** A buffer for at least `needed` values of `size` bytes each, starting with the `used` values of `values`; past them, its bytes are not set. */
function grownBuffer(values: Int32Array | Float64Array, used: number, needed: number, size: number): ArrayBuffer {
  const growth = values.length * (values.length >= GROW_WIDE_FROM ? 16 : 2);
  const buffer = Buffer.allocUnsafeSlow(Math.max(needed, Math.min(growth, MAX_RESERVED_BYTES / size)) * size).buffer;
  new Uint8Array(buffer).set(new Uint8Array(values.buffer, values.byteOffset, used * size));
  return buffer;
}

export class Int32List {
  private values = new Int32Array(256);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) this.grow(this.length + 1);
    this.values[this.length++] = value;
  }

  /** Another list's values after this one's, copied at once (a part's log joins the whole's). */
  append(other: Int32List): void {
    const length = this.length + other.length;
    if (length > this.values.length) this.grow(length);
    this.values.set(other.values.subarray(0, other.length), this.length);
    this.length = length;
  }

  view(): Int32Array {
    return this.values.subarray(0, this.length);
  }

  private grow(needed: number): void {
    const buffer = grownBuffer(this.values, this.length, needed, 4);
    this.values = new Int32Array(buffer, 0, buffer.byteLength / 4);
  }
}

export class Float64List {
  private values = new Float64Array(256);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) this.grow(this.length + 1);
    this.values[this.length++] = value;
  }

  /** Another list's values after this one's, copied at once (a part's log joins the whole's). */
  append(other: Float64List): void {
    const length = this.length + other.length;
    if (length > this.values.length) this.grow(length);
    this.values.set(other.values.subarray(0, other.length), this.length);
    this.length = length;
  }

  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }

  private grow(needed: number): void {
    const buffer = grownBuffer(this.values, this.length, needed, 8);
    this.values = new Float64Array(buffer, 0, buffer.byteLength / 8);
  }
}

/** Renumbers the customer indexes in a list: local customer i becomes mapping[i] (a part read on another thread). */
export function remapIndexes(list: Int32List, mapping: Int32Array): void {
  const values = list.view();
  for (let i = 0; i < values.length; i++) values[i] = mapping[values[i]];
}
