import { describe, expect, it } from 'vitest';
import { csvRows, engage } from '../helpers/cli.js';

// Behavioural segments on the real Online Retail log (fixtures/real): each invoice line an event named by its
// stock code. heart = two lines or more of 85123A in the customer's first 30 calendar days; bags = a line of
// 85099B at any time and not heart. Monthly churn of each segment, and the overall row counting each customer
// once; figures from test/independent/segments.py (Python's csv, gzip and datetime over the same file).

describe('engage churn --group-by @segment on Online Retail', () => {
  it("each segment's active and churned customers per month: test/independent/segments.py's", async () => {
    const { code, stdout, stderr } = await engage([
      'churn', 'fixtures/real/online_retail.csv.gz', '--where', 'InvoiceNo!^=C', '--where', 'CustomerID!=', '--map', 'event=StockCode', '--period', 'month',
      '--segment', 'heart=85123A>=2 within 30d', '--segment', 'bags=85099B>=1 and not 85123A>=2 within 30d', '--group-by', '@segment', '--csv',
    ]);
    expect(code, stderr).toBe(0);
    // [month, active, churned]; the first month has no churn.
    const python: Record<string, [string, number, number | null][]> = {
      'heart': [["2010-12", 34, null], ["2011-01", 27, 13], ["2011-02", 33, 6], ["2011-03", 29, 14], ["2011-04", 32, 12], ["2011-05", 36, 8], ["2011-06", 37, 9], ["2011-07", 33, 12], ["2011-08", 25, 17], ["2011-09", 35, 8], ["2011-10", 40, 11], ["2011-11", 50, 9], ["2011-12", 24, 29]],
      'bags': [["2010-12", 179, null], ["2011-01", 169, 90], ["2011-02", 186, 88], ["2011-03", 211, 90], ["2011-04", 199, 112], ["2011-05", 258, 80], ["2011-06", 233, 121], ["2011-07", 226, 114], ["2011-08", 241, 99], ["2011-09", 290, 94], ["2011-10", 271, 152], ["2011-11", 338, 101], ["2011-12", 152, 223]],
      '(none)': [["2010-12", 672, null], ["2011-01", 545, 458], ["2011-02", 539, 385], ["2011-03", 734, 364], ["2011-04", 625, 546], ["2011-05", 762, 400], ["2011-06", 721, 516], ["2011-07", 690, 500], ["2011-08", 669, 445], ["2011-09", 941, 408], ["2011-10", 1053, 614], ["2011-11", 1277, 632], ["2011-12", 439, 1042]],
    };
    const rows = csvRows(stdout);
    for (const [segment, months] of Object.entries(python)) {
      const got = rows.filter((r) => r.segment === segment).map((r) => [r.period, Number(r.active), r.churned === '' ? null : Number(r.churned)]);
      expect(got, segment).toEqual(months);
    }
    // Every customer once (4,339), whatever their segments; churn over the complete months (2011-12 is partial).
    const all = rows.find((r) => r.segment === 'all')!;
    expect([all.active, all.active_before, all.churned]).toEqual(['4339', '10775', '6528']);
    expect(stderr).toContain("253 customers' first days were not over when the data ends; their segment may change");
  }, 60_000);
});
