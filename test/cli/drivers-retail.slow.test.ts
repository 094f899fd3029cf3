import { describe, expect, it } from 'vitest';
import { csvRows, engage } from '../helpers/cli.js';

// engage drivers on the real Online Retail log (fixtures/real): each invoice line an event named by its stock
// code; retained = bought anything on one of days 30 … 90 after the first day. Figures from
// test/independent/drivers.py (Python's csv, gzip and datetime over the same file).

describe('engage drivers on Online Retail', () => {
  it("five stock codes' lines in the first 14 days: test/independent/drivers.py's 2×2 tables, odds ratios and phi", async () => {
    const { code, stdout, stderr } = await engage([
      'drivers', 'fixtures/real/online_retail.csv.gz', '--where', 'InvoiceNo!^=C', '--where', 'CustomerID!=', '--map', 'event=StockCode',
      '--outcome', 'retained:*@30..90', '--within', '14d', '--candidates', '85123A,22423,47566,85099B,20725', '--max-count', '3', '--csv',
    ]);
    expect(code, stderr).toBe(0);
    const python: Record<string, [number, number, number, number, number | null, number | null]> = {
      '85123a:1': [219, 276, 1118, 1757, 1.2477618296377309, 0.03875114479318343], '85123a:2': [29, 15, 1308, 2018, 2.891997708174179, 0.06168081107839623],
      '22423:2': [16, 4, 1321, 2029, 5.2208774583963695, 0.06369093992817965], '47566:3': [0, 1, 1337, 2032, 0.7597159940209267, -0.01397161175245136],
      '85099b:1': [131, 139, 1206, 1894, 1.4802935258610486, 0.053356931493761736], '20725:3': [0, 0, 1337, 2033, null, null],
    };
    const rows = csvRows(stdout);
    for (const [key, [a, b, c, d, odds, phi]] of Object.entries(python)) {
      const [event, t] = key.split(':');
      const row = rows.find((r) => r.event === event && r.threshold === t)!;
      expect([Number(row.outcome_did), Number(row.customers_did) - Number(row.outcome_did), Number(row.outcome_not), Number(row.customers_not) - Number(row.outcome_not)], key).toEqual([a, b, c, d]);
      expect(row.odds_ratio === '' ? null : Number(row.odds_ratio), key).toEqual(odds === null ? null : expect.closeTo(odds, 9));
      expect(row.phi === '' ? null : Number(row.phi), key).toEqual(phi === null ? null : expect.closeTo(phi, 9));
    }
    // 20725 covers 6.2 % of the 3,370 customers at one line or more: its magic number, and the strongest of the five.
    expect([rows[0].event, rows[0].threshold, rows[0].magic]).toEqual(['20725', '1', 'true']);
    expect(stderr).toContain('969 customers whose day 90 is not over when the data ends left out');
  }, 60_000);
});
