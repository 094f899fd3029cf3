// A list of doubles kept as a few typed-array parts: 8 bytes a value, no
// large reallocations, and merge() takes the other list's parts by reference
// instead of copying them. It is a multiset: median() reorders values in place.

// Small parts waste little when there are many groups; selection works over any number of them.
const PART_SIZE = 8192;

export class FloatList {
  /** Sealed parts: full, or taken over from merged lists; never written again except reordered. */
  private readonly parts: Float64Array[] = [];
  private current = new Float64Array(256);
  private fill = 0;
  length = 0;

  push(value: number): void {
    if (this.fill === this.current.length) this.grow();
    this.current[this.fill++] = value;
    this.length++;
  }

  private grow(): void {
    if (this.current.length < PART_SIZE) {
      const grown = new Float64Array(this.current.length * 2);
      grown.set(this.current);
      this.current = grown;
    } else {
      this.parts.push(this.current);
      this.current = new Float64Array(PART_SIZE);
      this.fill = 0;
    }
  }

  /** Takes the other list's values; the other list may go on being used. */
  append(other: FloatList): void {
    other.seal();
    for (const part of other.parts) this.parts.push(part);
    this.length += other.length;
  }

  /** Moves the partly filled buffer into the sealed parts, so it can be shared. */
  private seal(): void {
    if (this.fill === 0) return;
    this.parts.push(this.current.subarray(0, this.fill));
    this.current = new Float64Array(256);
    this.fill = 0;
  }

  /** Median of the values, or null when there are none; O(n) by selection, no copy. */
  median(): number | null {
    const n = this.length;
    if (n === 0) return null;
    this.seal();
    const { value, below } = n >= RADIX_MIN ? (kthByRadix(this.parts, n >> 1) ?? kthSmallest(this.parts, n >> 1)) : kthSmallest(this.parts, n >> 1);
    return n % 2 === 1 ? value : (below + value) / 2;
  }
}

/** From this many values on, the k-th value is found by radix selection (kthByRadix). */
const RADIX_MIN = 4096;

/** Histogram buckets of kthByRadix: 2¹² counters (16 KB, cleared per median), a few values each. */
const RADIX_BITS = 12;
const histogram = new Int32Array(1 << RADIX_BITS);
/** The index of a double's high word among its two 32-bit words. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * A double's high word (as a signed 32-bit integer) as a key that orders as
 * the doubles do: a positive double's word grows with it; a negative's
 * grows with its magnitude, so its other bits are flipped. Keys stay
 * 32-bit integers, which the engine keeps unboxed from the first call.
 */
function keyOf(high: number): number {
  return high < 0 ? high ^ 0x7fffffff : high;
}

function highWords(part: Float64Array): Int32Array {
  return new Int32Array(part.buffer, part.byteOffset, part.length * 2);
}

/**
 * The values inside the k-th value's bucket, kept in one buffer for every
 * median: a new one a median cost more than the pass itself (fresh pages
 * are slow to first write here).
 */
let scratch = new Float64Array(0);

/**
 * The k-th smallest value and the (k−1)-th, by radix selection on the
 * values' high words: one pass for the keys' range, one counting each
 * value's bucket among 4,096 spread over that range, one copying out the
 * few values of the k-th value's bucket, where quickselect finishes. Each
 * pass is a loop without a branch that random data mispredicts: the
 * sample-and-bracket selection before it compared every value against two
 * bounds and took 80–110 ms for 2M values in 121 groups. Undefined when a
 * value is NaN (the caller's quickselect decides).
 */
export function kthByRadix(parts: Float64Array[], k: number): { value: number; below: number } | undefined {
  let low = 0x7fffffff;
  let high = -0x80000000;
  for (const part of parts) {
    const words = highWords(part);
    for (let i = 0; i < part.length; i++) {
      if (part[i] !== part[i]) return undefined;
      const key = keyOf(words[2 * i + HIGH]);
      if (key < low) low = key;
      if (key > high) high = key;
    }
  }
  const shift = Math.max(0, 32 - Math.clz32(high - low) - RADIX_BITS);
  histogram.fill(0, 0, ((high - low) >>> shift) + 1);
  for (const part of parts) {
    const words = highWords(part);
    for (let i = 0; i < part.length; i++) histogram[(keyOf(words[2 * i + HIGH]) - low) >>> shift]++;
  }
  let less = 0;
  let bucket = 0;
  while (less + histogram[bucket] <= k) less += histogram[bucket++];
  // Room for one more: the pass writes every value at the next free place.
  if (scratch.length <= histogram[bucket]) scratch = new Float64Array(Math.max(1024, 2 * histogram[bucket]));
  const inside = scratch;
  let kept = 0;
  for (const part of parts) {
    const words = highWords(part);
    for (let i = 0; i < part.length; i++) {
      // Written always, kept when in the bucket: no branch.
      inside[kept] = part[i];
      kept += ((keyOf(words[2 * i + HIGH]) - low) >>> shift) === bucket ? 1 : 0;
    }
  }
  const found = kthSmallest([inside.subarray(0, kept)], k - less);
  return { value: found.value, below: k === less ? largestBelow(parts, low, shift, bucket) : found.below };
}

