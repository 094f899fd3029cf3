import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { computeDocument, metricNamed } from '../../src/index.js';
import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// Billing exports of one row per subscription (subscription-revenue.md "Billing exports as
// native formats"), each in its vendor's documented columns, read by engage mrr and
// retention --mrr as the events they stand for. Figures hand-worked from the rows.

const months = (rows: Record<string, unknown>[], currency = 'USD') => rows.filter((r) => r.period !== 'all' && (r.currency ?? 'USD') === currency);

describe('Stripe subscriptions export (fixtures/exports/stripe_subscriptions.csv)', () => {
  const file = () => readFileSync('fixtures/exports/stripe_subscriptions.csv');

  it('MRR from Quantity × Amount by Interval; paying from Trial End, to Ended At; a Canceled At to come at the period’s end still pays', async () => {
    const { rows, notes } = await runEvents('mrr', file(), {});
    const [january, february, march] = months(rows);
    // January: Ana 49, Ben 5 × 120 a year = 50 from his trial's end, Chloé 49.
    expect([january.new, january.new_mrr, january.mrr_at_end]).toEqual([3, 148, 148]);
    // February: Ana's second subscription (3 × 10) is expansion; Gia is new (cancels at her period's end: still paying); Dev cancelled inside his trial.
    expect([february.expansion_customers, february.expansion_mrr, february.new, february.new_mrr, february.mrr_at_end]).toEqual([1, 30, 1, 49, 227]);
    // March: Chloé's subscription ended on the 2nd.
    expect([march.churned, march.churned_mrr, march.mrr_at_end]).toEqual([1, 49, 178]);
    // EUR apart: Eva, past_due, pays.
    expect(months(rows, 'EUR').map((r) => r.mrr_at_end)).toEqual([0, 45, 45]);
    expect(notes).toContain('1 subscription never paid (status incomplete or future) left out (at stdin:8)');
    expect(notes).toContain('1 subscription with a Coupon: it names a coupon, not an amount, so MRR is before it (at stdin:4)');
  });

  it('trials: Ben converted at his trial’s end, Dev cancelled inside his, Hana (no Customer ID: her email) is still trialing', async () => {
    const { rows } = await runEvents('mrr', file(), {});
    const [january, february, march] = months(rows);
    expect([january.trials, january.trial_conversions, february.trials, february.trial_conversions, march.trials, march.trial_conversions]).toEqual([1, 1, 1, 0, 1, 0]);
    expect(march.partial).toBe(true);
  });

  it('retention --mrr reads it too; the SQL engines say they cannot', async () => {
    const { rows } = await runEvents('retention', file(), { mrr: true, until: '2026-04-01' });
    const january = rows.find((r) => r.currency === 'USD' && r.cohort === '2026-01')!;
    // 148 at the end of January; February 148 + Ana's 30; March without Chloé's 49.
    expect([january.start_mrr, january.offset_1, january.offset_2]).toEqual([148, 178 / 148, 129 / 148]);
    const error = await failure(computeDocument(metricNamed('mrr')!, { engine: 'duckdb' }, ['fixtures/exports/stripe_subscriptions.csv'], { stdin: Readable.from([]) }));
    expect(error.message).toContain('it is the Stripe subscriptions export, one row per subscription');
  });
});

describe('Chargebee subscriptions (its subscription object’s columns)', () => {
  const header = 'id,customer_id,plan_id,plan_quantity,plan_unit_price,billing_period,billing_period_unit,currency_code,status,created_at,started_at,activated_at,trial_start,trial_end,cancelled_at';
  const lines = [
    // 2 seats at 1,500 cents a month; every 3 months at 9,000 cents: 30 a month; a trial from 10 January, paying from the 24th.
    'sub1,acme,team,2,1500,1,month,USD,active,2026-01-05T10:00:00Z,2026-01-05T10:00:00Z,2026-01-05T10:00:00Z,,,',
    'sub2,globex,pro-q,1,9000,3,month,USD,active,2026-01-10T10:00:00Z,2026-01-10T10:00:00Z,2026-01-24T10:00:00Z,2026-01-10T10:00:00Z,2026-01-24T10:00:00Z,',
    // Cancelled on 3 February; non_renewing still pays; a future subscription never paid.
    'sub3,initech,team,1,1500,1,month,USD,cancelled,2026-01-12T10:00:00Z,2026-01-12T10:00:00Z,2026-01-12T10:00:00Z,,,2026-02-03T10:00:00Z',
    'sub4,hooli,team,1,1500,1,month,USD,non_renewing,2026-01-20T10:00:00Z,2026-01-20T10:00:00Z,2026-01-20T10:00:00Z,,,2026-03-20T10:00:00Z',
    'sub5,umbrella,team,1,1500,1,month,USD,future,2026-02-20T10:00:00Z,,,,,',
  ];

  it('prices in cents, billing periods of several units, cancelled and non-renewing', async () => {
    const { rows, notes } = await runEvents('mrr', [header, ...lines].join('\n'), { until: '2026-03-01' });
    const [january, february] = months(rows);
    expect([january.new, january.new_mrr, january.trials, january.trial_conversions]).toEqual([4, 30 + 30 + 15 + 15, 1, 1]);
    expect([february.churned, february.churned_mrr, february.mrr_at_end]).toEqual([1, 15, 75]);
    expect(notes).toContain('1 subscription never paid (status incomplete or future) left out (at stdin:6)');
  });
});

describe('Recurly subscriptions (its v2 subscription’s fields)', () => {
  const header = 'uuid,account_code,plan_code,state,unit_amount_in_cents,currency,quantity,plan_interval_length,plan_interval_unit,activated_at,canceled_at,expires_at,trial_started_at,trial_ends_at,created_at';
  const lines = [
    'a1,acct-1,gold,active,800,EUR,1,1,months,2026-01-05T07:00:00Z,,,,,2026-01-05T07:00:00Z',
    // Expired on 10 February: ended. Canceled but not yet expired: still paying.
    'a2,acct-2,gold,expired,800,EUR,2,1,months,2026-01-06T07:00:00Z,2026-01-20T07:00:00Z,2026-02-10T07:00:00Z,,,2026-01-06T07:00:00Z',
    'a3,acct-3,gold,canceled,800,EUR,1,1,months,2026-01-07T07:00:00Z,2026-02-07T07:00:00Z,2026-03-07T07:00:00Z,,,2026-01-07T07:00:00Z',
    // A yearly plan of 12,000 cents: 10 a month.
    'a4,acct-4,silver-y,active,12000,EUR,1,12,months,2026-02-01T07:00:00Z,,,,,2026-02-01T07:00:00Z',
  ];

  it('amounts in cents over the plan’s interval; expired ends, canceled pays to the end', async () => {
    const { rows } = await runEvents('mrr', [header, ...lines].join('\n'), { until: '2026-03-01' });
    const [january, february] = months(rows, 'EUR');
    expect([january.new, january.new_mrr]).toEqual([3, 8 + 16 + 8]);
    expect([february.churned, february.churned_mrr, february.new, february.new_mrr, february.mrr_at_end]).toEqual([1, 16, 1, 10, 26]);
  });
});
