import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { csvRows, engage, tempDir } from '../helpers/cli.js';

const ORDERS = 'fixtures/orders.csv';

describe('engage repeat, churn and retention from the command line', () => {
  it.each([
    ['repeat', 'customers,repeat_customers,repeat_rate,orders,orders_per_customer,mean_days_between,median_days_between,revenue,revenue_per_customer'],
    ['churn', 'period,partial,active,new,returning,active_before,churned,churn_rate,retention_rate'],
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

  it('churn --model subscription: an amount column with no amount in it gives MRR columns, empty', async () => {
    const file = `${tempDir()}/subscriptions.csv`;
    writeFileSync(file, 'customer_id,timestamp,event,amount\na,2026-01-01,start,\nb,2026-01-02,start,\na,2026-02-03,cancel,\n');
    const rows = csvRows((await engage(['churn', file, '--model', 'subscription', '--until', '2026-03-01'])).stdout);
    // February starts with a and b; a cancels: 1 of 2. No MRR is known, so none is shown as 0.
    expect(rows[1]).toMatchObject({ period: '2026-02', customers_at_start: '2', churned: '1', churn_rate: '0.5', mrr_at_start: '', gross_mrr_churn: '' });
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

describe('engage stickiness, lifecycle and funnel from the command line', () => {
  it.each([
    [['stickiness', ORDERS], 'month,partial,mau,mean_dau,dau_mau,mean_wau,wau_mau,mean_active_days'],
    [['stickiness', ORDERS, '--distribution'], 'month,partial,active_days,customers,share'],
    [['lifecycle', ORDERS], 'period,partial,active,new,returning,resurrecting,dormant,quick_ratio'],
    [['funnel', 'fixtures/funnel.csv', '--steps', 'view,cart,purchase', '--window', '7d'], 'step,event,customers,conversion_from_previous,conversion_from_first,mean_hours_from_previous,median_hours_from_previous,p90_hours_from_previous,p95_hours_from_previous,mean_hours_from_first,median_hours_from_first,p90_hours_from_first,p95_hours_from_first'],
  ])('%s writes stable CSV columns', async (args, header) => {
    const csv = await engage(args);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe(header);
  });

  it('stickiness of a log without rows, in a zone other than UTC, is an empty table, not a fault', async () => {
    const { code, stdout, stderr } = await engage(['stickiness', '--tz', 'Asia/Tokyo', '--group-by', 'country', '--csv'], { input: 'customer_id,timestamp,country\n' });
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('month,partial,country,mau,mean_dau,dau_mau,mean_wau,wau_mau,mean_active_days\nall,false,all,,,,,,\n');
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
