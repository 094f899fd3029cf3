import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// --list: the customers behind a figure, worked by hand.

// January: a, b, c10, c9; February: a, c9; March: b, c9.
const LOG = ['customer_id,date', 'a,2026-01-03', 'b,2026-01-04', 'c10,2026-01-05', 'c9,2026-01-06', 'a,2026-02-02', 'c9,2026-02-03', 'b,2026-03-04', 'c9,2026-03-05'].join('\n');
const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r.customer_id);

describe('--list', () => {
  it('retention COHORT:K: the cohort’s customers active at offset k (or later, --unbounded)', async () => {
    const { rows, table } = await runEvents('retention', LOG, { list: '2026-01:1', until: '2026-04-01' });
    expect(table.columns.map((c) => c.name)).toEqual(['customer_id', 'cohort', 'offset']);
    expect(rows).toEqual([
      { customer_id: 'a', cohort: '2026-01', offset: '1' },
      { customer_id: 'c9', cohort: '2026-01', offset: '1' },
    ]);
    expect(ids((await runEvents('retention', LOG, { list: '2026-01:1', unbounded: true })).rows)).toEqual(['a', 'b', 'c9']);
  });

  it('churn PERIOD: active the period before and not in it; ids sorted with numbers as numbers', async () => {
    expect(ids((await runEvents('churn', LOG, { list: '2026-02' })).rows)).toEqual(['b', 'c10']);
    expect(ids((await runEvents('churn', LOG, { list: '2026-03' })).rows)).toEqual(['a']);
    const numbered = 'customer_id,date\n10,2026-01-01\n9,2026-01-02\n100,2026-01-03\n9,2026-02-01\n';
    expect(ids((await runEvents('churn', numbered, { list: '2026-02' })).rows)).toEqual(['10', '100']);
  });

  it('funnel STEP and STEP:dropped', async () => {
    const funnel = readFileSync('fixtures/funnel.csv', 'utf8');
    const options = { steps: ['view', 'cart', 'purchase'], window: '7d' };
    // u1 and u5 buy within 7 days of the view; u2's purchase is 9 days after (drops after the cart); u3's cart is before its view.
    expect(ids((await runEvents('funnel', funnel, { ...options, list: 'purchase' })).rows)).toEqual(['u1', 'u5']);
    expect(ids((await runEvents('funnel', funnel, { ...options, list: '2' })).rows)).toEqual(['u1', 'u2', 'u5']);
    expect(ids((await runEvents('funnel', funnel, { ...options, list: 'cart:dropped' })).rows)).toEqual(['u2']);
    expect(ids((await runEvents('funnel', funnel, { ...options, list: 'view:dropped' })).rows)).toEqual(['u3']);
  });

  it('a cell that is not in the table is a usage error naming those that are', async () => {
    const error = await failure(runEvents('churn', LOG, { list: '2025-12' }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('--list "2025-12": no period after the first of that name in this table');
    expect(error.hints).toEqual(['one of: 2026-02, 2026-03']);
    expect((await failure(runEvents('retention', LOG, { list: 'January' }))).exitCode).toBe(2);
    expect((await failure(runEvents('funnel', LOG, { steps: ['a', 'b'], list: 'checkout' }))).exitCode).toBe(2);
  });
});
