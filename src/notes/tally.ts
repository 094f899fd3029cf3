import { formatLocation, type DataLocation } from '../errors.js';

// Counts repeated events (blank cells, bad values, skipped rows) under one
// message each, keeping where the first ones happened: "37 rows had a
// non-numeric reach, first at posts.csv:14".

/** Says what happened, given how often: (3) => '3 blank "likes" cells counted as 0'. */
export type Describe = (count: number) => string;

/**
 * How a problem is fixed. Leaving the rows out with --skip-invalid is the
 * fix of a few bad cells; where it would give a wrong figure (answers on
 * another scale, dates without a year), the problem names the option that
 * reads the rows right and stops even with --skip-invalid.
 */
export interface Fix {
  /** Said under the error; computed when the error is written, so it can use all the rows. */
  hint: () => string;
  /** Whether --skip-invalid may leave these rows out. */
  skippable: boolean;
}

interface Entry {
  count: number;
  first: DataLocation[];
  describe: Describe;
  fix: Fix | undefined;
}

const KEEP_FIRST = 3;

export class Tally {
  private readonly entries = new Map<string, Entry>();
  /** The key added last and its entry: a note a row (a fallback's, on most lines of GA4's export) is one compare, not a lookup. */
  private lastKey: string | undefined;
  private lastEntry: Entry | undefined;

  add(key: string, describe: Describe, at: () => DataLocation, fix?: Fix): void {
    let entry = key === this.lastKey ? this.lastEntry : this.entries.get(key);
    if (entry === undefined) {
      entry = { count: 0, first: [], describe, fix };
      this.entries.set(key, entry);
    }
    this.lastKey = key;
    this.lastEntry = entry;
    entry.count++;
    if (entry.first.length < KEEP_FIRST) entry.first.push(at());
  }

  get size(): number {
    return this.entries.size;
  }

  /** How many times anything was added: for problems, the rows they left out (a row stops at its first). */
  get total(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.count;
    return total;
  }

  messages(only?: (fix: Fix | undefined) => boolean): string[] {
    return [...this.entries.values()].filter((entry) => only === undefined || only(entry.fix)).map((entry) => {
      const where = entry.first
        .map((at, i) => (i > 0 && at.file === entry.first[i - 1].file && at.line !== undefined ? String(at.line) : formatLocation({ ...at, column: undefined })))
        .join(', ');
      const more = entry.count > entry.first.length ? ', …' : '';
      return `${entry.describe(entry.count)} (at ${where}${more})`;
    });
  }

  /** Each entry's key and count: what a part read on another thread adds to the whole's (see addCounts). */
  counts(): [string, number][] {
    return [...this.entries].map(([key, entry]) => [key, entry.count]);
  }

  /** Whether every entry has all the first places it shows: later rows then add to the counts alone. */
  get settled(): boolean {
    for (const entry of this.entries.values()) if (entry.first.length < KEEP_FIRST) return false;
    return true;
  }

  /**
   * Adds the counts of a later part of the same file, whose places would come after these:
   * false, adding nothing, unless every key is here already with all its first places.
   */
  addCounts(counts: readonly [string, number][]): boolean {
    if (!counts.every(([key]) => (this.entries.get(key)?.first.length ?? 0) >= KEEP_FIRST)) return false;
    for (const [key, count] of counts) this.entries.get(key)!.count += count;
    return true;
  }

  /** The fixes of the problems, each once; undefined stands for problems with no fix of their own. */
  fixes(): (Fix | undefined)[] {
    return [...this.entries.values()].map((entry) => entry.fix);
  }
}
