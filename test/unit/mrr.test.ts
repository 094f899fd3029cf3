import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// engage mrr (subscription-revenue.md), with the worked examples of
// ChartMogul's and Stripe's help pages (facts transcribed, named where used)
// and hand-worked cases.

const mrr = async (lines: string[], options: Record<string, unknown> = {}) =>
  runEvents('mrr', ['customer_id,subscription_id,timestamp,event,amount,quantity,interval', ...lines].join('\n'), options);
const periodsOf = (rows: Record<string, unknown>[]) => rows.filter((r) => r.period !== 'all');

describe('movements', () => {
  it('ChartMogul’s customer lifecycle: new $166.67, expansion $60, contraction $60, churn $166.67, reactivation $150', async () => {
    // 4 × Gold billed $2,000 a year; + 2 × Silver at $30 a month; Silver cancelled; Gold cancelled; back on 3 × Gold at $50 a month.
    const { rows } = await mrr([
      'acme,gold,2026-01-10T09:00:00Z,start,500,4,year',
      'acme,silver,2026-02-03T09:00:00Z,start,30,2,month',
      'acme,silver,2026-03-05T09:00:00Z,cancel,,,',
      'acme,gold,2026-04-10T09:00:00Z,cancel,,,',
      'acme,gold_monthly,2026-05-02T09:00:00Z,start,50,3,month',
    ], { until: '2026-06-01' });
    const months = periodsOf(rows);
    expect(months[0].new_mrr).toBeCloseTo(2000 / 12, 9);
    expect(months[1].expansion_mrr).toBe(60);
    expect(months[2].contraction_mrr).toBe(60);
    expect(months[3].churned_mrr).toBeCloseTo(2000 / 12, 9);
    expect([months[4].reactivated, months[4].reactivation_mrr, months[4].new]).toEqual([1, 150, 0]);
  });

  it('per customer per period: an upgrade and a downgrade in one month are one net movement; a cancel and a return are none', async () => {
    const { rows } = await mrr([
      'a,s1,2026-01-05T00:00:00Z,start,100,,',
      'a,s1,2026-02-03T00:00:00Z,upgrade,200,,',
      'a,s1,2026-02-20T00:00:00Z,downgrade,150,,',
      'b,s2,2026-01-05T00:00:00Z,start,80,,',
      'b,s2,2026-02-10T00:00:00Z,cancel,,,',
      'b,s3,2026-02-12T00:00:00Z,start,80,,',
    ], { until: '2026-03-01' });
    const february = periodsOf(rows)[1];
    expect([february.expansion_customers, february.expansion_mrr, february.contraction_mrr]).toEqual([1, 50, 0]);
    expect([february.churned, february.reactivated, february.mrr_at_end]).toEqual([0, 0, 230]);
  });

  it('a second subscription is expansion, ending one of two is contraction, ending the last is churn', async () => {
    const { rows } = await mrr([
      'a,s1,2026-01-05T00:00:00Z,start,100,,',
      'a,s2,2026-02-05T00:00:00Z,start,40,,',
      'a,s1,2026-03-05T00:00:00Z,cancel,,,',
      'a,s2,2026-04-05T00:00:00Z,cancel,,,',
    ], { until: '2026-05-01' });
    const [, feb, mar, apr] = periodsOf(rows);
    expect([feb.expansion_mrr, mar.contraction_mrr, apr.churned, apr.churned_mrr]).toEqual([40, 100, 1, 40]);
  });

  it('the roll-forward holds on every row, and each period ends where the next starts', async () => {
    const { rows } = await runEvents('mrr', readFileSync('fixtures/billing.csv'), {});
    for (const row of periodsOf(rows)) {
      const moved = (row.mrr_at_start as number) + (row.new_mrr as number) + (row.reactivation_mrr as number) + (row.expansion_mrr as number) - (row.contraction_mrr as number) - (row.churned_mrr as number);
      expect(row.mrr_at_end as number).toBeCloseTo(moved, 9);
    }
    for (const currency of ['EUR', 'USD']) {
      const months = periodsOf(rows).filter((r) => r.currency === currency);
      months.slice(1).forEach((row, i) => expect(row.mrr_at_start).toBe(months[i].mrr_at_end));
    }
  });
});

