import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { csvRows, engage, tempDir } from '../helpers/cli.js';

// Figures for fixtures/posts.csv were worked out with awk, independently of engage:
// awk -F, 'NR>1 { i=$7+$8+$9+$10; I[$3]+=i; F[$3]+=$4 } …' fixtures/posts.csv
const POSTS = 'fixtures/posts.csv';

describe('engage rate: inputs', () => {
  it('writes CSV to a pipe by default, with the formula on stderr', async () => {
    const { code, stdout, stderr } = await engage(['rate', POSTS]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('posts,left_out,interactions,basis,pooled_rate,mean_rate,median_rate');
    expect(csvRows(stdout)[0]).toMatchObject({ posts: '20', left_out: '0', interactions: '11970', basis: '159380' });
    expect(Number(csvRows(stdout)[0].pooled_rate)).toBeCloseTo(11970 / 159380, 15);
    expect(stderr).toContain('rate = (likes + comments + shares + saves) / followers');
  });

  it('groups by platform with the overall row last', async () => {
    const rows = csvRows((await engage(['rate', POSTS, '--group-by', 'platform'])).stdout);
    expect(rows.map((r) => r.platform)).toEqual(['facebook', 'instagram', 'linkedin', 'tiktok', 'x', 'all']);
    expect(rows[1]).toMatchObject({ posts: '5', interactions: '3784', basis: '63060' });
    expect(Number(rows[3].pooled_rate)).toBeCloseTo(6844 / 23460, 15);
  });

  it('reads several files as one data set', async () => {
    const one = csvRows((await engage(['rate', POSTS])).stdout)[0];
    const two = csvRows((await engage(['rate', POSTS, POSTS])).stdout)[0];
    expect(Number(two.posts)).toBe(2 * Number(one.posts));
    expect(two.pooled_rate).toBe(one.pooled_rate);
  });

  it('reads stdin, with "-" or with no file at all', async () => {
    const input = readFileSync(join('fixtures', 'posts.csv'));
    const dash = await engage(['rate', '-'], { input });
    const none = await engage(['rate'], { input });
    expect(dash.code).toBe(0);
    expect(csvRows(dash.stdout)[0].interactions).toBe('11970');
    expect(none.stdout).toBe(dash.stdout);
  });

  it('reads JSON, NDJSON and gzip files, and gzip on stdin', async () => {
    const dir = tempDir();
    const rows = [
      { post_id: 'a', reach: 200, likes: 15, comments: 5 },
      { post_id: 'b', reach: 400, likes: 30, comments: 10 },
    ];
    writeFileSync(join(dir, 'p.json'), JSON.stringify(rows, null, 2));
    writeFileSync(join(dir, 'p.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n'));
    writeFileSync(join(dir, 'p.csv.gz'), gzipSync('post_id,reach,likes,comments\na,200,15,5\nb,400,30,10\n'));
    for (const file of ['p.json', 'p.ndjson', 'p.csv.gz']) {
      const result = await engage(['rate', join(dir, file)]);
      expect(result.code, file).toBe(0);
      expect(csvRows(result.stdout)[0], file).toMatchObject({ posts: '2', interactions: '60', basis: '600', pooled_rate: '0.1' });
    }
    const piped = await engage(['rate'], { input: gzipSync(JSON.stringify(rows)) });
    expect(csvRows(piped.stdout)[0].pooled_rate).toBe('0.1');
  });

  it('reads a Shift_JIS export with --encoding, and a UTF-16LE one by its BOM', async () => {
    // x_content_ja.csv: (いいね + 返信 + 共有された回数 + ブックマーク) / インプレッション数
    // = (156+18+4+21) + (64+42+1+5) + (12+2+0+0) = 325 over 7420 + 3980 + 1210 = 12610.
    const ja = await engage(['rate', 'fixtures/exports/x_content_ja.csv', '--encoding', 'shift_jis']);
    expect(ja.code).toBe(0);
    // いいね + 返信 + 共有された回数 + ブックマーク + リポスト over the three posts, summed with Python: 374.
    expect(csvRows(ja.stdout)[0]).toMatchObject({ posts: '3', interactions: '374', basis: '12610' });
    expect(ja.stderr).toContain('rate = (likes + comments + shares + reposts + saves) / impressions');
    // meta_instagram_posts.csv: (486+41+22+77) + (1204+88+96+210) = 2224 over 4120 + 9650 reach.
    const ig = await engage(['rate', 'fixtures/exports/meta_instagram_posts.csv']);
    expect(csvRows(ig.stdout)[0]).toMatchObject({ posts: '2', interactions: '2224', basis: '13770' });
  });

  it('handles the quirks of native exports and says what it skipped', async () => {
    const legacy = await engage(['rate', 'fixtures/exports/facebook_insights_legacy.csv']);
    expect(csvRows(legacy.stdout)[0]).toMatchObject({ posts: '2', interactions: '259', basis: '4745' });
    expect(legacy.stderr).toContain('column-description row under the header (as Meta exports write) skipped (at fixtures/exports/facebook_insights_legacy.csv:2)');
    const youtube = await engage(['rate', 'fixtures/exports/youtube_table_data.csv', '--by', 'views']);
    expect(csvRows(youtube.stdout)[0]).toMatchObject({ posts: '2', interactions: '1148', basis: '16400' });
    expect(youtube.stderr).toContain('Total row under the header');
  });

  it('states each formula when files differ in their columns', async () => {
    const { stderr } = await engage(['rate', 'fixtures/exports/x_tweet_activity.csv', 'fixtures/exports/tiktok_posts.csv']);
    expect(stderr).toContain('fixtures/exports/x_tweet_activity.csv: rate = (likes + comments + reposts) / impressions');
    expect(stderr).toContain('fixtures/exports/tiktok_posts.csv: rate = (likes + comments + shares + saves) / views');
  });
});

describe('engage rate: the real Facebook metrics export', () => {
  // Checked independently: awk over the ;-separated file (sums per Type, Σ(i/r)/n) and
  // Python's statistics.median for the medians; the file's own "Total Interactions"
  // column also sums to 106,060 = Σ comment + like + share.
  it('matches the independent count by Type', async () => {
    const { code, stdout, stderr } = await engage([
      'rate', 'fixtures/real/facebook_metrics.csv', '--by', 'reach', '--interactions', 'comment,like,share', '--group-by', 'Type',
    ]);
    expect(code).toBe(0);
    const rows = csvRows(stdout);
    expect(rows.map((r) => [r.type, r.posts, r.interactions, r.basis])).toEqual([
      ['Link', '22', '1959', '407981'],
      ['Photo', '426', '92263', '5596709'],
      ['Status', '45', '9767', '588550'],
      ['Video', '7', '2071', '358440'],
      ['all', '500', '106060', '6951680'],
    ]);
    expect(Number(rows[4].pooled_rate)).toBeCloseTo(0.015256743693610754, 15);
    expect(Number(rows[4].mean_rate)).toBeCloseTo(0.024071, 6);
    expect(Number(rows[1].mean_rate)).toBeCloseTo(0.026060, 6);
    expect(Number(rows[4].median_rate)).toBeCloseTo(0.02123419452620591, 15);
    expect(Number(rows[3].median_rate)).toBeCloseTo(0.005458081930771673, 15);
    expect(stderr).toContain('1 blank "like" cell counted as 0 (at fixtures/real/facebook_metrics.csv:113)');
    expect(stderr).toContain('4 blank "share" cells counted as 0');
  });
});

describe('engage rate: outputs', () => {
  it('renders a table with percentages, a caption and the partial mark', async () => {
    const { stdout } = await engage(['rate', POSTS, '--by', 'reach', '--period', 'month', '--tz', 'Asia/Tokyo', '--format', 'table']);
    expect(stdout).not.toMatch(/\x1b\[/);
    expect(stdout.split('\n')[0]).toBe('Engagement rate');
    expect(stdout).toContain('rate = (likes + comments + shares + saves) / reach');
    expect(stdout).toMatch(/│ 2026-03\* +│/);
    expect(stdout).toContain('* partial period');
    expect(stdout).toMatch(/│ all +│ +20 │ +5 │ +11,374 │ +83,860 │ +13\.56% │/);
  });

  it('shows undefined rates as a dash in tables and as empty CSV cells', async () => {
    const input = 'platform,reach,likes\nx,,5\nig,100,5\n';
    const table = await engage(['rate', '--group-by', 'platform', '-f', 'table'], { input });
    expect(table.stdout).toMatch(/│ x +│ +1 │ +1 │ +0 │ +0 │ +— │ +— │ +— │/);
    const csv = await engage(['rate', '--group-by', 'platform'], { input });
    expect(csv.stdout.split('\n')[2]).toBe('x,1,1,0,0,,,');
  });

  it('writes JSON with the formula, options, inputs and notes', async () => {
    const { stdout } = await engage(['rate', POSTS, '--json', '--by', 'reach']);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['command', 'title', 'formula', 'options', 'inputs', 'columns', 'rows', 'notes']);
    expect(doc.inputs).toEqual([{ file: POSTS, format: 'csv', encoding: 'utf-8', rows: 20 }]);
    expect(doc.options.by).toBe('reach');
    expect(doc.rows[0].pooled_rate).toBeCloseTo(11374 / 83860, 15);
    expect(doc.notes).toContain('1 post with zero reach was left out of the rates');
  });

  it('writes NDJSON and Markdown', async () => {
    const ndjson = (await engage(['rate', POSTS, '--group-by', 'platform', '-f', 'ndjson'])).stdout.trimEnd().split('\n');
    expect(ndjson).toHaveLength(6);
    expect(JSON.parse(ndjson[5])).toMatchObject({ platform: 'all', posts: 20 });
    const markdown = (await engage(['rate', POSTS, '--group-by', 'platform', '-f', 'markdown'])).stdout;
    expect(markdown).toContain('| platform | posts | left_out | interactions | basis | pooled_rate | mean_rate | median_rate |');
    expect(markdown).toContain('| --- | ---: |');
    expect(markdown).toContain('| **all** | **20** | **0** | **11,970** | **159,380** | **7.51%** |');
  });

  it('writes -o files atomically, in the format of their extension', async () => {
    const dir = tempDir();
    const out = join(dir, 'rates.json');
    const result = await engage(['rate', POSTS, '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).rows[0].posts).toBe(20);
    expect(readdirSync(dir)).toEqual(['rates.json']);
  });

  it('leaves an existing output file alone when the run fails', async () => {
    const dir = tempDir();
    const out = join(dir, 'rates.csv');
    writeFileSync(out, 'old\n');
    const result = await engage(['rate', '-o', out], { input: 'reach,likes\n100,oops\n' });
    expect(result.code).toBe(65);
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['rates.csv']);
  });

  it('--bom starts CSV with a UTF-8 byte order mark', async () => {
    const { stdout } = await engage(['rate', POSTS, '--csv', '--bom']);
    expect(stdout.startsWith('\uFEFFposts,')).toBe(true);
  });

  it('colours a table only when asked or on a terminal, never with NO_COLOR', async () => {
    const forced = await engage(['rate', POSTS, '-f', 'table'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[1m/);
    const noColor = await engage(['rate', POSTS, '-f', 'table', '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(/\x1b\[/);
    const csv = await engage(['rate', POSTS], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(csv.stdout).not.toMatch(/\x1b\[/);
  });

  it('--quiet keeps notes off stderr', async () => {
    const { stderr, code } = await engage(['rate', POSTS, '--by', 'reach', '--quiet']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('ends quietly with 0 when the reader of a pipe goes away', async () => {
    const dir = tempDir();
    const big = join(dir, 'big.csv');
    const lines = ['post_id,reach,likes'];
    for (let i = 0; i < 200_000; i++) lines.push(`p${i},${100 + (i % 50)},${i % 13}`);
    writeFileSync(big, `${lines.join('\n')}\n`);
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', `node bin/engage.js rate ${big} --per-post | head -n 1`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stdout).toBe('post_id,published_at,platform,interactions,basis,rate\n');
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('EPIPE');
    // The notes too go to the reader that left (2>&1): no stack trace for them either.
    const both = spawnSync('bash', ['-o', 'pipefail', '-c', `node bin/engage.js rate ${big} --per-post 2>&1 | head -n 1`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(both.stdout).toBe('post_id,published_at,platform,interactions,basis,rate\n');
    expect(both.status).toBe(0);
    expect(both.stderr).not.toContain('EPIPE');
  });
});

describe('engage rate: errors and exit codes', () => {
  it('66 for a missing file, without a stack trace', async () => {
    const { code, stderr, stdout } = await engage(['rate', 'nope.csv']);
    expect(code).toBe(66);
    expect(stdout).toBe('');
    expect(stderr).toBe('engage: cannot read nope.csv: no such file\n');
  });

  it('65 for a bad cell, naming file, line, column and value', async () => {
    const dir = tempDir();
    const file = join(dir, 'posts.csv');
    writeFileSync(file, 'post_id,reach,likes\na,100,5\nb,1e400,5\n');
    const { code, stderr } = await engage(['rate', file]);
    expect(code).toBe(65);
    expect(stderr).toContain(`engage: 1 row with a bad "reach" value: expected a count`);
    expect(stderr).toContain(`the first was "1e400" (at ${file}:3)`);
    expect(stderr).toContain('--skip-invalid');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('65 for a missing column, reported from the header with accepted names', async () => {
    const { code, stderr } = await engage(['rate'], { input: 'post_id,likes\na,5\n' });
    expect(code).toBe(65);
    expect(stderr).toContain('engage: stdin:1: no reach column');
    expect(stderr).toContain('accepted headers: "reach", "lifetime post total reach"');
  });

  it('2 for usage errors, with the nearest name suggested', async () => {
    const flag = await engage(['rate', POSTS, '--per-pots']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--per-pots'");
    expect(flag.stderr).toContain('--per-post');
    const command = await engage(['rat', POSTS]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('(Did you mean rate?)');
    expect((await engage(['rate', POSTS, '--period', 'fortnight'])).code).toBe(2);
    expect((await engage(['rate', POSTS, '--top', '0'])).code).toBe(2);
    expect((await engage(['rate', POSTS, '--json', '--csv'])).code).toBe(2);
    const map = await engage(['rate', POSTS, '--map', 'lieks=Likes']);
    expect(map.code).toBe(2);
    expect(map.stderr).toContain('"lieks" is not a column engage knows');
  });

  it('74 when the output cannot be written', async () => {
    const { code, stderr } = await engage(['rate', POSTS, '-o', '/nonexistent-folder/out.csv']);
    expect(code).toBe(74);
    expect(stderr).toContain('cannot write /nonexistent-folder/out.csv: its folder does not exist');
  });

  it('130 on Ctrl-C, leaving no output file behind', async () => {
    const { spawn } = await import('node:child_process');
    const dir = tempDir();
    const out = join(dir, 'out.csv');
    const child = spawn(process.execPath, ['bin/engage.js', 'rate', '-', '-o', out], { env: { ...process.env, NO_COLOR: '1' } });
    child.stdin.write('post_id,reach,likes\n');
    // Give the process time to start and install its handler, even on a loaded machine.
    await new Promise((ok) => setTimeout(ok, 2000));
    child.kill('SIGINT');
    const code = await new Promise((ok) => child.on('exit', (c) => ok(c)));
    expect(code).toBe(130);
    expect(existsSync(out)).toBe(false);
  });

  it('--debug adds the stack trace', async () => {
    const { stderr } = await engage(['rate', 'nope.csv', '--debug']);
    expect(stderr).toMatch(/\n\s+at /);
  });
});
