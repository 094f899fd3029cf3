import { describe, expect, it } from 'vitest';
import { failure } from '../helpers/rate.js';
import { EVENTS, runEvents } from '../helpers/events.js';

const repeat = async (options: Record<string, unknown> = {}, text = EVENTS) => runEvents('repeat', text, options);

describe('engage repeat, hand-worked', () => {
  it('strict rate over the whole file: purchases only, one per order_id', async () => {
    const { rows, notes } = await repeat();
    expect(rows).toHaveLength(1);
    // c1: o1, o2, o6; c2: o3, o5; c3: o4. Repeaters c1, c2.
    expect(rows[0]).toMatchObject({ customers: 3, repeat_customers: 2, orders: 6, orders_per_customer: 2, revenue: 145, median_days_between: 34 });
    expect(rows[0].repeat_rate).toBeCloseTo(2 / 3, 15);
    // Gaps: c1 15 and 72 days, c2 34 days.
    expect(rows[0].mean_days_between).toBeCloseTo(121 / 3, 12);
    expect(rows[0].revenue_per_customer).toBeCloseTo(145 / 3, 12);
    expect(notes).toContain('2 rows of other events than the default ones not counted (--event chooses)');
  });

  it('one window per period, an empty month kept, the partial month marked', async () => {
    const { rows } = await repeat({ period: 'month' });
    expect(rows.map((r) => [r.period, r.partial, r.customers, r.repeat_customers, r.repeat_rate, r.orders, r.revenue])).toEqual([
      ['2026-01', false, 2, 1, 0.5, 3, 65],
      ['2026-02', false, 2, 0, 0, 2, 40],
      ['2026-03', false, 0, 0, null, 0, null],
      ['2026-04', true, 1, 0, 0, 1, 40],
      ['all', false, 3, 2, 2 / 3, 6, 145],
    ]);
    expect(rows[0].mean_days_between).toBe(15);
  });

  it('--returning counts orders in the whole file, even outside the window', async () => {
    const { rows, formula } = await repeat({ period: 'month', returning: true });
    expect(formula).toContain('returning_rate');
    expect(rows.map((r) => [r.period, r.customers, r.returning_customers, r.returning_rate])).toEqual([
      ['2026-01', 2, 2, 1],
      ['2026-02', 2, 1, 0.5],
      ['2026-03', 0, 0, null],
      ['2026-04', 1, 1, 1],
      ['all', 3, 2, 2 / 3],
    ]);
    // Only February in the window: c2 ordered in January too, c3 never again.
    const february = await repeat({ returning: true, since: '2026-02-01', until: '2026-03-01' });
    expect(february.rows[0]).toMatchObject({ customers: 2, returning_customers: 1, returning_rate: 0.5 });
    const strict = await repeat({ since: '2026-02-01', until: '2026-03-01' });
    expect(strict.rows[0]).toMatchObject({ customers: 2, repeat_customers: 0, repeat_rate: 0 });
  });

  it('--group-by country, overall last', async () => {
    const { rows } = await repeat({ groupBy: ['country'] });
    expect(rows.map((r) => [r.country, r.customers, r.repeat_customers, r.repeat_rate])).toEqual([
      ['JP', 2, 1, 0.5],
      ['US', 1, 1, 1],
      ['all', 3, 2, 2 / 3],
    ]);
  });

  it('--event picks the events; every row counts without an event column', async () => {
    const visits = await repeat({ events: ['visit'] });
    expect(visits.rows[0]).toMatchObject({ customers: 2, repeat_customers: 0, orders: 2 });
    const noEvents = await repeat({}, 'user_id,date\nu1,2026-01-01\nu1,2026-01-09\nu2,2026-01-03\n');
    expect(noEvents.rows[0]).toMatchObject({ customers: 2, repeat_customers: 1, orders: 3, mean_days_between: 8 });
  });

  it('counts rows without an order id as one order each', async () => {
    const { rows } = await repeat({}, 'customer,date,order_id\na,2026-01-01,\na,2026-01-01,\nb,2026-01-02,x\nb,2026-01-02,x\n');
    expect(rows[0]).toMatchObject({ customers: 2, repeat_customers: 1, orders: 3 });
  });

  it('reads negative amounts (refunds) and currency signs', async () => {
    const { rows } = await repeat({}, 'customer,date,revenue\na,2026-01-01,"$1,200.50"\na,2026-01-02,-200.50\n');
    expect(rows[0].revenue).toBe(1000);
  });

  it('stops on a blank customer, a bad timestamp or a bad amount, naming the line', async () => {
    const blank = await failure(repeat({}, 'customer,date\na,2026-01-01\n,2026-01-02\n'));
    expect(blank.exitCode).toBe(65);
    expect(blank.message).toContain('1 row with a blank "customer" (drop them with --where \'customer!=\' if they are anonymous) (at stdin:3)');
    const date = await failure(repeat({}, 'customer,date\na,2026-02-30\n'));
    expect(date.message).toContain('"2026-02-30" is not a real date and time');
    const money = await failure(repeat({}, 'customer,date,amount\na,2026-01-01,12abc\n'));
    expect(money.message).toContain('the first was "12abc" (at stdin:2)');
  });

  it('--where filters rows before anything is counted', async () => {
    const text = 'InvoiceNo,CustomerID,InvoiceDate\n1,a,2026-01-01\nC2,a,2026-01-02\n3,,2026-01-03\n4,b,2026-01-04\n';
    const { rows, notes } = await repeat({ where: ['InvoiceNo!^=C', 'CustomerID!='] }, text);
    expect(rows[0]).toMatchObject({ customers: 2, repeat_customers: 0, orders: 2 });
    expect(notes).toContain('2 rows left out by --where');
    expect((await failure(repeat({ where: ['Nope=1'] }, text))).exitCode).toBe(2);
    expect((await failure(repeat({ where: ['oops'] }, text))).exitCode).toBe(2);
  });
});
