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
    const { value, below } = n >= SAMPLED_MIN ? (kthBySample(this.parts, n, n >> 1) ?? kthSmallest(this.parts, n >> 1)) : kthSmallest(this.parts, n >> 1);
    return n % 2 === 1 ? value : (below + value) / 2;
  }
}

/** From this many values on, a sample brackets the k-th value and one pass finds it (Floyd and Rivest's idea). */
const SAMPLED_MIN = 4096;

/**
 * The values inside the sample's bracket, kept in one buffer for every
 * median: a new one a median cost more than the pass itself (fresh pages
 * are slow to first write here: 121 medians of 16,600 values, 48 ms with a
 * buffer each, 11 ms with this one).
 */
let scratch = new Float64Array(0);

function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(size);
  return scratch;
}

/** The scratch buffer twice as large, its first `kept` values kept. */
function grownScratch(kept: number): Float64Array {
  const grown = new Float64Array(scratch.length * 2);
  grown.set(scratch.subarray(0, kept));
  scratch = grown;
  return grown;
}

/**
 * The k-th smallest value and the (k−1)-th, found by sampling: the sample's
 * order statistics around k's rank bracket the k-th value with high
 * probability; one pass counts the values below and above the bracket and
 * keeps those inside it (a few percent), where quickselect finishes.
 * Undefined in the rare case the bracket missed (the caller selects in full).
 * About one comparison pass over the values instead of quickselect's three.
 */
export function kthBySample(parts: Float64Array[], n: number, k: number, spread = 3): { value: number; below: number } | undefined {
  const starts: number[] = [];
  let total = 0;
  for (const part of parts) {
    starts.push(total);
    total += part.length;
  }
  const size = Math.min(n, Math.round(Math.cbrt(n) ** 2));
  const sample = new Float64Array(size);
  let seed = 0x2545f491;
  for (let i = 0; i < size; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const at = Math.floor((seed / 4294967296) * n);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    sample[i] = parts[lo][at - starts[lo]];
  }
  sample.sort();
  // `spread` standard deviations of the sample rank either side of k's rank (tests narrow it to miss).
  const rank = Math.floor((k * size) / n);
  const gap = Math.ceil(spread * Math.sqrt(size));
  const low = rank - gap < 0 ? Number.NEGATIVE_INFINITY : sample[rank - gap];
  const high = rank + gap >= size ? Number.POSITIVE_INFINITY : sample[rank + gap];
  let less = 0;
  let greater = 0;
  let maxLess = Number.NEGATIVE_INFINITY;
  let inside = scratchOf(Math.max(1024, 4 * Math.ceil((n * 2 * gap) / size)));
  let kept = 0;
  for (const values of parts) {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value < low) {
        less++;
        if (value > maxLess) maxLess = value;
      } else if (value > high) greater++;
      else {
        if (kept === inside.length) inside = grownScratch(kept);
        inside[kept++] = value;
      }
    }
  }
  if (k < less || k >= n - greater) return undefined;
  const found = kthSmallest([inside.subarray(0, kept)], k - less);
  return { value: found.value, below: k === less ? maxLess : found.below };
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
