import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engage } from '../helpers/cli.js';

// An NDJSON file gives the table the same rows give as CSV, whatever the
// order of each object's keys and whichever keys an object leaves out (a
// missing key is a blank cell, as an empty CSV cell is), and whether a key
// is first seen on the first line or a later one. Each case is run through
// the whole CLI, both files read the same way a user's would be.

const COLUMNS = ['customer_id', 'timestamp', 'event', 'amount', 'country'] as const;

const row = fc.record({
  customer: fc.integer({ min: 1, max: 6 }),
  day: fc.integer({ min: 0, max: 90 }),
  event: fc.constantFrom('purchase', 'visit'),
  // undefined: the key is left out (a blank cell); amounts only on some rows, as in app logs.
  amount: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
  country: fc.option(fc.constantFrom('JP', 'US', 'DE'), { nil: undefined }),
  keyOrder: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
});

function isoDay(day: number): string {
  return new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

function values(r: Row): Record<(typeof COLUMNS)[number], string | number | undefined> {
  return { customer_id: `c${r.customer}`, timestamp: isoDay(r.day), event: r.event, amount: r.amount, country: r.country };
}

function csvOf(rows: Row[]): string {
  const lines = rows.map((r) => COLUMNS.map((c) => values(r)[c] ?? '').join(','));
  return [COLUMNS.join(','), ...lines].join('\n') + '\n';
}

function ndjsonOf(rows: Row[]): string {
  return rows
    .map((r) => {
      const v = values(r);
      // Keys in an order of the row's own; a missing value leaves its key out.
      const keys = [...COLUMNS].sort((a, b) => r.keyOrder[COLUMNS.indexOf(a)] - r.keyOrder[COLUMNS.indexOf(b)] || a.localeCompare(b));
      return JSON.stringify(Object.fromEntries(keys.filter((k) => v[k] !== undefined).map((k) => [k, v[k]])));
    })
    .join('\n');
}

const COMMANDS: string[][] = [
  ['repeat', '--group-by', 'country'],
  ['repeat', '--period', 'month'],
  ['retention', '--period', 'month', '--revenue'],
  ['churn', '--period', 'month'],
];

describe('NDJSON and CSV of the same rows', () => {
  it('give the same table for every key order and missing key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-ndjson-'));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), fc.constantFrom(...COMMANDS), async (rows, command) => {
        // Every file has each column somewhere, so both read the same header.
        const complete = [...rows, { customer: 1, day: 0, event: 'visit' as const, amount: 1, country: 'JP' as const, keyOrder: [4, 3, 2, 1, 0] }];
        writeFileSync(join(dir, 'events.csv'), csvOf(complete));
        writeFileSync(join(dir, 'events.json'), ndjsonOf(complete));
        const fromCsv = await engage([...command, join(dir, 'events.csv'), '--format', 'json', '--event', 'purchase']);
        const fromJson = await engage([...command, join(dir, 'events.json'), '--format', 'json', '--event', 'purchase']);
        // The same notes, at the same records: a CSV record's line is one more, for its header line.
        const csvNotes = fromCsv.stderr
          .replaceAll('events.csv', 'F')
          .replace(/F:([\d, …]+)/g, (_, lines: string) => `F:${lines.replace(/\d+/g, (line) => String(Number(line) - 1))}`);
        expect(fromJson.stderr.replaceAll('events.json', 'F')).toBe(csvNotes);
        expect(fromJson.code).toBe(fromCsv.code);
        const table = (out: string) => (out === '' ? undefined : JSON.parse(out).rows);
        expect(table(fromJson.stdout)).toEqual(table(fromCsv.stdout));
      }),
      { numRuns: 60 },
    );
  });
});
