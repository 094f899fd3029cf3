import { describe, expect, it } from 'vitest';
import { csvRows, engage } from '../helpers/cli.js';

const ORDERS = 'fixtures/orders.csv';
const RETAIL = 'fixtures/real/online_retail.csv.gz';
const RETAIL_FILTER = ['--where', 'InvoiceNo!^=C', '--where', 'CustomerID!='];

describe('engage repeat, churn and retention from the command line', () => {
  it.each([
    ['repeat', 'customers,repeat_customers,repeat_rate,orders,orders_per_customer,mean_days_between,median_days_between,revenue,revenue_per_customer'],
    ['churn', 'period,partial,active,new,returning,churned,churn_rate,retention_rate'],
    ['retention', 'cohort,customers,offset_0,offset_1,offset_2,offset_3,partial_offset'],
  ])('%s writes stable CSV columns', async (command, header) => {
    const { code, stdout, stderr } = await engage([command, ORDERS]);
    expect(code, stderr).toBe(0);
    expect(stdout.split('\n')[0]).toBe(header);
  });

  it.each(['repeat', 'churn', 'retention'])('%s names its command and input in JSON', async (command) => {
    const json = JSON.parse((await engage([command, ORDERS, '--json'])).stdout);
    expect(json.command).toBe(command);
    expect(json.inputs[0]).toMatchObject({ file: ORDERS, rows: 71 });
  });

  it('marks the partial cell of a retention triangle with * in a table', async () => {
    const { stdout } = await engage(['retention', ORDERS, '-f', 'table']);
    expect(stdout).toMatch(/│ 2026-01 +│ +8 │ +100\.00% │ +37\.50% │ +12\.50% │ +0\.00%\* │/);
    expect(stdout).toContain('* partial period');
  });

  it('shades the triangle only in colour', async () => {
    const plain = await engage(['retention', ORDERS, '-f', 'table']);
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    const colour = await engage(['retention', ORDERS, '-f', 'table'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(colour.stdout).toMatch(/\x1b\[4[0-9]m/);
  });

  it('reports a missing customer column from the header', async () => {
    const { code, stderr } = await engage(['churn'], { input: 'when,what\n2026-01-01,x\n' });
    expect(code).toBe(65);
    expect(stderr).toContain('engage: stdin:1: no customer_id column, needed to tell customers apart');
    expect(stderr).toContain('"customerid"');
  });

  it('churn --model subscription reads start and cancel events, with MRR columns', async () => {
    const { code, stdout } = await engage(['churn', 'fixtures/subscriptions.csv', '--model', 'subscription']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      'period,partial,customers_at_start,new,started_and_ended,churned,churn_rate,retention_rate,mrr_at_start,new_mrr,churned_mrr,contraction_mrr,expansion_mrr,gross_mrr_churn,net_mrr_churn',
    );
    expect(csvRows(stdout).at(-1)).toMatchObject({ period: 'all', customers_at_start: '6', churned: '2', gross_mrr_churn: '0.4', net_mrr_churn: '0.3' });
  });
});

describe('the real Online Retail log (UCI, 541,909 invoice lines)', () => {
  // Checked independently with Python's csv module over the same gzip file:
  // rows kept when InvoiceNo does not start with C and CustomerID is not blank
  // (397,924); distinct customers, distinct invoices per customer and month
  // (InvoiceDate[:7]); churn as set differences of monthly customer sets.
  it('needs customers: blank CustomerID rows stop the run until the user filters them', async () => {
    const { code, stderr } = await engage(['repeat', RETAIL]);
    expect(code).toBe(65);
    expect(stderr).toContain('135080 rows with a blank "CustomerID"');
  });

  it('repeat rate, overall and by month', async () => {
    const { code, stdout, stderr } = await engage(['repeat', RETAIL, ...RETAIL_FILTER, '--period', 'month']);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('143985 rows left out by --where');
    const rows = csvRows(stdout);
    expect(rows[0]).toMatchObject({ period: '2010-12', customers: '885', repeat_customers: '263' });
    expect(rows[11]).toMatchObject({ period: '2011-11', customers: '1665', repeat_customers: '540' });
    expect(rows[12]).toMatchObject({ period: '2011-12', partial: 'true', customers: '615', repeat_customers: '106' });
    expect(rows[13]).toMatchObject({ period: 'all', customers: '4339', repeat_customers: '2845', orders: '18536' });
    expect(Number(rows[13].repeat_rate)).toBeCloseTo(2845 / 4339, 15);
  });

  it('revenue from Quantity × UnitPrice with --map amount="Quantity*UnitPrice"', async () => {
    // Σ Quantity × UnitPrice over the kept rows is 8,911,407.904 exactly (Python, with Decimal).
    const { stdout } = await engage(['repeat', RETAIL, ...RETAIL_FILTER, '--map', 'amount=Quantity*UnitPrice']);
    const row = csvRows(stdout)[0];
    expect(Number(row.revenue)).toBeCloseTo(8911407.904, 6);
    expect(Number(row.revenue_per_customer)).toBeCloseTo(2053.793017746024, 8);
  });

  it('churn and retention by month', async () => {
    const churn = csvRows((await engage(['churn', RETAIL, ...RETAIL_FILTER])).stdout);
    expect(churn[1]).toMatchObject({ period: '2011-01', active: '741', new: '417', churned: '561' });
    expect(Number(churn[1].churn_rate)).toBeCloseTo(561 / 885, 15);
    expect(churn[12]).toMatchObject({ period: '2011-12', partial: 'true', active: '615', churned: '1294' });
    const retention = csvRows((await engage(['retention', RETAIL, ...RETAIL_FILTER])).stdout);
    expect(retention[0]).toMatchObject({ cohort: '2010-12', customers: '885', offset_0: '1' });
    expect(Number(retention[0].offset_1)).toBeCloseTo(324 / 885, 15);
    expect(Number(retention[0].offset_3)).toBeCloseTo(0.384180790960452, 15);
    expect(retention[1]).toMatchObject({ cohort: '2011-01', customers: '417' });
    expect(Number(retention[1].offset_1)).toBeCloseTo(0.22062350119904076, 15);
  });
});

describe('engage stickiness, lifecycle and funnel from the command line', () => {
  it.each([
    [['stickiness', ORDERS], 'month,partial,mau,mean_dau,dau_mau,mean_wau,wau_mau,mean_active_days'],
    [['stickiness', ORDERS, '--distribution'], 'month,partial,active_days,customers,share'],
    [['lifecycle', ORDERS], 'period,partial,active,new,returning,resurrecting,dormant,quick_ratio'],
    [['funnel', 'fixtures/funnel.csv', '--steps', 'view,cart,purchase', '--window', '7d'], 'step,event,customers,conversion_from_previous,conversion_from_first,median_hours_from_previous'],
  ])('%s writes stable CSV columns', async (args, header) => {
    const csv = await engage(args);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe(header);
  });

  it('funnel needs --steps', async () => {
    const { code, stderr } = await engage(['funnel', 'fixtures/funnel.csv']);
    expect(code).toBe(2);
    expect(stderr).toContain("required option '--steps <a,b,c>' not specified");
  });

  it('--compare previous on rate shows rates in percentage points in a table', async () => {
    const { stdout } = await engage(['rate', 'fixtures/posts.csv', '--by', 'reach', '--period', 'month', '--compare', 'previous', '-f', 'table']);
    // February's pooled rate 12.87% against January's 13.54%.
    expect(stdout).toMatch(/│ 2026-02 .* −0\.67 pp │/);
    const csv = csvRows((await engage(['rate', 'fixtures/posts.csv', '--by', 'reach', '--period', 'month', '--compare', 'previous'])).stdout);
    expect(Number(csv[1].pooled_rate_change)).toBeCloseTo(3184 / 24740 - 3893 / 28750, 15);
    expect(Number(csv[1].posts_change)).toBeCloseTo(-1 / 8, 15);
  });
});