describe('ratios', () => {
  it('ARPA: customers paying 100, 100, 300, 500 and 500 (one of them on two subscriptions) → 300 (ChartMogul, ARPA)', async () => {
    const lines = ['a,1,100', 'b,2,100', 'c,3,300', 'd,4,500', 'e,5,200', 'e,6,300'].map((l) => {
      const [c, s, a] = l.split(',');
      return `${c},${s},2026-01-05T00:00:00Z,start,${a},,`;
    });
    const { rows } = await mrr(lines, { until: '2026-02-01' });
    expect([rows[0].customers_at_end, rows[0].arpa]).toEqual([5, 300]);
  });

  it('ASP: 3 new customers at $100 and 7 at $50 → $65 (ChartMogul, average sale price)', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `c${i},s${i},2026-01-05T00:00:00Z,start,${i < 3 ? 100 : 50},,`);
    expect((await mrr(lines, { until: '2026-02-01' })).rows[0].asp).toBe(65);
  });

  it('LTV: ARPA $100 over a 5 % monthly churn rate → $2,000 (ChartMogul, LTV); undefined before any rate', async () => {
    // 20 customers at $100; each month one leaves and one joins: 1 of 20 churns, ARPA stays 100.
    const lines = Array.from({ length: 20 }, (_, i) => `c${i},s${i},2026-01-05T00:00:00Z,start,100,,`);
    for (let m = 2; m <= 8; m++) lines.push(`c${m - 2},s${m - 2},2026-0${m}-10T00:00:00Z,cancel,,,`, `n${m},t${m},2026-0${m}-11T00:00:00Z,start,100,,`);
    const { rows, notes } = await mrr(lines, { until: '2026-09-01' });
    const months = periodsOf(rows);
    expect(months[0].ltv).toBeNull();
    expect(months[1].ltv).toBeNull();
    expect(months.slice(2).map((r) => r.ltv)).toEqual(Array(6).fill(2000).map((v) => expect.closeTo(v, 9)));
    expect(notes.some((n) => n.startsWith('ltv is undefined where'))).toBe(true);
    // The quick ratio: $100 in, $100 out.
    expect(months[3].quick_ratio).toBe(1);
  });

  it('Stripe’s example: 100 subscriptions at $100 a month and 50 at $600 a year are $12,500 of MRR', async () => {
    const lines = [
      ...Array.from({ length: 100 }, (_, i) => `m${i},s,2026-01-05T00:00:00Z,start,100,,month`),
      ...Array.from({ length: 50 }, (_, i) => `y${i},s,2026-01-05T00:00:00Z,start,600,,annually`),
    ];
    expect((await mrr(lines, { until: '2026-02-01' })).rows[0].mrr_at_end).toBeCloseTo(12500, 9);
  });
});

describe('currencies and bad input', () => {
  it('a currency column makes each currency its own rows; the two are never added', async () => {
    const { rows } = await runEvents('mrr', readFileSync('fixtures/billing.csv'), {});
    const all = rows.filter((r) => r.period === 'all');
    expect(all.map((r) => r.currency)).toEqual(['EUR', 'USD']);
    // EUR: 1,200 a year (100 a month), two seats from April; USD: acme and globex.
    expect(periodsOf(rows).filter((r) => r.currency === 'EUR').map((r) => r.mrr_at_end)).toEqual([0, 100, 100, 200, 200]);
  });

  it('an interval that is none names the file, line, column and value', async () => {
    const error = await failure(mrr(['a,s1,2026-01-05T00:00:00Z,start,100,,fortnight']));
    expect(error.exitCode).toBe(65);
    expect(error.message).toContain('bad "interval" value: expected a billing interval');
    expect(error.message).toContain('"fortnight"');
    expect(error.message).toContain('stdin:2');
  });

  it('--currency names a file’s currency; with a currency column it has nothing to act on', async () => {
    const { table } = await mrr(['a,s1,2026-01-05T00:00:00Z,start,100,,'], { currency: 'eur' });
    expect(table.title).toBe('MRR movements (EUR)');
    expect((await failure(runEvents('mrr', readFileSync('fixtures/billing.csv'), { currency: 'EUR' }))).message).toContain('--currency names the currency of a file without a currency column');
  });
});

describe('options with nothing to act on', () => {
  it('--event is an error: engage mrr reads every subscription event', async () => {
    expect((await failure(mrr(['a,s1,2026-01-05T00:00:00Z,start,100,,'], { events: ['start'] }))).message).toContain('--event has nothing to act on here');
  });
});

