import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engage, ROOT, tempDir } from '../helpers/cli.js';

function examples(help: string): string[] {
  const block = help.slice(help.indexOf('Examples:'), help.indexOf('Usage:'));
  return block.split('\n').filter((line) => /^\s+(cat .*\| |cd \S+ && )?engage /.test(line)).map((line) => line.trim().split(/\s{2,}/)[0]);
}

describe('help', () => {
  it('engage alone, --help and help all show the commands', () => {
    for (const args of [[], ['--help'], ['help']]) {
      const { code, stdout } = engage(args);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout).toMatch(/Commands:\n\s+rate .*\n[\s\S]*\s+columns /);
    }
  });

  it.each([['rate', '--help'], ['rate', '-h'], ['help', 'rate'], ['columns', '--help'], ['repeat', '--help'], ['churn', '--help'], ['retention', '--help']])('%s %s leads with examples', (...args) => {
    const { code, stdout } = engage(args);
    expect(code).toBe(0);
    expect(stdout.startsWith('Examples:\n  engage ')).toBe(true);
  });

  it.each(['rate', 'columns', 'repeat', 'churn', 'retention', 'stickiness', 'lifecycle', 'funnel', 'nps', 'csat', 'ces', 'report'])('every example of %s runs on the bundled fixtures', (command) => {
    const dir = tempDir();
    // report writes files: its examples run in a copy of the project's fixtures and examples.
    if (command === 'report') for (const folder of ['fixtures', 'examples']) cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
    for (const example of examples(engage([command, '--help']).stdout)) {
      const node = `node ${join(ROOT, 'bin/engage.js')} `;
      const shell = command === 'report' ? example.replace(/\bengage /g, node) : example.replace(/\bengage /g, node).replace(/\bfixtures\//g, `${ROOT}/fixtures/`);
      const result = spawnSync('bash', ['-o', 'pipefail', '-c', shell], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(result.status, `${example}\n${result.stderr}`).toBe(0);
      expect(result.stdout.length + (/ -o | > /.test(example) ? 1 : 0), example).toBeGreaterThan(0);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the version', () => {
    expect(engage(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('engage columns', () => {
  it('shows how each header is understood, what is shadowed and what is missing', () => {
    const { code, stdout } = engage(['columns', 'fixtures/exports/x_content_ja.csv', '--encoding', 'shift_jis']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('position,header,column,via,first_value');
    expect(lines).toContain('2,日付,published_at,alias,2026/03/02 09:30');
    expect(lines).toContain('11,リポスト,,"unused: ""共有された回数"" is shares",37');
    expect(lines).toContain(',,reach,not found,');
  });

  it('shows a --map override', () => {
    const { stdout } = engage(['columns', 'fixtures/posts.csv', '--map', 'shares=saves', '--json']);
    const rows = JSON.parse(stdout).rows;
    expect(rows.find((r: { header: string }) => r.header === 'saves')).toMatchObject({ column: 'shares', via: 'map' });
  });
});

describe('engage columns --kind', () => {
  it('reads an event log as events by itself, and as posts when asked', () => {
    const auto = engage(['columns', 'fixtures/orders.csv', '--csv']);
    expect(auto.stdout).toContain('1,customer_id,customer_id,name,c18');
    const posts = engage(['columns', 'fixtures/orders.csv', '--kind', 'posts', '--csv']);
    expect(posts.stdout).toContain(',,reach,not found,');
  });
});

describe('engage columns of a survey', () => {
  it('reads answers by itself', () => {
    const { stdout } = engage(['columns', 'fixtures/answers.csv', '--csv']);
    expect(stdout).toContain('3,score,score,name,7');
    expect(engage(['columns', 'fixtures/answers.csv', '-f', 'table']).stdout.split('\n')[0]).toBe('Columns of fixtures/answers.csv (csv) read as answers');
  });
});
