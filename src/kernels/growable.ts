// Append-only typed arrays for per-event records: 4 or 8 bytes a value,
// instead of JS arrays of boxed or tagged numbers.
//
// Touching fresh memory is what costs here, not copying: on the machines we
// measure on, writing 80 MB of newly allocated pages takes about 0.3 s,
// writing them again 0.01 s. Growing by copying into a bigger array touches
// about three times the final size; so a list that grows past RESIZABLE_FROM
// values moves once into a resizable ArrayBuffer, which grows in place and
// touches each page once. Small lists (a group's few events) stay plain and
// reserve no address space.
//
// Two classes, not one generic: a push that stores into both Int32Array and
// Float64Array would be polymorphic at its one store, which made it the
// hottest line of a funnel over 10 million events.

/** Values a list holds before it moves to a resizable buffer. */
const RESIZABLE_FROM = 1 << 16;
/** The largest resizable buffer Node 20 reserves (2 GiB); past it a list grows by copying again. */
const MAX_RESIZABLE_BYTES = 2 ** 31;

/**
 * A buffer for at least `needed` values of `size` bytes each, starting with
 * the `used` values of `values`: its own buffer grown in place when that can
 * grow, else a new one (resizable once the list is large).
 */
function grownBuffer(values: Int32Array | Float64Array, used: number, needed: number, size: number): ArrayBuffer {
  const old = values.buffer;
  const wanted = Math.max(needed, values.length + (values.length >> 1)) * size;
  if (old instanceof ArrayBuffer && old.resizable && values.byteOffset === 0 && needed * size <= old.maxByteLength) {
    old.resize(Math.min(old.maxByteLength, Math.max(wanted, 2 * old.byteLength)));
    return old;
  }
  const resizable = needed >= RESIZABLE_FROM && needed * size <= MAX_RESIZABLE_BYTES;
  const buffer = resizable ? new ArrayBuffer(Math.min(wanted, MAX_RESIZABLE_BYTES), { maxByteLength: MAX_RESIZABLE_BYTES }) : new ArrayBuffer(wanted);
  new Uint8Array(buffer).set(new Uint8Array(old, values.byteOffset, used * size));
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
