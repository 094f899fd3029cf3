import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeInParts } from '../../src/engines/streaming/parts.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { engage } from '../helpers/cli.js';

// Exports nobody here had seen, in the shapes of ../shared/datasets/real-exports-2
// (small files written here; the real ones are read from ../shared by
// real-exports.test.ts): each gives figures worked by hand, or stops with a
// message whose proposed option then gives them. Never a wrong figure with 0.

const dir = mkdtempSync(join(tmpdir(), 'engage-unseen-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const csv = (out: string) => out.trim().split('\n').map((line) => line.split(','));

describe('a file without a header line (Taobao UserBehavior.csv)', () => {
  // user, item, category, behaviour, epoch seconds; no header.
  const taobao = file('UserBehavior.csv', ['1,2268318,2520377,pv,1511544070', '1,2333346,2520771,cart,1511561733', '1,2576651,149192,buy,1511572885', '2,3830808,4181361,pv,1511593493', '2,4365585,2520377,buy,1511596146', '2,4365585,2520377,buy,1511680000'].join('\n') + '\n');

  it('stops on a first line that looks like data and proposes --header', async () => {
    const result = await engage(['repeat', taobao, '--event', 'buy']);
    expect(result.code).toBe(65);
    expect(result.stderr).toContain(`${taobao}:1: the first line looks like data, not a header: "1", "2268318", "2520377", "pv", "1511544070"`);
    expect(result.stderr).toContain('--header customer_id,c2,c3,event,timestamp');
  });

  it('with --header reads the first line as data: repeat and funnel worked by hand', async () => {
    const header = ['--header', 'customer_id,item,category,event,timestamp'];
    // Buyers: 1 (one buy) and 2 (two buys): 1 of 2 repeat, 3 orders.
    const repeat = await engage(['repeat', taobao, ...header, '--event', 'buy', '--csv']);
    expect(repeat.code).toBe(0);
    expect(csv(repeat.stdout)[1].slice(0, 4)).toEqual(['2', '1', '0.5', '3']);
    // pv: 1 and 2; cart: 1; buy after the cart: 1.
    const funnel = await engage(['funnel', taobao, ...header, '--steps', 'pv,cart,buy', '--csv']);
    expect(csv(funnel.stdout).slice(1).map((row) => row.slice(0, 3))).toEqual([['1', 'pv', '2'], ['2', 'cart', '1'], ['3', 'buy', '1']]);
  });

  it('--header on a file read in parts gives the one-thread figures', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `${i % 97},${i},${i % 7},${['pv', 'cart', 'buy'][i % 3]},${1511544070 + i * 600}`);
    const big = file('big-behaviour.csv', `${lines.join('\n')}\n`);
    const options = { header: ['customer_id', 'item', 'category', 'event', 'timestamp'], period: 'week' };
    const parts = await computeInParts(metricNamed('churn')!, { ...options, threads: 2 }, [big], 0);
    expect(parts, 'read in parts').toBeDefined();
    const one = await engage(['churn', big, '--header', options.header.join(','), '--period', 'week', '--threads', '1', '--json']);
    expect(parts!.table.rows).toEqual(JSON.parse(one.stdout).rows.map((row: Record<string, unknown>) => Object.values(row)));
    expect(parts!.inputs[0].rows).toBe(4000);
  });

  it('refuses --header for JSON, whose keys name its columns', async () => {
    const json = file('events.ndjson', '{"user": "a", "date": "2026-01-01"}\n');
    const result = await engage(['churn', json, '--header', 'a,b']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--header names the columns of a CSV file without a header line');
  });
});

describe('per-row fallbacks a format documents', () => {
  it("Stripe payments: Customer ID, else Customer Email, counted in a note; rows with neither are anonymous", async () => {
    const stripe = file('unified_payments.csv', [
      'id,Created date (UTC),Amount,Currency,Status,Customer ID,Customer Email',
      'ch_1,2025-01-05 10:00:00,10.00,usd,Paid,cus_A,a@example.com',
      'ch_2,2025-02-05 10:00:00,10.00,usd,Paid,,a@example.com',
      'ch_3,2025-03-05 10:00:00,10.00,usd,Paid,,b@example.com',
      'ch_4,2025-03-06 10:00:00,10.00,usd,Failed,cus_C,c@example.com',
      'ch_5,2025-04-05 10:00:00,20.00,usd,Paid,,b@example.com',
    ].join('\n'));
    // Paid: cus_A, a@ (another customer: the export's own rule), b@ twice: 3 customers, 1 repeat, 4 orders, 50 revenue.
    const result = await engage(['repeat', stripe, '--csv']);
    expect(result.code).toBe(0);
    const [head, row] = csv(result.stdout);
    expect(Object.fromEntries(head.map((h, i) => [h, row[i]]))).toMatchObject({ customers: '3', repeat_customers: '1', orders: '4', revenue: '50' });
    expect(result.stderr).toContain('3 rows with a blank "Customer ID" took customer_id from "Customer Email", as the export documents');
    const anonymous = file('anonymous.csv', 'id,Created date (UTC),Amount,Currency,Status,Customer ID,Customer Email\nch_1,2025-01-05 10:00:00,10.00,usd,Paid,,\nch_2,2025-01-06 10:00:00,10.00,usd,Paid,cus_A,\n');
    const stopped = await engage(['repeat', anonymous]);
    expect(stopped.code).toBe(65);
    expect(stopped.stderr).toContain('1 row with a blank "Customer ID" and "Customer Email" (anonymous: --skip-invalid leaves them out)');
    expect(stopped.stderr).not.toContain('--where');
  });

  it('GA4 BigQuery rows: user_id, else the device (user_pseudo_id or client_id); timestamps in microseconds', async () => {
    const ga4 = file('ga4_data.csv', [
      'event_name,user_id,client_id,event_timestamp',
      'page_view,,d1,1740495499153741',
      'add_to_cart,,d1,1740495599153741',
      'page_view,,d2,1740495499000000',
      'page_view,u9,d3,1740582000000000',
      'purchase,u9,d3,1740582100000000',
    ].join('\n'));
    // page_view: d1, d2, u9; add_to_cart: d1; purchase (after an add_to_cart): nobody.
    const funnel = await engage(['funnel', ga4, '--steps', 'page_view,add_to_cart', '--csv']);
    expect(csv(funnel.stdout).slice(1).map((row) => row.slice(0, 3))).toEqual([['1', 'page_view', '3'], ['2', 'add_to_cart', '1']]);
    expect(funnel.stderr).toContain('3 rows with a blank "user_id" took customer_id from "client_id"');
    // 100 s from page_view to add_to_cart: 0.02777… hours.
    expect(Number(csv(funnel.stdout)[2][5])).toBeCloseTo(100 / 3600, 9);
  });

  it("GA4 items (one row per purchased item, no order id): one order per user and event_timestamp, item revenue summed", async () => {
    const items = file('ga4_items.csv', [
      'user_pseudo_id,item_id,price,quantity,item_revenue_in_usd,event_timestamp',
      'p1,a,5,2,10,1605937059520352',
      'p1,b,3,1,3,1605937059520352',
      'p1,a,5,1,5,1606937059520352',
      'p2,c,7,1,7,1605937059520399',
    ].join('\n'));
    // p1: two purchases (13 then 5), 1e12 µs = 11.574074… days apart; p2: one (7).
    const result = await engage(['repeat', items, '--csv']);
    expect(result.code).toBe(0);
    const [head, row] = csv(result.stdout);
    const figures = Object.fromEntries(head.map((h, i) => [h, row[i]]));
    expect(figures).toMatchObject({ customers: '2', repeat_customers: '1', orders: '3', revenue: '25' });
    expect(Number(figures.mean_days_between)).toBeCloseTo(1e6 / 86400, 9);
    expect(result.stderr).toContain('order_id: one per user_pseudo_id + event_timestamp, as the export has no order id');
  });
});

describe('nothing accepted and ignored, nothing empty called a result', () => {
  it('--skip-invalid that leaves out every row is bad data, not a table of zeros', async () => {
    const bad = file('bad-dates.csv', 'customer,date\na,notadate\nb,2026-13-01\n');
    const plain = await engage(['repeat', bad]);
    expect(plain.code).toBe(65);
    expect(plain.stderr).not.toContain('pass --skip-invalid');
    expect(plain.stderr).toContain('no row is without a problem, so --skip-invalid would leave nothing');
    const skipped = await engage(['repeat', bad, '--skip-invalid']);
    expect(skipped.code).toBe(65);
    expect(skipped.stdout).toBe('');
    expect(skipped.stderr).toContain('--skip-invalid left out every row');
  });

  it('a filter that leaves nothing says so, and --fail-if can fail on it', async () => {
    const empty = await engage(['repeat', 'fixtures/orders.csv', '--since', '2030-01-01', '--csv']);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain('no row was counted: all 71 rows read were left out');
    const failed = await engage(['repeat', 'fixtures/orders.csv', '--since', '2030-01-01', '--fail-if', 'customers<1']);
    expect(failed.code).toBe(1);
  });

  it('options of time with nothing to act on are usage errors, not ignored', async () => {
    const tz = await engage(['rate', 'fixtures/posts.csv', '--tz', 'Asia/Tokyo']);
    expect(tz.code).toBe(2);
    expect(tz.stderr).toContain('--tz has nothing to act on here');
    const week = await engage(['nps', 'fixtures/answers.csv', '--period', 'month', '--week-start', 'sunday']);
    expect(week.code).toBe(2);
    expect(week.stderr).toContain('--week-start acts with --period week');
    expect((await engage(['rate', 'fixtures/posts.csv', '--tz', 'Asia/Tokyo', '--period', 'month', '--csv'])).code).toBe(0);
  });

  it("an engine's option given where it has nothing to act on is a usage error", async () => {
    for (const [args, said] of [
      [['--table', 'events'], '--table: it names the table of a database'],
      [['--duckdb-memory', '256MB'], '--duckdb-memory: it caps DuckDB'],
      [['--engine', 'duckdb', '--header', 'a,b,c,d,e,f'], "--header: --engine duckdb reads the file's own header line"],
      [['--engine', 'clickhouse', '--threads', '2'], '--threads: --engine clickhouse decides its own threads'],
    ] as const) {
      const result = await engage(['churn', 'fixtures/orders.csv', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(said);
    }
  });

  it('a unit price beside a quantity is not taken as revenue', async () => {
    const lines = file('lines.csv', 'customer,date,price,quantity\na,2026-01-01,2.5,4\na,2026-02-01,1,2\n');
    const refused = await engage(['repeat', lines]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--map amount="price*quantity"');
    const product = await engage(['repeat', lines, '--map', 'amount=price*quantity', '--csv']);
    expect(csv(product.stdout)[1][7]).toBe('12');
  });
});
