import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS, metricNamed } from '../../src/metrics/registry.js';
import { supportsOf } from '../../src/metrics/spec.js';
import { engage, ROOT } from '../helpers/cli.js';

const GOLDEN = join(ROOT, 'test/golden/cases');

function examples(help: string): string[] {
  const block = help.slice(help.indexOf('Examples:'), help.indexOf('Usage:'));
  return block.split('\n').filter((line) => /^\s+(cat .*\| |cd \S+ && )?engage /.test(line)).map((line) => line.trim().split(/\s{2,}/)[0]);
}

describe('help', () => {
  it('engage alone, --help and help all show the commands', async () => {
    for (const args of [[], ['--help'], ['help']]) {
      const { code, stdout } = await engage(args);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout).toMatch(/Commands:\n\s+rate .*\n[\s\S]*\s+columns /);
    }
  });

  it.each([['rate', '--help'], ['rate', '-h'], ['help', 'rate'], ['columns', '--help'], ['repeat', '--help'], ['churn', '--help'], ['retention', '--help']])('%s %s leads with examples', async (...args) => {
    const { code, stdout } = await engage(args);
    expect(code).toBe(0);
    expect(stdout.startsWith('Examples:\n  engage ')).toBe(true);
  });

  // Each example runs as a golden case, its output compared whole. The one
  // example that changes folder (report --init) is run in ci-cli.test.ts.
  it.each(['rate', 'columns', 'repeat', 'churn', 'retention', 'stickiness', 'lifecycle', 'funnel', 'paths', 'trend', 'nps', 'csat', 'ces', 'customers', 'rfm', 'clv', 'experiment', 'mrr', 'growth', 'drivers', 'report'])('every example of %s is a golden case', async (command) => {
    const cases = new Set(readdirSync(GOLDEN).map((name) => readFileSync(join(GOLDEN, name, 'cmd'), 'utf8').trim()));
    const shown = examples((await engage([command, '--help'])).stdout).filter((example) => !example.startsWith('cd '));
    expect(shown.length).toBeGreaterThan(0);
    for (const example of shown) expect(cases.has(example), `no golden case runs: ${example}`).toBe(true);
  });

  // A flag a metric does not support is not registered, so --help never offers it.
  it.each(METRICS.map((spec) => spec.name))('the help of %s offers exactly the flags its spec supports', async (name) => {
    const spec = metricNamed(name)!;
    const help = (await engage([name, '--help'])).stdout;
    const supports = supportsOf(spec);
    expect(help.includes('--period <unit>'), '--period').toBe(supports.period);
    expect(help.includes('--compare <against>'), '--compare').toBe(supports.compare);
    expect(help.includes('--group-by <'), '--group-by').toBe(supports.groupBy);
    for (const flag of Object.keys(spec.refuses ?? {})) expect(help).not.toContain(`${flag} `);
  });

  it('prints the version', async () => {
    expect((await engage(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('engage columns', () => {
  it('shows how each header is understood, what is shadowed and what is missing', async () => {
    const { code, stdout } = await engage(['columns', 'fixtures/exports/x_content_ja.csv', '--encoding', 'shift_jis']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('position,header,column,via,first_values');
    expect(lines).toContain('2,日付,published_at,alias,2026/03/02 09:30 | 2026/03/05 21:00 | 2026/03/10 12:00');
    // X's Shares and Reposts are two interactions, both read (METRICS.md "Interactions of X posts").
    expect(lines).toContain('11,リポスト,reposts,alias,37 | 9 | 3');
    expect(lines).toContain(',,reach,not found,');
  });

  it('shows a --map override', async () => {
    const { stdout } = await engage(['columns', 'fixtures/posts.csv', '--map', 'shares=saves', '--json']);
    const rows = JSON.parse(stdout).rows;
    expect(rows.find((r: { header: string }) => r.header === 'saves')).toMatchObject({ column: 'shares', via: 'map' });
  });
});

describe('engage columns --kind', () => {
  it('reads an event log as events by itself, and as posts when asked', async () => {
    const auto = await engage(['columns', 'fixtures/orders.csv', '--csv']);
    expect(auto.stdout).toContain('1,customer_id,customer_id,name,c18');
    const posts = await engage(['columns', 'fixtures/orders.csv', '--kind', 'posts', '--csv']);
    expect(posts.stdout).toContain(',,reach,not found,');
  });
});

describe('engage columns of a survey', () => {
  it('reads answers by itself', async () => {
    const { stdout } = await engage(['columns', 'fixtures/answers.csv', '--csv']);
    expect(stdout).toContain('3,score,score,name,7');
    expect((await engage(['columns', 'fixtures/answers.csv', '-f', 'table'])).stdout.split('\n')[0]).toBe('Columns of fixtures/answers.csv (csv) read as answers');
  });
});
