import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// retention --mrr (subscription-revenue.md "Revenue retention cohorts"):
// hand-worked cohorts of a few customers.

const cohorts = (lines: string[], options: Record<string, unknown> = {}) =>
  runEvents('retention', ['customer_id,subscription_id,timestamp,event,amount', ...lines].join('\n'), { mrr: true, until: '2026-05-01', ...options });

const LOG = [
  // January's cohort: a at 100, b at 50, c paying only inside January (no starting MRR).
  'a,s1,2026-01-05T00:00:00Z,start,100', 'b,s2,2026-01-06T00:00:00Z,start,50', 'c,s3,2026-01-07T00:00:00Z,start,30', 'c,s3,2026-01-20T00:00:00Z,cancel,',
  // February: a up to 150, b cancels; d pays only inside February.
  'a,s1,2026-02-03T00:00:00Z,upgrade,150', 'b,s2,2026-02-10T00:00:00Z,cancel,', 'd,s4,2026-02-03T00:00:00Z,start,20', 'd,s4,2026-02-10T00:00:00Z,cancel,',
  // March: a down to 60, b back at 80 (reactivation). April: a up to 120.
  'a,s1,2026-03-03T00:00:00Z,downgrade,60', 'b,s5,2026-03-04T00:00:00Z,start,80', 'a,s1,2026-04-03T00:00:00Z,upgrade,120',
];

describe('retention --mrr', () => {
  it('NRR: the cohort’s MRR at the end of each period over its MRR at the end of its first; expansion and reactivation raise it', async () => {
    const { rows, table } = await cohorts(LOG);
    expect(table.columns.map((c) => c.name)).toEqual(['cohort', 'customers', 'start_mrr', 'offset_0', 'offset_1', 'offset_2', 'offset_3', 'partial_offset']);
    const [january, february, all] = rows;
    // S = 150; February 150 / 150; March (60 + 80) / 150; April (120 + 80) / 150.
    expect([january.cohort, january.customers, january.start_mrr]).toEqual(['2026-01', 3, 150]);
    expect([january.offset_0, january.offset_1, january.offset_2, january.offset_3]).toEqual([1, 1, 140 / 150, 200 / 150]);
    // February's cohort had no MRR at its end: no cells.
    expect([february.cohort, february.customers, february.start_mrr, february.offset_0]).toEqual(['2026-02', 1, 0, null]);
    expect([all.cohort, all.customers, all.start_mrr, all.offset_3]).toEqual(['all', 4, 150, 200 / 150]);
  });

  it('GRR: each customer at most at their own starting MRR, as they stand at offset k (a fall and a recovery count at the recovery)', async () => {
    const [january] = (await cohorts(LOG, { gross: true })).rows;
    // February min(150, 100) + 0; March min(60, 100) + min(80, 50); April min(120, 100) + min(80, 50).
    expect([january.offset_0, january.offset_1, january.offset_2, january.offset_3]).toEqual([1, 100 / 150, 110 / 150, 1]);
  });

  it('--counts prints the MRR kept; the all row counts only cohorts whose period c+k has ended', async () => {
    const { rows, notes } = await cohorts([...LOG, 'e,s6,2026-04-02T00:00:00Z,start,40'], { counts: true, until: '2026-04-15' });
    const [january, , april, all] = rows;
    expect([january.offset_0, january.offset_1, january.offset_2, january.offset_3, january.partial_offset]).toEqual([150, 150, 140, 200, 3]);
    expect([april.cohort, april.start_mrr, april.offset_0, april.partial_offset]).toEqual(['2026-04', 40, 40, 0]);
    // April has not ended: offset 0 of all sums January and February only; offset 3 has no complete cohort.
    expect([all.offset_0, all.offset_2, all.offset_3]).toEqual([150, 140, null]);
    expect(notes.some((n) => n.startsWith('2026-04 is partial'))).toBe(true);
  });

  it('options with nothing to act on are errors', async () => {
    expect((await failure(runEvents('retention', 'customer_id,timestamp,event\na,2026-01-01,visit', { gross: true }))).message).toContain('--gross reads revenue retention: use it with --mrr');
    const error = await failure(cohorts(LOG, { startEvents: ['start'], mean: 'simple' }));
    expect(error.message).toContain('--start-event, --mean have nothing to act on with --mrr');
  });
});