/** The largest value in a bucket below `bucket`: the (k−1)-th when the k-th is its bucket's smallest. */
function largestBelow(parts: Float64Array[], low: number, shift: number, bucket: number): number {
  let largest = Number.NEGATIVE_INFINITY;
  for (const part of parts) {
    const words = highWords(part);
    for (let i = 0; i < part.length; i++) if (((keyOf(words[2 * i + HIGH]) - low) >>> shift) < bucket && part[i] > largest) largest = part[i];
  }
  return largest;
}

/**
 * The k-th smallest value (0-based) over several arrays, by quickselect with
 * a three-way partition of each array's active window, and the (k−1)-th
 * (`below`, for the median of an even count) found on the way. Expected
 * O(n); the arrays are reordered in place.
 */
function kthSmallest(parts: Float64Array[], k: number): { value: number; below: number } {
  // The largest value known to rank below k: pivots and partitions discarded to the left.
  let below = Number.NEGATIVE_INFINITY;
  const low = parts.map(() => 0);
  const high = parts.map((part) => part.length);
  let remaining = high.reduce((sum, h) => sum + h, 0);
  let seed = 0x9e3779b9;
  for (;;) {
    // A pseudo-random pivot among the active values keeps sorted input from being the worst case.
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    let pick = Math.floor((seed / 4294967296) * remaining);
    let pivot = 0;
    for (let p = 0; p < parts.length; p++) {
      const size = high[p] - low[p];
      if (pick < size) {
        pivot = parts[p][low[p] + pick];
        break;
      }
      pick -= size;
    }
    let less = 0;
    let equal = 0;
    let maxLess = Number.NEGATIVE_INFINITY;
    const lessEnd: number[] = new Array(parts.length);
    const equalEnd: number[] = new Array(parts.length);
    for (let p = 0; p < parts.length; p++) {
      const values = parts[p];
      let lt = low[p];
      let i = low[p];
      let gt = high[p];
      while (i < gt) {
        const value = values[i];
        if (value < pivot) {
          if (value > maxLess) maxLess = value;
          values[i] = values[lt];
          values[lt++] = value;
          i++;
        } else if (value > pivot) {
          values[i] = values[--gt];
          values[gt] = value;
        } else i++;
      }
      lessEnd[p] = lt;
      equalEnd[p] = gt;
      less += lt - low[p];
      equal += gt - lt;
    }
    if (k < less) {
      for (let p = 0; p < parts.length; p++) high[p] = lessEnd[p];
      remaining = less;
    } else if (k < less + equal) {
      // With an equal value ranked before k, the (k−1)-th is the pivot itself.
      if (k > less) return { value: pivot, below: pivot };
      return { value: pivot, below: maxLess > below ? maxLess : below };
    } else {
      below = pivot;
      for (let p = 0; p < parts.length; p++) low[p] = equalEnd[p];
      k -= less + equal;
      remaining -= less + equal;
    }
  }
}

/**
 * An exact sum (Shewchuk's partials, as Python's math.fsum): the value is the
 * correctly rounded sum of every number added, whatever their order and
 * however the sums of parts are merged, so that a file read by several
 * threads gives the very digits one thread gives.
 */
export class CompensatedSum {
  /** Non-overlapping partial sums, smallest magnitude first; their exact total is the sum. */
  private partials: number[] = [0];
  /** How many of the partials are in use (the array is not shrunk: resizing it costs more than the sum). */
  private used = 0;

  add(value: number): void {
    const partials = this.partials;
    let x = value;
    let kept = 0;
    for (let j = 0; j < this.used; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const high = x + y;
      const low = y - (high - x);
      if (low !== 0) partials[kept++] = low;
      x = high;
    }
    partials[kept] = x;
    this.used = kept + 1;
  }

  /** Back to zero, to sum again without a new object (a sum a customer, a million customers). */
  reset(): void {
    this.used = 0;
  }

  merge(other: CompensatedSum): void {
    for (let j = 0; j < other.used; j++) this.add(other.partials[j]);
  }

  /** The partials in use: the sum as data, to cross to another thread. */
  toPartials(): number[] {
    return this.partials.slice(0, this.used);
  }

  static fromPartials(partials: readonly number[]): CompensatedSum {
    const sum = new CompensatedSum();
    sum.partials = [...partials, 0];
    sum.used = partials.length;
    return sum;
  }

  value(): number {
    const partials = this.partials;
    let n = this.used;
    if (n === 0) return 0;
    let high = partials[--n];
    let low = 0;
    while (n > 0) {
      const x = high;
      const y = partials[--n];
      high = x + y;
      low = y - (high - x);
      if (low !== 0) break;
    }
    // Round half to even when the rest of the partials push past the halfway point.
    if (n > 0 && ((low < 0 && partials[n - 1] < 0) || (low > 0 && partials[n - 1] > 0))) {
      const y = low * 2;
      const x = high + y;
      if (y === x - high) high = x;
    }
    return high;
  }
}
