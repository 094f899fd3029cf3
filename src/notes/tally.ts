import { formatLocation, type DataLocation } from '../errors.js';

// Counts repeated events (blank cells, bad values, skipped rows) under one
// message each, keeping where the first ones happened: "37 rows had a
// non-numeric reach, first at posts.csv:14".

/** Says what happened, given how often: (3) => '3 blank "likes" cells counted as 0'. */
export type Describe = (count: number) => string;

interface Entry {
  count: number;
  first: DataLocation[];
  describe: Describe;
}

const KEEP_FIRST = 3;

export class Tally {
  private readonly entries = new Map<string, Entry>();

  add(key: string, describe: Describe, at: () => DataLocation): void {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { count: 0, first: [], describe };
      this.entries.set(key, entry);
    }
    entry.count++;
    if (entry.first.length < KEEP_FIRST) entry.first.push(at());
  }

  messages(): string[] {
    return [...this.entries.values()].map((entry) => {
      const where = entry.first
        .map((at, i) => (i > 0 && at.file === entry.first[i - 1].file && at.line !== undefined ? String(at.line) : formatLocation({ ...at, column: undefined })))
        .join(', ');
      const more = entry.count > entry.first.length ? ', …' : '';
      return `${entry.describe(entry.count)} (at ${where}${more})`;
    });
  }
}