describe('trials (subscription-revenue.md "Trials")', () => {
  const trials = (lines: string[], options: Record<string, unknown> = {}) => runEvents('mrr', ['customer_id,timestamp,event,amount', ...lines].join('\n'), options);

  it('converted within the window (its last calendar day included), not after it; a trial_end only records the end', async () => {
    const { rows, notes } = await trials([
      // Paid 15 days after: converted.
      't1,2026-01-05,trial_start,', 't1,2026-01-20,start,30',
      // Trial ended, paid 36 days after its start: not converted; still new MRR in February.
      't2,2026-01-10,trial_start,', 't2,2026-01-24,trial_end,', 't2,2026-02-15,start,30',
      // 20 February + 30 days = 22 March, the window's last day: converted.
      't3,2026-02-20,trial_start,', 't3,2026-03-22,start,50',
      't5,2026-04-30,start,10',
    ]);
    const months = periodsOf(rows);
    expect(months.map((m) => [m.period, m.trials, m.trial_conversions, m.trial_conversion])).toEqual([
      ['2026-01', 2, 1, 0.5], ['2026-02', 1, 1, 1], ['2026-03', 0, 0, null], ['2026-04', 0, 0, null],
    ]);
    expect([months[1].new, months[1].new_mrr]).toEqual([1, 30]);
    expect(notes.some((n) => n.includes('trial'))).toBe(false);
    const all = rows.find((r) => r.period === 'all')!;
    expect([all.trials, all.trial_conversions, all.trial_conversion]).toEqual([3, 2, 2 / 3]);
  });

  it('--trial-window 2w: 14 days; a trial whose window is still open at the data’s end and unconverted makes its period partial', async () => {
    const lines = ['t1,2026-01-05,trial_start,', 't1,2026-01-20,start,30', 't4,2026-04-10,trial_start,', 't5,2026-04-30,start,10'];
    const { rows, notes } = await trials(lines, { trialWindow: '2w' });
    const months = periodsOf(rows);
    // 5 January + 14 days = 19 January: paid on the 20th is too late.
    expect([months[0].trials, months[0].trial_conversions]).toEqual([1, 0]);
    // 10 April + 14 days = 24 April, before the data ends (30 April): closed, not converted; April complete.
    expect([months[3].partial, months[3].trials, months[3].trial_conversions]).toEqual([false, 1, 0]);
    expect(notes.some((n) => n.includes('trial'))).toBe(false);
    // With 30 days, its window runs to 10 May: April is partial, and left out of the all row.
    const open = await trials(lines);
    const april = periodsOf(open.rows)[3];
    expect([april.partial, april.trials]).toEqual([true, 1]);
    expect(open.notes).toContain("2026-04 is partial: 1 trial of it still inside its 30d window at the data's end, not converted yet");
    expect(open.rows.find((r) => r.period === 'all')!.new).toBe(1);
  });

  it('a customer already paying when a trial starts does not convert it; calendar days are counted in --tz', async () => {
    const { rows } = await trials(['a,2026-01-02T00:00:00Z,start,20', 'a,2026-01-05T00:00:00Z,trial_start,', 'a,2026-01-06T00:00:00Z,upgrade,40',
      // 23:30 on 1 February in New York is 04:30 on the 2nd in UTC; paid on 3 February at 02:00 New York time: day 2 in New York, day 1 in UTC.
      'b,2026-02-02T04:30:00Z,trial_start,', 'b,2026-02-03T07:00:00Z,start,10', 'z,2026-02-28T12:00:00Z,start,1'], { trialWindow: '1d', tz: 'America/New_York' });
    const [january, february] = periodsOf(rows);
    expect([january.trials, january.trial_conversions]).toEqual([1, 0]);
    expect([february.trials, february.trial_conversions]).toEqual([1, 0]);
    const utc = periodsOf((await trials(['b,2026-02-02T04:30:00Z,trial_start,', 'b,2026-02-03T07:00:00Z,start,10', 'z,2026-02-28T12:00:00Z,start,1'], { trialWindow: '1d' })).rows);
    expect([utc[0].trials, utc[0].trial_conversions]).toEqual([1, 1]);
  });

  it('--trial-window takes whole days or weeks', async () => {
    expect((await failure(trials(['a,2026-01-02,start,20'], { trialWindow: '36h' }))).message).toContain('a trial window is whole calendar days or weeks');
  });
});
