import { describe, expect, it } from 'vitest';
import { compute } from '../helpers/compute.js';
import { failure } from '../helpers/rate.js';
import { engage } from '../helpers/cli.js';

// Store exports read as their vendors write them. The files are written here
// in the shape of the real ones (Shopify's orders export has no licence to be
// copied; its header is Shopify's own, abridged to the columns that matter).

const SHOPIFY_HEADER = 'Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Id,Source';
// #1001 (a, two lines), #1002 (b), #1003 (a again, a month later), #1004 (a guest: no e-mail).
const SHOPIFY = [
  SHOPIFY_HEADER,
  '#1001,a@example.com,paid,2026-01-05 10:00:00 +0900,fulfilled,JPY,3000,500,300,3800,2026-01-05 10:00:00 +0900,1,Shirt,1000,4070000000001,web',
  '#1001,a@example.com,,,,,,,,,2026-01-05 10:00:00 +0900,1,Pants,2000,,',
  '#1002,b@example.com,paid,2026-01-09 12:00:00 +0900,fulfilled,JPY,1000,500,100,1600,2026-01-09 12:00:00 +0900,1,Cap,1000,4070000000002,pos',
  '#1003,a@example.com,paid,2026-02-07 09:00:00 +0900,fulfilled,JPY,2000,0,200,2200,2026-02-07 09:00:00 +0900,2,Socks,1000,4070000000003,web',
  '#1004,,paid,2026-02-08 09:00:00 +0900,fulfilled,JPY,500,0,50,550,2026-02-08 09:00:00 +0900,1,Bag,500,4070000000004,pos',
].join('\n');

describe('Shopify orders export', () => {
  it('reads Email as the customer, Name as the order and Total once per order, never the order Id', async () => {
    const { rows, formula } = await compute('repeat', SHOPIFY, { where: ['Email!='] });
    // a: #1001 and #1003; b: #1002. Revenue 3800 + 1600 + 2200: the Total of #1001 once, not per line.
    expect(rows[0]).toMatchObject({ customers: 2, repeat_customers: 1, repeat_rate: 0.5, orders: 3, revenue: 7600, revenue_per_customer: 3800 });
    expect(formula).toContain('one per order_id');
  });

  it("gives an order's later lines the fields of its first line: no phantom (blank) group", async () => {
    const { rows } = await compute('repeat', SHOPIFY, { where: ['Email!='], groupBy: ['Source'] });
    expect(rows.map((r) => [r.source, r.customers, r.orders, r.revenue])).toEqual([['pos', 1, 1, 1600], ['web', 1, 2, 6000], ['all', 2, 3, 7600]]);
  });

  it('stops on guest orders without an e-mail and says how to leave them out', async () => {
    const error = await failure(compute('repeat', SHOPIFY));
    expect(error.message).toBe('1 row with a blank "Email" (drop them with --where \'Email!=\' if they are anonymous) (at stdin:6)');
  });

  it('engage columns names the export', async () => {
    const { stdout } = await engage(['columns', '-', '--csv'], { input: SHOPIFY });
    expect(stdout).toContain('1,Name,order_id,export,#1001');
    expect(stdout).toContain('2,Email,customer_id,export,a@example.com');
    expect(stdout).toContain('10,Total,amount,export,3800');
    expect(stdout).toContain('15,Id,,not used,4070000000001');
  });
});

describe('WooCommerce and Stripe', () => {
  it("WooCommerce Analytics' orders download: Customer, Order #, Date, Net Sales and Status", async () => {
    const text = [
      'Date,Order #,Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net Sales',
      '2026-01-03,101,Completed,Ann Lee,new,Mug,1,,12.00',
      '2026-01-20,102,Processing,Ann Lee,returning,Mug,2,,24.00',
      '2026-01-21,103,Cancelled,Bo Chen,new,Tea,1,,8.00',
      '2026-01-22,104,Completed,Bo Chen,new,Tea,1,,8.00',
    ].join('\n');
    const { rows, notes } = await compute('repeat', text);
    // Cancelled orders are no purchase: Ann 2 orders, Bo 1.
    expect(rows[0]).toMatchObject({ customers: 2, repeat_customers: 1, orders: 3, revenue: 44 });
    expect(notes).toContain('1 row of other events than the default ones not counted (--event chooses)');
  });

  it("Stripe's payments export: failed payments are no purchase; Customer ID is the customer", async () => {
    const text = [
      'id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Status,Customer ID,Customer Email',
      'py_1,2026-01-02 10:00,20.00,0.00,usd,true,Paid,cus_A,a@example.com',
      'py_2,2026-01-05 10:00,20.00,0.00,usd,false,Failed,cus_A,a@example.com',
      'py_3,2026-02-02 10:00,20.00,0.00,usd,true,Paid,cus_A,a@example.com',
      'py_4,2026-02-03 10:00,35.00,0.00,usd,true,Paid,cus_B,b@example.com',
    ].join('\n');
    const { rows } = await compute('repeat', text);
    expect(rows[0]).toMatchObject({ customers: 2, repeat_customers: 1, orders: 3, revenue: 75 });
  });
});
