import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRows, engage, engageProcess, ROOT, tempDir } from '../helpers/cli.js';

describe('--fail-if on a metric command', () => {
  it('writes the output all the same, then exits 1 naming the check and the value', async () => {
    const dir = tempDir();
    const out = join(dir, 'rates.csv');
    const { code, stderr } = await engage(['rate', 'fixtures/posts.csv', '-o', out, '--fail-if', 'pooled_rate < 0.08', '--fail-if', 'posts < 10']);
    expect(code).toBe(1);
    expect(csvRows(readFileSync(out, 'utf8'))[0].posts).toBe('20');
    // 11,970 / 159,380 (see rate-cli.test.ts) is below 0.08; 20 posts are not below 10.
    expect(stderr).toContain('engage: check failed: pooled_rate < 0.08 (overall: pooled_rate = 0.07510352616388505)');
    expect(stderr).not.toContain('posts < 10');
  });

  it('--fail-if-any checks every row', async () => {
    const { code, stderr } = await engage(['rate', 'fixtures/posts.csv', '--group-by', 'platform', '--fail-if', 'pooled_rate < 0.02', '--fail-if-any', '--quiet']);
    expect(code).toBe(1);
    // Facebook: 496 / 44,800.
    expect(stderr).toBe(`engage: check failed: pooled_rate < 0.02 (facebook: pooled_rate = ${496 / 44800})\n`);
  });

  it('passes quietly with exit 0', async () => {
    const { code, stderr } = await engage(['nps', 'fixtures/answers.csv', '--fail-if', 'nps < 0', '-q']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('an unknown column is a usage error that lists the columns, and nothing is written', async () => {
    const dir = tempDir();
    const out = join(dir, 'churn.csv');
    const { code, stderr } = await engage(['churn', 'fixtures/orders.csv', '-o', out, '--fail-if', 'churn < 0.5']);
    expect(code).toBe(2);
    expect(stderr).toContain('engage churn has no numeric column "churn"');
    expect(stderr).toContain('its columns: active, new, returning, active_before, churned, churn_rate, retention_rate');
    expect(existsSync(out)).toBe(false);
  });
});

describe('engage report', () => {
  it('runs the example config against the bundled fixtures', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    const { code, stdout, stderr } = engageProcess(['report', 'examples/engage.config.json'], { cwd: dir });
    expect(code, stderr).toBe(0);
    expect(stdout.split('\n')[0]).toBe('metric,input,rows,output,checks');
    expect(csvRows(stdout).map((r) => [r.metric, r.checks])).toEqual([
      ['rate', 'passed'],
      ['repeat', 'passed'],
      ['churn', ''],
      ['retention', ''],
      ['nps', 'passed'],
    ]);
    expect(stderr).toContain('input orders (../fixtures/orders.csv): read once for 3 reports');
    for (const file of ['rate.csv', 'repeat.json', 'churn.csv', 'retention.csv', 'nps.csv', 'report.md']) {
      expect(existsSync(join(dir, 'engage-out', file)), file).toBe(true);
    }
    expect(readFileSync(join(dir, 'engage-out', 'report.md'), 'utf8')).toContain('## Net Promoter Score — nps on survey');
  });

  it('--init in fixtures/, then engage report on what it wrote, works without editing', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'fixtures'), dir, { recursive: true });
    const init = engageProcess(['report', '--init'], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    const config = readFileSync(join(dir, 'engage.config.json'), 'utf8');
    expect(config).toContain('"metric":"rate","input":"posts"');
    expect(config).toContain('"metric":"churn","input":"subscriptions","options":{"model":"subscription"');
    expect(config).toContain('"metric":"csat","input":"ratings"');
    const run = engageProcess(['report'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    // Three reports a log: the CDNOW sample and the onboarding test's events are event logs as well; billing.csv is a subscription log.
    expect(config).toContain('"input":"cdnow_sample"');
    expect(config).toContain('"input":"onboarding-events"');
    expect(config).toContain('"input":"billing","options":{"model":"subscription"');
    expect(csvRows(run.stdout).length).toBe(18);
    expect(existsSync(join(dir, 'engage-out', 'report.md'))).toBe(true);
    expect(engageProcess(['report', '--init'], { cwd: dir }).code).toBe(2);
  });

  it('a failed check in a config exits 1 after writing every table', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
    const config = JSON.stringify({
      inputs: { posts: 'fixtures/posts.csv' },
      reports: [{ metric: 'rate', input: 'posts', output: 'out/rate.csv', failIf: ['pooled_rate < 0.5'] }],
    });
    require('node:fs').writeFileSync(join(dir, 'c.json'), config);
    const { code, stderr } = engageProcess(['report', 'c.json'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toContain('check failed: pooled_rate < 0.5 (reports[0] (rate on posts), overall: pooled_rate = 0.07510352616388505)');
    expect(existsSync(join(dir, 'out', 'rate.csv'))).toBe(true);
  });
});

describe('stable machine output', () => {
  // A change here changes what scripts and dashboards read: update the README with it.
  it.each([
    [['rate', 'fixtures/posts.csv', '--period', 'month'], ['period', 'partial', 'posts', 'left_out', 'interactions', 'basis', 'pooled_rate', 'mean_rate', 'median_rate']],
    [['repeat', 'fixtures/orders.csv'], ['customers', 'repeat_customers', 'repeat_rate', 'orders', 'orders_per_customer', 'mean_days_between', 'median_days_between', 'revenue', 'revenue_per_customer']],
    [['nps', 'fixtures/answers.csv'], ['responses', 'promoters', 'passives', 'detractors', 'promoter_share', 'passive_share', 'detractor_share', 'nps', 'margin']],
  ])('%j JSON has the documented shape', async (args, columns) => {
    const doc = JSON.parse((await engage([...args, '--json'])).stdout);
    expect(Object.keys(doc)).toEqual(['command', 'title', 'formula', 'options', 'inputs', 'columns', 'rows', 'notes']);
    expect(doc.columns.map((c: { name: string }) => c.name)).toEqual(columns);
    expect(Object.keys(doc.rows[0])).toEqual(columns);
    expect(Object.keys(doc.inputs[0])).toEqual(['file', 'format', 'encoding', 'rows']);
    expect(typeof doc.formula).toBe('string');
    expect(Array.isArray(doc.notes)).toBe(true);
  });

  it('no colour and no progress with CI=true, even when colour would otherwise be on', async () => {
    const { stdout, stderr } = await engage(['rate', 'fixtures/posts.csv', '-f', 'table'], { env: { NO_COLOR: undefined, CI: 'true' } });
    expect(stdout + stderr).not.toMatch(/\x1b\[/);
  });
});
