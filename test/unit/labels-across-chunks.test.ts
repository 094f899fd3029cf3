import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRows, engage, tempDir } from '../helpers/cli.js';

// Event names are found by their bytes (cell-labels.ts), and those bytes are
// a read chunk's, which later chunks are read into. A file of 64-byte lines
// puts a name at the same place of every 256 KB chunk, and the names are all
// six bytes: a label that kept a view of the chunk, not a copy, saw another
// name there four chunks on, and took that name's rows for its own. The
// funnel's counts here are worked out by a walk of the rows in this test.

const NAMES = ['signup', 'viewed', 'bought', 'cancel'];
const DAY = 86_400_000;
const LINE = 64;

/** A line of exactly 64 bytes: the customer, the instant, the name, and padding. */
function line(customer: number, time: number, name: string): string {
  const text = `cu${String(customer).padStart(5, '0')},${new Date(time).toISOString().slice(0, 19)}Z,${name},`;
  return `${text.padEnd(LINE - 1, 'x')}\n`;
}

describe('event names read across many chunks', () => {
  it('a funnel over 5 MB of fixed-width lines counts what a walk of its rows counts', async () => {
    const start = Date.UTC(2024, 0, 1);
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rows = Array.from({ length: 80_000 }, () => ({ customer: Math.floor(next() * 3000), time: start + Math.floor(next() * 60 * DAY / 1000) * 1000, name: NAMES[Math.floor(next() * NAMES.length)] }));
    const path = join(tempDir(), 'events.csv');
    writeFileSync(path, `${'customer_id,timestamp,event,note'.padEnd(LINE - 1, ' ')}\n${rows.map((r) => line(r.customer, r.time, r.name)).join('')}`);

    // The walk: each customer's first signup, the first viewed within 7 days of it, then the first bought after that within the window.
    const reached = [0, 0, 0];
    const byCustomer = new Map<number, typeof rows>();
    for (const row of rows) byCustomer.set(row.customer, [...(byCustomer.get(row.customer) ?? []), row]);
    for (const events of byCustomer.values()) {
      const times = (name: string) => events.filter((e) => e.name === name).map((e) => e.time);
      const first = Math.min(...times('signup'));
      if (!Number.isFinite(first)) continue;
      reached[0]++;
      const viewed = Math.min(...times('viewed').filter((t) => t >= first && t <= first + 7 * DAY));
      if (!Number.isFinite(viewed)) continue;
      reached[1]++;
      if (times('bought').some((t) => t >= viewed && t <= first + 7 * DAY)) reached[2]++;
    }
    expect(reached[2]).toBeGreaterThan(0);

    for (const threads of ['1', '2']) {
      const result = await engage(['funnel', path, '--steps', 'signup,viewed,bought', '--window', '7d', '--threads', threads, '--format', 'csv']);
      expect(result.code, result.stderr).toBe(0);
      expect(csvRows(result.stdout).map((row) => Number(row.customers)), `--threads ${threads}`).toEqual(reached);
    }
  });
});
