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

/** A key's first digit, its top 16 bits with the sign's flipped: digits order as the keys do. */
function topDigit(key: number): number {
  return (key >>> 16) ^ 0x8000;
}

/** A key's second digit, its low 16 bits: among keys of one top digit, they order as the keys do. */
function lowDigit(key: number): number {
  return key & 0xffff;
}

function highWords(part: Float64Array): Int32Array {
  return new Int32Array(part.buffer, part.byteOffset, part.length * 2);
}

/**
 * Values counted by digit (2¹⁶ counters), the range of digits written
 * ([lowest, highest]) and, after a NaN, a flag: cleared over that range only
 * after each use, as most medians touch a few hundred digits.
 */
const histogram = new Int32Array(1 << 16);
const written = new Int32Array(3);

/**
 * The values inside the k-th value's bucket, kept in one buffer for every
 * median: a new one a median cost more than the pass itself (fresh pages
 * are slow to first write here).
 */
let scratch = new Float64Array(0);

/**
 * The k-th smallest value and the (k−1)-th, by radix selection on the
 * values' high words, 16 bits at a time: one pass counts every value's top
 * digit, one copies out the values of the k-th value's digit (a few in a
 * hundred of engagement rates: 16 buckets a power of two); over those, the
 * same for the low digit, and quickselect finishes among the few values
 * left, which share their high word. Each pass is a loop without a branch
 * that random data mispredicts. Before, a pass for the keys' range spread
 * 4,096 buckets over it, and quickselect finished in a bucket of 96,000 of
 * the bench's 2M rates: 29–33 ms for that median, 7 in the quickselect.
 * Undefined when a value is NaN (the caller's quickselect decides).
 */
export function kthByRadix(parts: Float64Array[], k: number): { value: number; below: number } | undefined {
  startCounting();
  for (const part of parts) countDigits(part, part.length, true);
  if (written[2] === 1) {
    clearCounts();
    return undefined;
  }
  const top = digitOf(k);
  clearCounts();
  // Room for one more: copyTopDigit writes every value at the next free place.
  if (scratch.length <= top.count) scratch = new Float64Array(Math.max(1024, 2 * top.count));
  let kept = 0;
  for (const part of parts) kept = copyTopDigit(part, top.digit, scratch, kept);
  // The same over the low digit, among the values copied.
  startCounting();
  countDigits(scratch, kept, false);
  const low = digitOf(k - top.less);
  clearCounts();
  const { count: left, largestBelow: belowLow } = keepLowDigit(scratch, kept, low.digit);
  const rank = k - top.less - low.less;
  const found = kthSmallest([scratch.subarray(0, left)], rank);
  if (rank > 0) return { value: found.value, below: found.below };
  // The k-th is the smallest of its bucket: the (k−1)-th is the largest value below it, in the top digit's bucket or before it.
  return { value: found.value, below: low.less > 0 ? belowLow : largestBelowTop(parts, top.digit) };
}

function startCounting(): void {
  written[0] = 0xffff;
  written[1] = 0;
  written[2] = 0;
}

function clearCounts(): void {
  if (written[2] === 1) histogram.fill(0);
  else if (written[0] <= written[1]) histogram.fill(0, written[0], written[1] + 1);
}

/** The digit holding the k-th value counted (0-based), how many values are in lower digits, and how many in it. */
function digitOf(k: number): { digit: number; less: number; count: number } {
  let less = 0;
  let digit = written[0];
  while (less + histogram[digit] <= k) less += histogram[digit++];
  return { digit, less, count: histogram[digit] };
}

/**
 * Counts the first `count` values by digit: the top one (topDigit) or, among
 * values of one top digit, the low one (lowDigit). A NaN sets the flag.
 */
function countDigits(values: Float64Array, count: number, top: boolean): void {
  const words = highWords(values);
  const [digitShift, digitFlip] = top ? [16, 0x8000] : [0, 0];
  let lowest = written[0];
  let highest = written[1];
  for (let i = 0; i < count; i++) {
    if (values[i] !== values[i]) written[2] = 1;
    const digit = ((keyOf(words[2 * i + HIGH]) >>> digitShift) & 0xffff) ^ digitFlip;
    histogram[digit]++;
    lowest = Math.min(lowest, digit);
    highest = Math.max(highest, digit);
  }
  written[0] = lowest;
  written[1] = highest;
}

/** The part's values of top digit `digit` written to `inside` from `kept` on; the count after them. */
function copyTopDigit(part: Float64Array, digit: number, inside: Float64Array, kept: number): number {
  const words = highWords(part);
  for (let i = 0; i < part.length; i++) {
    // Written always, kept when of the digit: no branch. `inside` has room for one more.
    inside[kept] = part[i];
    kept += topDigit(keyOf(words[2 * i + HIGH])) === digit ? 1 : 0;
  }
  return kept;
}

/** The first `count` values of low digit `digit` moved to the front, how many, and the largest of a lower digit. */
function keepLowDigit(values: Float64Array, count: number, digit: number): { count: number; largestBelow: number } {
  const words = highWords(values);
  let kept = 0;
  let largestBelow = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    const own = lowDigit(keyOf(words[2 * i + HIGH]));
    if (own < digit && value > largestBelow) largestBelow = value;
    // Written behind the reading (kept ≤ i).
    values[kept] = value;
    kept += own === digit ? 1 : 0;
  }
  return { count: kept, largestBelow };
}

/** The largest value of a lower top digit than `digit`: the (k−1)-th when the k-th is its digit's smallest. */
function largestBelowTop(parts: Float64Array[], digit: number): number {
  let largest = Number.NEGATIVE_INFINITY;
  for (const part of parts) {
    const words = highWords(part);
    for (let i = 0; i < part.length; i++) if (topDigit(keyOf(words[2 * i + HIGH])) < digit && part[i] > largest) largest = part[i];
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
