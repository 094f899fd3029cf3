import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCounts } from '../../src/io/read.js';
import { loadConfig } from '../../src/report/config.js';
import { runReport } from '../../src/report/run-report.js';
import { failure } from '../helpers/rate.js';

function configFile(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'engage-report-'));
  const path = join(dir, 'engage.config.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

const orders = resolve('fixtures/orders.csv');

describe('engage.config.json validation', () => {
  it.each([
    [{ inputs: { o: orders }, reports: [{ metric: 'rate', input: 'o', outptu: 'x.csv' }] }, 'reports[0]: Unrecognized key: "outptu"'],
    [{ inputs: { o: orders }, reports: [{ metric: 'revenue', input: 'o' }] }, 'reports[0].metric: Invalid option: expected one of "rate"|"repeat"'],
    [{ inputs: { o: orders }, reports: [{ metric: 'churn', input: 'o', options: { period: 'fortnight' } }] }, 'reports[0].options.period: Invalid option: expected one of "day"|"week"|"month"|"quarter"|"year"'],
    [{ inputs: { o: orders }, reports: [{ metric: 'churn', input: 'o', options: { groupby: ['country'] } }] }, 'reports[0].options: Unrecognized key: "groupby"'],
    [{ inputs: { o: orders }, reports: [{ metric: 'churn', input: 'orders' }] }, 'reports[0].input: "orders" is not one of the inputs (o)'],
    [{ inputs: { o: orders }, reports: [{ metric: 'churn', input: 'o', failIf: ['churn high'] }] }, 'reports[0].failIf[0]: --fail-if "churn high" is not of the form COLUMN OP NUMBER'],
    [{ inputs: { o: orders }, reports: [] }, 'reports: Too small'],
  ])('reports %j with its path', async (config, expected) => {
    const error = await failure(loadConfig(configFile(config)));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('is not a valid engage config');
    expect(error.hints?.join('\n')).toContain(expected);
  });

  it('allows whole-line // comments, and says where a JSON error is', async () => {
    const ok = await loadConfig(configFile(`// a comment\n{"inputs": {"o": ${JSON.stringify(orders)}},\n  // another\n "reports": [{"metric": "churn", "input": "o"}]}`));
    expect(ok.config.reports[0].metric).toBe('churn');
    const broken = await failure(loadConfig(configFile('{"inputs": {')));
    expect(broken.message).toContain('is not valid JSON');
    expect((await failure(loadConfig('/nonexistent/engage.config.json'))).exitCode).toBe(66);
  });
});

describe('engage report', () => {
  it('reads an input once for several metrics and writes each table and the Markdown report', async () => {
    const path = configFile({
      inputs: { orders },
      reports: [
        { metric: 'repeat', input: 'orders', output: 'out/repeat.csv', failIf: ['repeat_rate < 0.9'] },
        { metric: 'churn', input: 'orders', options: { period: 'month' }, output: 'out/churn.json' },
        { metric: 'retention', input: 'orders', options: { period: 'month', counts: true } },
      ],
      markdown: 'out/report.md',
    });
    const before = readCounts.get(orders) ?? 0;
    const result = await runReport(await loadConfig(path), { stdin: Readable.from([]) });
    expect((readCounts.get(orders) ?? 0) - before).toBe(1);
    expect(result.notes).toContain(`input orders (${orders}): read once for 3 reports`);
    const dir = resolve(path, '..');
    // orders.csv: 18 customers with purchases, 9 of them with two or more orders, 29 orders (counted with Python).
    const repeat = readFileSync(join(dir, 'out/repeat.csv'), 'utf8').split('\n');
    expect(repeat[0]).toBe('customers,repeat_customers,repeat_rate,orders,orders_per_customer,mean_days_between,median_days_between,revenue,revenue_per_customer');
    expect(repeat[1]).toMatch(/^18,9,0\.5,29,/);
    expect(JSON.parse(readFileSync(join(dir, 'out/churn.json'), 'utf8')).command).toBe('churn');
    const markdown = readFileSync(join(dir, 'out/report.md'), 'utf8');
    expect(markdown).toContain('# engage report');
    expect(markdown).toContain('- repeat on orders: fail if `repeat_rate < 0.9` — ❌ failed (overall: 0.5)');
    expect(markdown).toContain('## Cohort retention — retention on orders');
    expect(markdown).toContain('| cohort | customers | offset_0 |');
    // The failed check is reported, but only after every table was written.
    expect(result.outcomes[0].failures.map((f) => f.actual)).toEqual([0.5]);
  });

  it("reads growth's --posts beside its input, from the config's folder", async () => {
    const path = configFile({ inputs: { daily: resolve('fixtures/exports/account_daily.csv') }, reports: [{ metric: 'growth', input: 'daily', options: { posts: 'account_posts.csv', until: '2026-04-01' } }] });
    writeFileSync(join(resolve(path, '..'), 'account_posts.csv'), readFileSync('fixtures/exports/account_posts.csv'));
    const result = await runReport(await loadConfig(path), { stdin: Readable.from([]) });
    const rows = result.outcomes[0].doc.table.rows;
    // tiktok's posts p6 (65 / 500) and p7 (62 / 620) in February, as on the command line.
    const february = rows.find((row) => row[0] === '2026-02' && row[2] === 'tiktok')!;
    expect(february.slice(9, 11)).toEqual([2, 127]);
  });

  it('names the report when a metric cannot read its input', async () => {
    const path = configFile({ inputs: { posts: resolve('fixtures/posts.csv') }, reports: [{ metric: 'churn', input: 'posts' }] });
    const error = await failure(runReport(await loadConfig(path), { stdin: Readable.from([]) }));
    expect(error.exitCode).toBe(65);
    expect(error.message).toMatch(/^reports\[0\] \(churn on posts\): .*posts\.csv:1: no customer_id column/);
  });
});
