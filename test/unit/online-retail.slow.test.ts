import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowObjects, type OutputDocument } from '../../src/format/document.js';
import { parseOptions } from '../../src/metrics/options.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { finishRun, readIntoRuns, readSettingsOf, startRun } from '../../src/engines/streaming/run.js';
import { engage } from '../helpers/cli.js';

// The real Online Retail log (UCI, 541,909 invoice lines), read once for
// every metric below, as `engage report` reads an input once for all its
// reports. Checked independently with Python's csv module over the same gzip
// file: rows kept when InvoiceNo does not start with C and CustomerID is not
// blank (397,924); distinct customers, distinct invoices per customer and
// month (InvoiceDate[:7]); churn as set differences of monthly customer sets.

const RETAIL = 'fixtures/real/online_retail.csv.gz';
const FILTER = { where: ['InvoiceNo!^=C', 'CustomerID!='] };
const RUNS: [name: string, metric: string, options: Record<string, unknown>][] = [
  ['repeat by month', 'repeat', { ...FILTER, period: 'month' }],
  ['revenue', 'repeat', { ...FILTER, map: ['amount=Quantity*UnitPrice'] }],
  ['churn', 'churn', FILTER],
  ['retention', 'retention', FILTER],
];
const docs = new Map<string, OutputDocument>();

beforeAll(async () => {
  const runs = RUNS.map(([name, metric, given]) => {
    const spec = metricNamed(metric)!;
    const options = parseOptions(spec.options, given);
    return { name, run: startRun(metric, spec.create(options), readSettingsOf(options)) };
  });
  await readIntoRuns(runs.map((r) => r.run), [RETAIL], { skipInvalid: false }, { stdin: Readable.from([]) });
  for (const { name, run } of runs) docs.set(name, finishRun(run));
});

const rows = (name: string) => rowObjects(docs.get(name)!.table);

describe('the real Online Retail log', () => {
  it('needs customers: blank CustomerID rows stop the run until the user filters them', async () => {
    const { code, stderr } = await engage(['repeat', RETAIL]);
    expect(code).toBe(65);
    expect(stderr).toContain('135080 rows with a blank "CustomerID"');
  });

  it('repeat rate, overall and by month', () => {
    expect(docs.get('repeat by month')!.notes).toContain('143985 rows left out by --where');
    const table = rows('repeat by month');
    expect(table[0]).toMatchObject({ period: '2010-12', customers: 885, repeat_customers: 263 });
    expect(table[11]).toMatchObject({ period: '2011-11', customers: 1665, repeat_customers: 540 });
    expect(table[12]).toMatchObject({ period: '2011-12', partial: true, customers: 615, repeat_customers: 106 });
    expect(table[13]).toMatchObject({ period: 'all', customers: 4339, repeat_customers: 2845, orders: 18536 });
    expect(table[13].repeat_rate).toBeCloseTo(2845 / 4339, 15);
  });

  it('revenue from Quantity × UnitPrice with --map amount="Quantity*UnitPrice"', () => {
    // Σ Quantity × UnitPrice over the kept rows is 8,911,407.904 exactly (Python, with Decimal).
    const [row] = rows('revenue');
    expect(row.revenue).toBeCloseTo(8911407.904, 6);
    expect(row.revenue_per_customer).toBeCloseTo(2053.793017746024, 8);
  });

  it('churn and retention by month', () => {
    const churn = rows('churn');
    expect(churn[1]).toMatchObject({ period: '2011-01', active: 741, new: 417, churned: 561 });
    expect(churn[1].churn_rate).toBeCloseTo(561 / 885, 15);
    expect(churn[12]).toMatchObject({ period: '2011-12', partial: true, active: 615, churned: 1294 });
    const retention = rows('retention');
    expect(retention[0]).toMatchObject({ cohort: '2010-12', customers: 885, offset_0: 1 });
    expect(retention[0].offset_1).toBeCloseTo(324 / 885, 15);
    expect(retention[0].offset_3).toBeCloseTo(0.384180790960452, 15);
    expect(retention[1]).toMatchObject({ cohort: '2011-01', customers: 417 });
    expect(retention[1].offset_1).toBeCloseTo(0.22062350119904076, 15);
  });
});
